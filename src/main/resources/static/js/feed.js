// The feed page: a live subscription whose events carry each changed update as the feed's
// rendered item, applied in place by data-update-id, with no request per event; only a resync
// refetches the feed fragment. The compose and edit forms send over that WebSocket while it is
// live and as htmx form posts otherwise; either way field errors appear next to their field, and
// the post reaches the page as an event like every other.
import { connect } from './baton-client.js';

const list = document.getElementById('updates');
const status = document.getElementById('connection');
const labels = { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline', 'signed-out': 'Signed out: reload to sign in' };

// Every htmx request carries the CSRF token of the page.
const csrf = document.querySelector('meta[name="csrf-token"]').content;
document.body.addEventListener('htmx:configRequest', (event) => { event.detail.headers['X-CSRF-TOKEN'] = csrf; });

// A resync refetches everything the page shows. The fetch names the newest seq the page was told
// of: the instance it reaches may not have it yet.
let pending = null;
let seen = null;
function refresh(event) {
  if (typeof event?.seq === 'number') seen = Math.max(seen ?? 0, event.seq);
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    // as many as the page shows, so that pages loaded with "Load older" stay
    const shown = list.querySelectorAll(':scope > li[data-update-id]').length;
    const pageSize = Number(list.dataset.pageSize);
    const vals = { limit: Math.min(Number(list.dataset.maxPageSize), shown + pageSize) };
    if (seen !== null) vals.seq = seen;
    list.setAttribute('hx-vals', JSON.stringify(vals));
    htmx.trigger(list, 'baton:refresh');
  }, 30);
}

// Each event applied as it comes: a created update inserted in order, an edited one replaced, a
// deleted one removed. Applying an event twice (a replay after a reconnect) changes nothing.
function apply(event) {
  if (event.type === 'resync') {
    recent.length = 0;   // what came before it is older than the feed about to be fetched
    refresh(event);
    return;
  }
  recent.push(event);
  if (recent.length > RECENT) recent.shift();
  applied(event);
}

function applied(event) {
  const current = list.querySelector(`:scope > li[data-update-id="${event.update_id}"]`);
  if (event.action === 'deleted') { current?.remove(); return; }
  if (!event.html) return;   // deleted since it was read: its own event follows
  const template = document.createElement('template');
  template.innerHTML = event.html;
  const item = template.content.firstElementChild;
  if (current) replace(current, item);
  else if (event.action === 'created') insert(item);
}

// What the server swaps into the list (a refetched feed, "Load older", an edit sent over HTTP)
// was read when its request arrived: the events applied since are applied again after it.
const RECENT = 200;
const recent = [];
document.body.addEventListener('htmx:afterSwap', (event) => {
  if (!event.detail.requestConfig?.path?.endsWith('/delete')) recent.forEach(applied);
});
// a refetch that failed (or gave way to another request) is tried again
list.addEventListener('htmx:afterRequest', (event) => {
  if (event.detail.elt === list && !event.detail.successful) setTimeout(refresh, 2000);
});

// An item whose Edit form is open keeps it while someone may be typing: the newer item shows
// once the form closes. An older item than the one shown (a replay, an event that crossed an
// edit sent over HTTP) is not shown.
const waiting = new WeakMap();
function replace(current, item) {
  if (Date.parse(item.dataset.version) < Date.parse(current.dataset.version)) return;
  if (current.querySelector('details.edit[open]')) { waiting.set(current, item); return; }
  current.replaceWith(item);
  show(item);
}
// Opening Edit fetches its form with the update as it is then (the item does not carry it),
// unless the form is there already: one being typed in, or sent back with an error.
list.addEventListener('toggle', (event) => {
  const details = event.target;
  if (!details.matches('details.edit')) return;
  if (details.open) {
    if (!details.querySelector('form')) htmx.trigger(details, 'baton:edit');
    return;
  }
  const current = details.closest('li[data-update-id]');
  const newer = waiting.get(current);
  if (newer) { waiting.delete(current); replace(current, newer); }
}, true);   // toggle does not bubble
// one the viewer may not change, or that is gone: nothing to edit
list.addEventListener('htmx:responseError', (event) => {
  if (event.detail.elt.matches?.('details.edit')) event.detail.elt.open = false;
});

