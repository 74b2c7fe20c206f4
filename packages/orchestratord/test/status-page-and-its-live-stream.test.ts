// The status page's routes against a listening daemon with mock engines: the static shell
// and its assets need no token and forbid inline script [ORCHD-081]; the live status stream
// needs the token and sends whole snapshots of pools, replicas, GPUs, queues with predicted
// starts, running tasks with their rate, task errors and pool events [ORCHD-080].
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusSnapshot } from '@llama-orch/contracts';
import { createMockAdapter, type MockAdapterOptions } from '@llama-orch/worker-adapters';
import {
  createLogger,
  startOrchestratord,
  type RunningOrchestratord,
  type StatusInventory,
} from '../src/index.js';
import { call } from './support/client.js';
import { LogSink, TOKEN, auth, harnessConfig, taskBody, waitFor, type PoolSpec } from './support/harness.js';
import { parsed, readSse } from './support/sse-client.js';

const daemons: RunningOrchestratord[] = [];
afterEach(async () => {
  for (const daemon of daemons.splice(0)) await daemon.stop();
});

const GPU = {
  index: 0,
  uuid: 'GPU-0000',
  name: 'NVIDIA GeForce RTX 3090',
  memory_total_bytes: 24 * 2 ** 30,
  memory_used_bytes: 6 * 2 ** 30,
  memory_free_bytes: 18 * 2 ** 30,
  utilization_ratio: 0.25,
};

async function start(pools: PoolSpec[], statusInventory?: StatusInventory) {
  const daemon = await startOrchestratord({
    config: harnessConfig({ pools }),
    replicas: pools.flatMap((p) =>
      p.replicas.map((adapter, i) => ({ pool_id: p.id, replica_id: `${p.id}-${i}`, adapter })),
    ),
    token: TOKEN,
    logger: createLogger({ level: 'warn', destination: new LogSink() }),
    tuning: { probeIntervalMs: 30, metricsIntervalMs: 50 },
    drainGraceMs: 200,
    host: '127.0.0.1',
    port: 0,
    ...(statusInventory === undefined ? {} : { statusInventory }),
  });
  daemons.push(daemon);
  await waitFor(() => daemon.dataPlane.readiness().ready, 5_000);
  return daemon;
}

const engine = (options: MockAdapterOptions = {}) =>
  createMockAdapter({ slotsTotal: 1, ctxMax: 512, engineVersion: 'b4000', ...options });

/** Reads status frames until `until` holds for the latest one; returns that snapshot. */
async function snapshotWhere(
  url: string,
  until: (s: StatusSnapshot) => boolean,
  timeoutMs = 5_000,
): Promise<StatusSnapshot> {
  const result = await readSse(`${url}/v1/status/events`, {
    headers: auth,
    signal: AbortSignal.timeout(timeoutMs),
    until: (messages) => {
      const last = messages.at(-1);
      return last !== undefined && until(parsed<StatusSnapshot>(last));
    },
  });
  expect(result.status).toBe(200);
  const last = result.messages.at(-1)!;
  expect(last.event).toBe('status');
  const snapshot = parsed<StatusSnapshot>(last);
  if (!until(snapshot)) throw new Error(`no matching snapshot; last: ${JSON.stringify(snapshot)}`);
  return snapshot;
}

describe('the status page shell [ORCHD-081]', () => {
  it('serves the page, its script and its style sheet without a token, under a CSP without inline script', async () => {
    const daemon = await start([{ id: 'p', replicas: [engine()] }]);
    for (const [path, type] of [
      ['/ui', 'text/html'],
      ['/ui/app.js', 'text/javascript'],
      ['/ui/app.css', 'text/css'],
    ] as const) {
      const res = await request(`${daemon.url}${path}`);
      const body = await res.body.text();
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toContain(type);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-correlation-id'], 'OC-009').toBeTruthy();
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      if (path === '/ui') {
        expect(body).toContain('<script src="/ui/app.js"');
        expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script at all
      }
    }
  });

  it('keeps the token out of URLs: the script sends it as a header and strips the fragment', async () => {
    const daemon = await start([{ id: 'p', replicas: [engine()] }]);
    const script = await (await request(`${daemon.url}/ui/app.js`)).body.text();
    expect(script).toContain('history.replaceState');
    expect(script).toContain('sessionStorage');
    expect(script).toMatch(/authorization: `Bearer \$\{token\}`/);
    expect(script).not.toMatch(/status\/events\?/);
  });
});

