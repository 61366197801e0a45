// The feed page: a live subscription that refreshes the feed fragment (notify, then fetch).
import { connect } from './baton-client.js';

const list = document.getElementById('updates');
const status = document.getElementById('connection');
const labels = { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' };

// Every htmx request carries the CSRF token of the page.
const csrf = document.querySelector('meta[name="csrf-token"]').content;
document.body.addEventListener('htmx:configRequest', (event) => { event.detail.headers['X-CSRF-TOKEN'] = csrf; });

// A burst of events becomes one fetch: the first schedules it, the rest find it pending.
let pending = null;
function refresh() {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    // as many as the page shows, so that pages loaded with "Load older" stay
    const shown = list.querySelectorAll(':scope > li[data-update-id]').length;
    const pageSize = Number(list.dataset.pageSize);
    list.setAttribute('hx-vals', JSON.stringify({ limit: Math.min(Number(list.dataset.maxPageSize), shown + pageSize) }));
    htmx.trigger(list, 'baton:refresh');
  }, 30);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
function showRelativeTimes(root = document) {
  const now = Date.now();
  for (const time of root.querySelectorAll('time[datetime]')) {
    const seconds = Math.round((Date.parse(time.dateTime) - now) / 1000);
    const [value, unit] = Math.abs(seconds) < 60 ? [seconds, 'second']
      : Math.abs(seconds) < 3600 ? [Math.round(seconds / 60), 'minute']
      : Math.abs(seconds) < 86400 ? [Math.round(seconds / 3600), 'hour']
      : [Math.round(seconds / 86400), 'day'];
    time.textContent = relative.format(value, unit);
    time.title = new Date(time.dateTime).toLocaleString();
  }
}
showRelativeTimes();
setInterval(showRelativeTimes, 60_000);
document.body.addEventListener('htmx:afterSwap', (event) => showRelativeTimes(event.detail.target));

connect({
  channels: list.dataset.channels ? [list.dataset.channels] : [],
  since: list.dataset.since,
  onEvent: refresh,   // a resync refetches the feed too, which is everything the page shows
  onStatus: (state, transport) => {
    status.dataset.connectionStatus = state;
    status.dataset.transport = transport;
    status.textContent = labels[state];
  },
});

// A page that was hidden may have been throttled: bring it up to date when it is seen again.
document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
