// The feed page: a live subscription whose events carry each changed update as the feed's
// rendered item, applied in place by data-update-id, with no request per event; only a resync
// refetches the feed fragment. The compose and edit forms send over that WebSocket while it is
// live and as htmx form posts otherwise; either way field errors appear next to their field, and
// the post reaches the page as an event like every other. Beside the tabs it shows who is here,
// under the form who is typing, on the tabs how many posts are unread, and in the title, while
// the page is not in view, how many have arrived.
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

const me = document.body.dataset.user;
const view = list.dataset.channels || null;   // the channel shown, null on All
const viewed = (channel) => view === null || channel === view;

// "N here" (on All: "N online"), and who on demand. A small channel's event names them; a large
// one's gives counts only, and its names are fetched when asked for.
const here = document.getElementById('here');
const hereList = document.getElementById('here-list');
let presence = null;
function present(event) {
  presence = event;
  here.textContent = `${event.user_count} ${view ? 'here' : 'online'}`;
  here.hidden = false;
  if (event.users && here.getAttribute('aria-expanded') === 'true') showPresent(event.users);
}
here.addEventListener('click', () => {
  const open = here.getAttribute('aria-expanded') !== 'true';
  here.setAttribute('aria-expanded', String(open));
  hereList.hidden = !open;
  if (!open) return;
  if (presence.users) { showPresent(presence.users); return; }
  fetch(view ? `/api/channels/${encodeURIComponent(view)}/presence` : '/api/presence')
    .then((response) => (response.ok ? response.json() : Promise.reject(response)))
    .then((answer) => showPresent(answer.users))
    .catch(() => hereList.replaceChildren());
});
function showPresent(users) {
  hereList.replaceChildren(...users.map(({ name, connections }) => {
    const item = document.createElement('li');
    item.textContent = name === me ? `${name} (you)` : name;
    if (connections === 0) item.className = 'away';   // left, within the grace of a reconnect
    return item;
  }));
}

// "Ana is typing…" under the form. The line is a live region: screen readers read each change of
// its text, so it changes only when the sentence does, not with every event.
const typingLine = document.getElementById('typing');
const typists = new Map();   // channel -> who else is typing there
function typing(event) {
  const others = event.users.filter((name) => name !== me);
  if (others.length) typists.set(event.channel, others); else typists.delete(event.channel);
  sayWhoTypes();
}
function sayWhoTypes() {
  const names = [...new Set([...typists.values()].flat())];
  const who = names.length === 1 ? `${names[0]} is typing`
    : names.length === 2 ? `${names[0]} and ${names[1]} are typing` : 'Several people are typing';
  const where = !view && typists.size === 1 ? ` in #${[...typists.keys()][0]}` : '';
  const sentence = names.length ? `${who}${where}…` : '';
  if (typingLine.textContent !== sentence) typingLine.textContent = sentence;
}
document.addEventListener('input', (event) => {
  const form = event.target.form;
  if (form?.id === 'new-update' && ['title', 'body'].includes(event.target.name)) subscription.typing(form.elements.channel.value);
});

// Unread badges on the tabs of the channels not in view. Posts in view that arrive while the page
// is not seen are counted by update id, as a post comes both as itself and as an unread event;
// the title shows them with the badges' counts until the page is seen again.
const tabs = new Map([...document.querySelectorAll('.tabs a[data-channel]')].map((tab) => [tab.dataset.channel, tab]));
const unseen = new Set();
const title = document.title;
function unread(event) {
  const tab = tabs.get(event.channel);
  if (viewed(event.channel)) { if (document.hidden) unseen.add(event.update_id); }
  else if (tab) showBadge(tab, Number(tab.dataset.unread) + 1);
  showTitle();
}
function arrived(event) {
  if (event.type !== 'updates_changed' || event.action !== 'created') return;
  // a post ends its author's typing there at once, not 5 s later
  const others = typists.get(event.channel)?.filter((name) => name !== event.actor);
  if (others) typing({ channel: event.channel, users: others });
  if (event.actor !== me && document.hidden) unseen.add(event.update_id);
  showTitle();
}
function showBadge(tab, count) {
  const badge = tab.querySelector('.badge');
  tab.dataset.unread = count;
  badge.hidden = count === 0;
  badge.firstElementChild.textContent = count > 99 ? '99+' : String(count);
  badge.lastElementChild.textContent = ` (${count} unread)`;
}
function showTitle() {
  const count = unseen.size + [...tabs.values()].reduce((sum, tab) => sum + Number(tab.dataset.unread), 0);
  document.title = document.hidden && count ? `(${count}) ${title}` : title;
}

// The read mark of the view: written when the page loads or comes into view (debounced: a
// person flicking through tabs) and when it is left, never per post. It goes up to the newest
// update shown while the page was in view. A mark that fails to be written leaves counts too
// high until the next one, nothing worse.
let seenUpTo = 0;
let marked = 0;
let marking = null;
const newestShown = () => Number(list.querySelector(':scope > li[data-update-id]')?.dataset.updateId ?? 0);
function markRead(keepalive = false) {
  if (!document.hidden) seenUpTo = Math.max(seenUpTo, newestShown());
  if (seenUpTo <= marked) return null;
  marked = seenUpTo;
  return fetch('/api/unread', {
    method: 'PUT',
    keepalive,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf },
    body: JSON.stringify({ channel: view ?? undefined, read_up_to: seenUpTo }),
  }).catch(() => {});
}
document.addEventListener('visibilitychange', () => {
  clearTimeout(marking);
  if (document.hidden) seenUpTo = Math.max(seenUpTo, newestShown());
  else { unseen.clear(); marking = setTimeout(markRead, 1000); }
  showTitle();
});
window.addEventListener('pagehide', () => markRead(true));
// pagehide comes only once the next page is loaded, its badges counted: leaving by a tab, the
// mark is written first (or given up on after a second)
document.querySelector('.tabs').addEventListener('click', (event) => {
  const tab = event.target.closest('a');
  if (!tab || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const written = markRead();
  if (!written) return;
  event.preventDefault();
  const go = () => location.assign(tab.href);
  Promise.race([written, new Promise((resolve) => { setTimeout(resolve, 1000); })]).then(go);
});
// a view with nothing unread when the page was read needs no mark until something arrives
if (list.dataset.read === 'true') seenUpTo = marked = newestShown();
else if (!document.hidden) markRead();

const subscription = connect({
  channels: view ? [view] : [],
  since: list.dataset.since,
  include: ['html', 'presence', 'typing', 'unread'],
  onEvent: (event) => { apply(event); arrived(event); },
  onPresence: present,
  onTyping: typing,
  onUnread: unread,
  onStatus: (state, transport) => {
    status.dataset.connectionStatus = state;
    status.dataset.transport = transport;
    status.textContent = labels[state];
    // who was typing is not known while the stream is down, and they stop within seconds anyway
    if (state !== 'live') { typists.clear(); sayWhoTypes(); }
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
