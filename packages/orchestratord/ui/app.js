// ORCHD-081: the status page's script. It takes the token from the URL fragment (which the
// browser never sends) or a form, keeps it in this tab's sessionStorage, and reads
// GET /v1/status/events (ORCHD-080) with fetch(), because EventSource cannot send an
// Authorization header and a token in a query string would reach logs and history. Every
// snapshot re-renders the page; text from the server is only ever set as textContent.
'use strict';

const TOKEN_KEY = 'llorch-token';
const RETRY_MS = 2000;
/** Tasks seen running, kept after they leave so the page can show how they ended. */
const seen = new Map();
const MAX_FINISHED = 10;

function takeTokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match === null) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  // The token leaves the address bar (and so history and bookmarks) at once.
  history.replaceState(null, '', location.pathname + location.search);
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

function table(headers, rows, empty) {
  if (rows.length === 0) return el('p', { class: 'muted' }, empty);
  const head = el('tr', {}, ...headers.map((h) => el('th', { class: h.num ? 'num' : undefined }, h.label)));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
}

const bytes = (n) => (n === null ? '?' : `${(n / 2 ** 30).toFixed(1)} GiB`);
const ms = (n) => (n === null ? '-' : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`);
const time = (atMs) => new Date(atMs).toLocaleTimeString();
const stateClass = (state) =>
  state === 'Ready' ? 'ok' : ['Failed', 'CircuitOpen', 'Unready'].includes(state) ? 'bad' : 'warn';

function renderPools(pools) {
  return pools.map((pool) => {
    const badges = [
      pool.draining ? el('span', { class: 'badge warn', 'data-role': 'draining' }, 'draining') : null,
      pool.on_demand ? el('span', { class: 'badge muted' }, 'on demand') : null,
      pool.cpu_fallback ? el('span', { class: 'badge muted' }, 'CPU fallback') : null,
    ];
    // An on-demand model's Stopped replica is an unloaded model, and a drained pool's is what the
    // drain asked for: neither is a fault.
    const unloaded = (r) => pool.on_demand && r.state === 'Stopped';
    const drained = (r) => pool.draining && r.state === 'Stopped';
    const replicas = pool.replicas.map((r) =>
      el(
        'tr',
        { 'data-replica': r.id },
        el('td', {}, r.id),
        unloaded(r)
          ? el('td', { class: 'muted', 'data-role': 'unloaded' }, 'unloaded')
          : el('td', { class: stateClass(r.state) }, r.state),
        el('td', {}, r.engine_version ?? '-'),
        el('td', { class: 'num' }, `${r.in_flight}/${r.slots_total}`),
        el(
          'td',
          { class: 'num' },
          r.kv_cache_usage === null ? '-' : `${Math.round(r.kv_cache_usage * 100)}%`,
        ),
        unloaded(r)
          ? el('td', { class: 'muted' }, 'loads on the first request')
          : drained(r)
            ? el('td', { class: 'muted' }, 'drained')
            : el('td', { class: 'error' }, r.last_error ?? ''),
      ),
    );
    const headers = ['replica', 'state', 'engine version', 'busy/slots', 'KV', 'last error'].map((label) => ({
      label,
      num: label === 'busy/slots' || label === 'KV',
    }));
    return el(
      'div',
      { class: 'pool', 'data-pool': pool.id },
      el(
        'h3',
        {},
        pool.id,
        ' ',
        el('span', { class: 'muted' }, `${pool.engine} · ${pool.model_ref}`),
        ...badges,
      ),
      table(headers, replicas, 'no replicas'),
    );
  });
}

function renderGpus(gpus) {
  if (gpus.length === 0) return [el('p', { class: 'muted' }, 'no GPU reported (CPU development fallback)')];
  return gpus.map((gpu) => {
    const ratio =
      gpu.memory_total_bytes && gpu.memory_used_bytes !== null
        ? gpu.memory_used_bytes / gpu.memory_total_bytes
        : 0;
    const used = el('div', { class: ratio > 0.9 ? 'vram-used high' : 'vram-used' });
    used.style.width = `${Math.round(ratio * 100)}%`;
    const util = gpu.utilization_ratio === null ? '' : ` · ${Math.round(gpu.utilization_ratio * 100)}% busy`;
    return el(
      'div',
      { class: 'gpu', 'data-gpu': gpu.index },
      el(
        'div',
        {},
        `GPU ${gpu.index} ${gpu.name}: ${bytes(gpu.memory_used_bytes)} of ${bytes(gpu.memory_total_bytes)}${util}`,
      ),
      el('div', { class: 'vram', title: `${Math.round(ratio * 100)}% VRAM used` }, used),
    );
  });
}

function renderQueues(pools) {
  const rows = pools.flatMap((pool) => [
    el(
      'tr',
      { 'data-queue': pool.id },
      el('td', {}, pool.id),
      el('td', { class: 'num' }, pool.queue.interactive),
      el('td', { class: 'num' }, pool.queue.batch),
      el('td', {}, pool.waiting.length === 0 ? '' : `${pool.waiting.length} waiting`),
    ),
    ...pool.waiting.map((t) =>
      el(
        'tr',
        { 'data-waiting': t.task_id },
        el('td', { class: 'muted' }, `  #${t.queue_position} ${t.task_id}`),
        el('td', {}, t.priority),
        el('td', { class: 'num' }, `waited ${ms(t.waited_ms)}`),
        el('td', {}, `starts in ~${ms(t.predicted_start_ms)}`),
      ),
    ),
  ]);
  const headers = [
    { label: 'pool' },
    { label: 'interactive', num: true },
    { label: 'batch', num: true },
    { label: '' },
  ];
  return [table(headers, rows, 'no pools')];
}

