// The operator's page: figures arrive once a second over SSE (/admin/figures); EventSource
// reconnects by itself, to any instance, when a stream ends.
const connection = document.getElementById('connection');

function status(state, text) {
  connection.dataset.connectionStatus = state;
  connection.textContent = text;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function rows(body, entries, empty) {
  const tbody = document.getElementById(body);
  tbody.replaceChildren(...(entries.length ? entries : [[empty]]).map((values) => {
    const tr = document.createElement('tr');
    tr.append(...values.map(cell));
    if (values.length === 1) tr.firstChild.colSpan = 3;
    return tr;
  }));
}

function show(figures) {
  document.getElementById('health').textContent = figures.health;
  document.getElementById('health').dataset.value = figures.health;
  document.getElementById('streams').textContent = figures.streams;
  document.getElementById('events-per-second').textContent = figures.events_per_second.toFixed(1);
  document.getElementById('events').textContent = figures.events;
  document.getElementById('relay-lag').textContent =
    figures.relay_lag_ms === null ? '–' : `${figures.relay_lag_ms} ms`;
  rows('components', Object.entries(figures.components), 'none');
  rows('subscriber-rows', figures.subscribers.map((s) => [s.transport, s.channel, String(s.count)]),
    'none reported');
}

const source = new EventSource('/admin/figures');
source.addEventListener('open', () => status('live', 'live'));
source.addEventListener('error', () => status('reconnecting', 'reconnecting…'));
source.addEventListener('figures', (event) => show(JSON.parse(event.data)));