describe('GET /v1/status/events [ORCHD-080]', () => {
  it('refuses a request without a token (401) or with a wrong one (403)', async () => {
    const daemon = await start([{ id: 'p', replicas: [engine()] }]);
    expect(
      (await call(daemon.url, 'GET', '/v1/status/events', undefined, { authorization: '' })).status,
    ).toBe(401);
    const wrong = await call(daemon.url, 'GET', '/v1/status/events', undefined, {
      authorization: 'Bearer nope',
    });
    expect(wrong.status).toBe(403);
  });

  it('opens with a snapshot of pools, replicas (pool-managerd state, engine version) and GPUs', async () => {
    const daemon = await start([{ id: 'p', model: 'tiny', replicas: [engine(), engine()] }], {
      gpus: () => [GPU],
      replicaState: (id) => (id === 'p-1' ? 'Loading' : undefined),
    });
    const snapshot = await snapshotWhere(daemon.url, () => true);
    expect(snapshot.daemon_state).toBe('running');
    expect(snapshot.gpus).toEqual([
      {
        index: 0,
        name: GPU.name,
        memory_total_bytes: GPU.memory_total_bytes,
        memory_used_bytes: GPU.memory_used_bytes,
        utilization_ratio: 0.25,
      },
    ]);
    const [pool] = snapshot.pools;
    expect(pool).toMatchObject({ id: 'p', model_ref: 'tiny', engine: 'llamacpp', draining: false });
    expect(pool!.queue).toEqual({ interactive: 0, batch: 0 });
    expect(pool!.replicas.map((r) => [r.id, r.state, r.ready, r.engine_version, r.slots_total])).toEqual([
      ['p-0', 'Ready', true, 'b4000', 1],
      ['p-1', 'Loading', true, 'b4000', 1],
    ]);
  });

  it('shows a running task with its tokens and rate, and the waiting one with its predicted start', async () => {
    const daemon = await start([{ id: 'p', replicas: [engine({ tokenDelayMs: 20 })] }]);
    const first = taskBody({ model_ref: 'p', max_tokens: 200 });
    const second = taskBody({ model_ref: 'p', max_tokens: 4, priority: 'batch' });
    expect((await call(daemon.url, 'POST', '/v1/tasks', first)).status).toBe(202);
    expect((await call(daemon.url, 'POST', '/v1/tasks', second)).status).toBe(202);
    const snapshot = await snapshotWhere(daemon.url, (s) => (s.running[0]?.tokens_out ?? 0) >= 3);
    expect(snapshot.running).toEqual([
      expect.objectContaining({
        task_id: first['task_id'],
        pool_id: 'p',
        replica_id: 'p-0',
        priority: 'interactive',
        phase: 'running',
      }),
    ]);
    expect(snapshot.running[0]!.tokens_per_second).toBeGreaterThan(0);
    const [pool] = snapshot.pools;
    expect(pool!.queue).toEqual({ interactive: 0, batch: 1 });
    expect(pool!.waiting).toEqual([
      expect.objectContaining({ task_id: second['task_id'], priority: 'batch', queue_position: 0 }),
    ]);
    expect(pool!.waiting[0]!.predicted_start_ms).toEqual(expect.any(Number));
    await call(daemon.url, 'POST', `/v1/tasks/${String(first['task_id'])}/cancel`);
  });

  it('lists a task that failed among the last errors, and a drain among the pool events', async () => {
    const daemon = await start([{ id: 'p', replicas: [engine({ faults: { errorAfterTokens: 1 } })] }]);
    const task = taskBody({ model_ref: 'p', max_tokens: 8 });
    expect((await call(daemon.url, 'POST', '/v1/tasks', task)).status).toBe(202);
    const failed = await snapshotWhere(daemon.url, (s) => s.errors.length > 0);
    expect(failed.errors).toEqual([
      expect.objectContaining({ task_id: task['task_id'], pool_id: 'p', code: expect.any(String) }),
    ]);
    daemon.dataPlane.drainPool('p', 5_000);
    const drained = await snapshotWhere(daemon.url, (s) => s.pools[0]!.draining);
    expect(drained.events.at(-1)).toMatchObject({ pool_id: 'p', replica_id: null });
    expect(drained.events.at(-1)!.message).toContain('drain');
    daemon.dataPlane.endPoolDrain('p');
    const back = await snapshotWhere(daemon.url, (s) => !s.pools[0]!.draining);
    expect(back.events.at(-1)!.message).toContain('reloaded');
  });

  it('does not hold up the daemon stop: an open status stream ends with it', async () => {
    const daemon = await start([{ id: 'p', replicas: [engine()] }]);
    const reading = readSse(`${daemon.url}/v1/status/events`, { headers: auth });
    await waitFor(() => daemon.dataPlane.state === 'running', 1_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await daemon.stop();
    daemons.splice(daemons.indexOf(daemon), 1);
    expect(Date.now() - started).toBeLessThan(3_000);
    await reading.catch(() => undefined);
  });
});
