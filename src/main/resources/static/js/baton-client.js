// Baton's browser client: a live, lossless subscription to the updates stream.
//
//   import { connect } from '/js/baton-client.js';
//   const subscription = connect({ channels: ['general'], onEvent, onStatus });
//   subscription.close();
//
// With include: ['html'], each updates_changed event of a created or edited update also carries
// html: the update's list item as the feed page shows it.
//
// It prefers a WebSocket and falls back to Server-Sent Events when WebSockets cannot connect.
// Every reconnection resumes after the last seq received, so no event is missed; a `resync`
// event means "refetch everything". Only the events of the log reach onEvent (updates_changed,
// channel_event: a module's event on a module channel the subscription names, and resync), and
// only their seq is a resume point: event types that later versions may add are ignored.
// onStatus(state, transport) reports 'live', 'reconnecting', 'offline', 'signed-out' or
// 'access-withdrawn', and 'websocket' or 'sse'. The last two are final, and the client stops
// reconnecting: the person's session ended (signed out, expired) or their user was deleted (sign
// in again and connect anew), or they may no longer read a channel the subscription names.
//
// Over a live WebSocket it also writes: subscription.post({channel, title, body}),
// .edit(id, {title, body}), .delete(id) and .publish({channel, event, data}) (an event on a module
// channel the person may publish on) each return a Promise that resolves with the ack
// ({type:'ack', ref, update_id, seq}) or rejects with the error ({type:'error', status, title,
// detail, errors}). A command not yet acknowledged when the connection drops is sent again after
// the reconnect, a post with the same idempotency key, so it is never lost nor made twice. With
// SSE, or while the socket is down, they reject at once with {status: 0, unavailable: true}: post
// over HTTP instead.
//
// Ephemeral events, sent only to a subscription whose include names them, come to their own
// callbacks and never move the resume point (they are not in the log, so never replayed):
// include 'presence' → onPresence({channel, user_count, connection_count, users}), who has a
// stream open on a channel it names (no channel: who is online at all); 'typing' →
// onTyping({channel, users}), who is typing there now, the person themselves included;
// 'unread' → onUnread({channel, update_id, author}), a post by someone else in any channel the
// person may read. subscription.typing(channel) says the person is typing there: sent over a live
// WebSocket at most once per 2 s per channel, and otherwise silently dropped (typing is a hint,
// never worth a request); the server answers it only when it refuses, with an error without ref.

const MIN_DELAY = 500;
const MAX_DELAY = 30_000;
const WEBSOCKET_TRIES = 3;
const SIGNED_OUT = 4001;   // the WebSocket close code of a stream whose sign-in ended
const READ_WITHDRAWN = 4403;   // and of one whose reader may no longer read a channel it names
const TYPING_EVERY = 2000;   // the server keeps someone typing for 5 s after their last word

// the events of the log: each one's seq is where to resume after it
const LOG_EVENTS = new Set(['updates_changed', 'channel_event', 'resync']);