function renderRunning(running) {
  const rows = running.map((t) =>
    el(
      'tr',
      { 'data-task': t.task_id },
      el('td', {}, t.task_id),
      el('td', {}, `${t.pool_id} / ${t.replica_id}`),
      el('td', {}, t.priority),
      el('td', {}, t.phase),
      el('td', { class: 'num', 'data-role': 'tokens' }, t.tokens_out),
      el('td', { class: 'num' }, t.tokens_per_second === null ? '-' : `${t.tokens_per_second} tok/s`),
      el('td', { class: 'num' }, ms(t.elapsed_ms)),
    ),
  );
  const headers = ['task', 'pool / replica', 'priority', 'phase', 'tokens', 'rate', 'elapsed'].map(
    (label) => ({
      label,
      num: ['tokens', 'rate', 'elapsed'].includes(label),
    }),
  );
  return [table(headers, rows, 'nothing running')];
}

/** Tasks that were running in an earlier snapshot and are gone now have finished (or failed). */
function renderFinished(snapshot) {
  const running = new Set(snapshot.running.map((t) => t.task_id));
  const failed = new Map(snapshot.errors.map((e) => [e.task_id, e.code]));
  for (const t of snapshot.running) seen.set(t.task_id, { ...t, finished: false });
  for (const [id, t] of seen) {
    if (!running.has(id) && !t.finished) seen.set(id, { ...t, finished: true, code: failed.get(id) });
  }
  const done = [...seen.values()].filter((t) => t.finished);
  for (const t of done.slice(0, Math.max(0, done.length - MAX_FINISHED))) seen.delete(t.task_id);
  const rows = done
    .slice(-MAX_FINISHED)
    .reverse()
    .map((t) =>
      el(
        'tr',
        { 'data-finished': t.task_id },
        el('td', {}, t.task_id),
        el('td', {}, t.pool_id),
        el('td', { class: t.code ? 'bad' : 'ok' }, t.code ? `error ${t.code}` : 'finished'),
        el('td', { class: 'num' }, `${t.tokens_out} tokens (last seen)`),
      ),
    );
  return [
    table([{ label: 'task' }, { label: 'pool' }, { label: 'outcome' }, { label: '' }], rows, 'none yet'),
  ];
}

function renderLog(entries, format, empty) {
  if (entries.length === 0) return [el('p', { class: 'muted' }, empty)];
  return [
    el(
      'ul',
      {},
      ...entries
        .slice()
        .reverse()
        .map((e) => el('li', {}, `${time(e.at_ms)} `, ...format(e))),
    ),
  ];
}

function render(snapshot) {
  const state = document.getElementById('daemon-state');
  state.textContent = snapshot.daemon_state;
  state.className = `badge ${snapshot.daemon_state === 'running' ? 'ok' : 'warn'}`;
  document.getElementById('connection').textContent = `live · updated ${time(snapshot.at_ms)}`;
  const fill = (id, nodes) => document.getElementById(id).replaceChildren(...nodes);
  fill('pools', renderPools(snapshot.pools));
  fill('gpus', renderGpus(snapshot.gpus));
  fill('queues', renderQueues(snapshot.pools));
  fill('running', renderRunning(snapshot.running));
  fill('finished', renderFinished(snapshot));
  fill(
    'errors',
    renderLog(
      snapshot.errors,
      (e) => [el('b', { class: 'bad' }, e.code), ` ${e.task_id} (${e.pool_id}): ${e.message}`],
      'no errors',
    ),
  );
  fill(
    'events',
    renderLog(
      snapshot.events,
      (e) => [el('b', {}, e.replica_id ?? e.pool_id), ` ${e.message}`],
      'no events yet',
    ),
  );
}

/** Splits an SSE byte stream into frames; calls onFrame(event, data) for each complete one. */
async function readSse(body, onFrame) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = text;
        else if (field === 'data') data.push(text);
      }
      if (data.length > 0) onFrame(event, data.join('\n'));
    }
  }
}

function askForToken(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  document.getElementById('token-form').hidden = false;
  document.getElementById('token-error').textContent = message;
  document.getElementById('connection').textContent = 'not connected';
}

async function connect() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token === null) return askForToken('');
  document.getElementById('token-form').hidden = true;
  try {
    const response = await fetch('/v1/status/events', {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      cache: 'no-store',
    });
    if (response.status === 401 || response.status === 403) {
      return askForToken(`the daemon refused this token (${response.status}); paste the current one`);
    }
    if (!response.ok || response.body === null) throw new Error(`status stream answered ${response.status}`);
    await readSse(response.body, (event, data) => {
      if (event === 'status') render(JSON.parse(data));
    });
    throw new Error('the daemon closed the status stream');
  } catch (error) {
    document.getElementById('daemon-state').textContent = 'disconnected';
    document.getElementById('daemon-state').className = 'badge bad';
    document.getElementById('connection').textContent = `${error.message}; retrying`;
    setTimeout(connect, RETRY_MS);
  }
}

document.getElementById('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('token-input');
  sessionStorage.setItem(TOKEN_KEY, input.value.trim());
  input.value = '';
  void connect();
});

takeTokenFromFragment();
void connect();
