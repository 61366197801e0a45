// Baton's browser client: a live, lossless subscription to the updates stream.
//
//   import { connect } from '/js/baton-client.js';
//   const subscription = connect({ channels: ['general'], onEvent, onStatus });
//   subscription.close();
//
// It prefers a WebSocket and falls back to Server-Sent Events when WebSockets cannot connect.
// Every reconnection resumes after the last seq received, so no event is missed; a `resync`
// event means "refetch everything". onStatus(state, transport) reports 'live', 'reconnecting'
// or 'offline', and 'websocket' or 'sse'.

const MIN_DELAY = 500;
const MAX_DELAY = 30_000;
const WEBSOCKET_TRIES = 3;

export function connect({ channels = [], since = null, onEvent = () => {}, onStatus = () => {} } = {}) {
  let lastSeq = since === null || since === undefined || since === '' ? null : Number(since);
  let transport = 'websocket';
  let socket = null;
  let failures = 0;
  let everOpened = false;
  let timer = null;
  let closed = false;

  const report = (state) => onStatus(state, transport);

  const query = (resumeName) => {
    const params = new URLSearchParams();
    if (channels.length) params.set('channels', channels.join(','));
    if (lastSeq !== null) params.set(resumeName, String(lastSeq));
    const text = params.toString();
    return text ? `?${text}` : '';
  };

  const receive = (json) => {
    const event = JSON.parse(json);
    if (typeof event.seq === 'number') lastSeq = event.seq;
    onEvent(event);
  };

  const opened = () => {
    failures = 0;
    everOpened = true;
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
    ws.onclose = () => { if (socket === ws) lost(); };
  };

  const openEventSource = () => {
    const source = new EventSource(`/api/updates/stream${query('lastEventId')}`);
    socket = source;
    source.onopen = opened;
    source.addEventListener('updates_changed', (message) => receive(message.data));
    source.addEventListener('resync', (message) => receive(message.data));
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

  const wentOffline = () => report('offline');
  const becameVisible = () => { if (!document.hidden) reopenNow(); };
  window.addEventListener('online', reopenNow);
  window.addEventListener('offline', wentOffline);
  document.addEventListener('visibilitychange', becameVisible);

  report('reconnecting');
  open();

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      window.removeEventListener('online', reopenNow);
      window.removeEventListener('offline', wentOffline);
      document.removeEventListener('visibilitychange', becameVisible);
      if (socket) socket.close();
      report('offline');
    },
  };
}