// Newest first. One older than every item shown, above "Load older", arrives with that page.
function insert(item) {
  const id = Number(item.dataset.updateId);
  const next = [...list.querySelectorAll(':scope > li[data-update-id]')].find((li) => Number(li.dataset.updateId) < id);
  if (next) next.before(item);
  else if (list.querySelector(':scope > li.older')) return;
  else list.append(item);
  list.querySelector(':scope > li.empty')?.remove();
  show(item);
}

// a pushed item works as a loaded one: its Edit and Delete are htmx's, its time relative
function show(item) {
  htmx.process(item);
  showRelativeTimes(item);
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
// on whatever htmx inserts, as it inserts it: a refreshed feed, and "Load older" items, which
// replace their button's item (an afterSwap target that has already left the page)
htmx.onLoad((inserted) => showRelativeTimes(inserted));

const subscription = connect({
  channels: list.dataset.channels ? [list.dataset.channels] : [],
  since: list.dataset.since,
  include: ['html'],
  onEvent: apply,
  onStatus: (state, transport) => {
    status.dataset.connectionStatus = state;
    status.dataset.transport = transport;
    status.textContent = labels[state];
  },
});

// A form sent over the socket is not sent again by htmx; one that cannot be is left to htmx.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const editing = form.closest('li[data-update-id]');
  if (form.dataset.overHttp) { delete form.dataset.overHttp; return; }
  if (!subscription.live || !(form.id === 'new-update' || editing)) return;
  event.preventDefault();
  event.stopPropagation();
  const fields = Object.fromEntries(new FormData(form));
  const sent = editing ? subscription.edit(Number(editing.dataset.updateId), { title: fields.title, body: fields.body })
    : subscription.post({ channel: fields.channel, title: fields.title, body: fields.body });
  clearErrors(form);
  sent.then(() => {
    // closed, the item shows the edit as soon as its event is here
    if (editing) { form.closest('details').open = false; return; }
    form.elements.title.value = '';
    form.elements.body.value = '';
    showWherePosted(form, fields.channel, fields.view);
  }).catch((error) => {
    if (error.unavailable) { form.dataset.overHttp = 'yes'; form.requestSubmit(); return; }
    showErrors(form, error);
  });
}, true);

function clearErrors(form) {
  form.querySelectorAll('.error, .posted').forEach((element) => element.remove());
}

// A post to another channel than the tab shows does not appear in this view: say where it went,
// as the server-rendered form does after a post over HTTP.
function showWherePosted(form, channel, view) {
  if (!view || channel === view) return;
  const line = document.createElement('p');
  line.className = 'posted';
  line.setAttribute('role', 'status');
  const link = document.createElement('a');
  link.href = `/?channel=${encodeURIComponent(channel)}`;
  link.textContent = `#${channel}`;
  line.append('Posted to ', link, '.');
  form.querySelector('button[type=submit]').after(line);
}

// each invalid field's message after its field, as the server-rendered form has it; the rest below
function showErrors(form, error) {
  const fields = error.errors ?? [];
  for (const { field, message } of fields) {
    const input = form.elements[field];
    if (!input) continue;
    const note = document.createElement('p');
    note.className = 'error';
    if (input.id) note.id = `${input.id}-error`;
    note.textContent = message;
    input.after(note);
  }
  if (fields.some(({ field }) => form.elements[field])) return;
  const alert = document.createElement('p');
  alert.className = 'error';
  alert.setAttribute('role', 'alert');
  alert.textContent = error.detail;
  form.querySelector('button[type=submit]').before(alert);
}