export function connect({ channels = [], since = null, include = [], onEvent = () => {}, onStatus = () => {},
  onPresence = () => {}, onTyping = () => {}, onUnread = () => {} } = {}) {
  let lastSeq = since === null || since === undefined || since === '' ? null : Number(since);
  let transport = 'websocket';
  let socket = null;
  let failures = 0;
  let everOpened = false;
  let timer = null;
  let closed = false;
  const pending = new Map();   // ref -> { message, resolve, reject, attempts }, in the order sent
  let lastRef = 0;
  const typed = new Map();   // channel -> when typing was last sent there
  const ephemeral = { presence: onPresence, typing: onTyping, unread: onUnread };

  const report = (state) => onStatus(state, transport);

  const query = (resumeName) => {
    const params = new URLSearchParams();
    if (channels.length) params.set('channels', channels.join(','));
    if (include.length) params.set('include', include.join(','));
    if (lastSeq !== null) params.set(resumeName, String(lastSeq));
    const text = params.toString();
    return text ? `?${text}` : '';
  };

  const receive = (json) => {
    const event = JSON.parse(json);
    if (event.type === 'ack' || event.type === 'error') { answered(event); return; }
    if (Object.hasOwn(ephemeral, event.type)) { ephemeral[event.type](event); return; }
    if (!LOG_EVENTS.has(event.type)) return;
    lastSeq = event.seq;
    onEvent(event);
  };

  const answered = (answer) => {
    const command = pending.get(answer.ref);
    if (!command) return;   // e.g. a refused typing: an error without ref, which nothing awaits
    pending.delete(answer.ref);
    // a delete sent again after a drop finds its update gone when the first one got through
    const alreadyDone = answer.type === 'error' && answer.status === 404 && command.message.type === 'delete'
      && command.attempts > 1;
    if (answer.type === 'ack') command.resolve(answer);
    else if (alreadyDone) command.resolve({ type: 'ack', ref: answer.ref, update_id: command.message.update_id, seq: null });
    else command.reject(answer);
  };

  const live = () => transport === 'websocket' && socket !== null && socket.readyState === 1 /* OPEN */;

  const transmit = (command) => {
    command.attempts += 1;
    socket.send(JSON.stringify(command.message));
  };

  const command = (fields) => new Promise((resolve, reject) => {
    if (!live()) {
      reject({ type: 'error', status: 0, title: 'Not connected', unavailable: true,
        detail: 'The live connection is not a WebSocket, or it is down: send this over HTTP' });
      return;
    }
    lastRef += 1;
    const entry = { message: { ...fields, ref: `c${lastRef}` }, resolve, reject, attempts: 0 };
    pending.set(entry.message.ref, entry);
    transmit(entry);
  });

  const opened = () => {
    failures = 0;
    everOpened = true;
    if (transport === 'websocket') pending.forEach(transmit);   // unacknowledged: send again, same key
    report('live');
  };

  const lost = () => {
    socket = null;
    if (closed) return;
    failures += 1;
    if (transport === 'websocket' && !everOpened && failures >= WEBSOCKET_TRIES) {
      transport = 'sse';          // e.g. a proxy that strips upgrades
      failures = 0;
    }
    report(navigator.onLine ? 'reconnecting' : 'offline');
    schedule();
  };

  const schedule = () => {
    clearTimeout(timer);
    const ceiling = Math.min(MAX_DELAY, MIN_DELAY * 2 ** Math.max(0, failures - 1));
    timer = setTimeout(open, ceiling / 2 + Math.random() * ceiling / 2);   // jitter spreads reconnect storms
  };

  const openWebSocket = () => {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}/ws/updates${query('since')}`);
    socket = ws;
    ws.onopen = opened;
    ws.onmessage = (message) => receive(message.data);
    ws.onclose = (event) => {
      if (socket !== ws) return;
      if (event.code === SIGNED_OUT) stop('signed-out');
      else if (event.code === READ_WITHDRAWN) stop('access-withdrawn');
      else lost();
    };
  };

  const openEventSource = () => {
    const source = new EventSource(`/api/updates/stream${query('lastEventId')}`);
    socket = source;
    source.onopen = opened;
    [...LOG_EVENTS, ...Object.keys(ephemeral)].forEach((type) => source.addEventListener(type, (message) => receive(message.data)));
    source.addEventListener('signed_out', () => stop('signed-out'));
    source.addEventListener('access_withdrawn', () => stop('access-withdrawn'));
    source.onerror = () => {
      // EventSource retries by itself with Last-Event-ID; take over only once it has given up
      if (source.readyState === EventSource.CLOSED) {
        if (socket === source) lost();
      } else {
        report(navigator.onLine ? 'reconnecting' : 'offline');
      }
    };
  };

  const open = () => {
    if (closed) return;
    clearTimeout(timer);
    if (transport === 'websocket') openWebSocket(); else openEventSource();
  };

  const reopenNow = () => {
    if (closed) return;
    if (socket && (socket.readyState === 1 /* OPEN */)) return;
    if (socket) { const stale = socket; socket = null; stale.close(); }
    failures = 0;
    open();
  };

  // ends the subscription for good: what is still pending is rejected
  const stop = (state) => {
    closed = true;
    clearTimeout(timer);
    window.removeEventListener('online', reopenNow);
    window.removeEventListener('offline', wentOffline);
    document.removeEventListener('visibilitychange', becameVisible);
    if (socket) { const last = socket; socket = null; last.close(); }
    pending.forEach((entry) => entry.reject({ type: 'error', status: 0, title: 'Closed', unavailable: true,
      detail: 'The subscription ended before this was acknowledged' }));
    pending.clear();
    report(state);
  };

  const wentOffline = () => report('offline');
  const becameVisible = () => { if (!document.hidden) reopenNow(); };
  window.addEventListener('online', reopenNow);
  window.addEventListener('offline', wentOffline);
  document.addEventListener('visibilitychange', becameVisible);

  report('reconnecting');
  open();

  return {
    post({ channel, title, body }) {
      return command({ type: 'post', key: newKey(), channel, title, body });
    },
    edit(id, { title, body } = {}) {
      return command({ type: 'edit', update_id: id, title, body });
    },
    delete(id) {
      return command({ type: 'delete', update_id: id });
    },
    publish({ channel, event, data }) {
      return command({ type: 'publish', key: newKey(), channel, event, data });
    },
    typing(channel) {
      const now = Date.now();
      if (!live() || now - (typed.get(channel) ?? -Infinity) < TYPING_EVERY) return;
      typed.set(channel, now);
      socket.send(JSON.stringify({ type: 'typing', channel }));
    },
    // whether commands can be sent now; otherwise they reject at once
    get live() {
      return live();
    },
    close() {
      stop('offline');
    },
  };
}

// 128 random bits; crypto.randomUUID exists only on https pages
function newKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
