// POOL-003, POOL-006, POOL-008..POOL-012, POOL-014, POOL-015, POOL-018, POOL-020,
// POOL-024, POOL-025, POOL-027: pool-managerd supervising real llama-server
// replicas (built offline, CPU) on our tiny generated models: Ready only after
// the self-test, crash and wedge recovery, drain, and atomic reload with
// rollback, all observed through the internal HTTP API.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSse } from '@llama-orch/worker-adapters';
import { TOKEN, isAlive, path_of, startTestPoolManagerd, waitFor } from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';

const cpu = {
  engine: 'llamacpp',
  devices: 'cpu',
  allow_cpu_fallback: true,
  ctx: 256,
  launch: { threads: 1 },
} as const;
const brokenModel = path.join(os.tmpdir(), `llorch-broken-${process.pid}.gguf`);
let pm: TestPoolManagerd;

beforeAll(async () => {
  // GGUF magic, then garbage: llama-server refuses to load it.
  await writeFile(brokenModel, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64, 7)]));
  pm = await startTestPoolManagerd({
    pools: [
      {
        ...cpu,
        id: 'tiny',
        replicas: 2,
        model: { ref: 'tiny-bigram', generate: { kind: 'bigram', seed: 42 } },
      },
      // Models a reload may switch to; not preloaded themselves.
      {
        ...cpu,
        id: 'spare',
        preload: false,
        model: { ref: 'tiny-random', generate: { kind: 'random', seed: 7 } },
      },
      { ...cpu, id: 'broken', preload: false, model: { ref: 'broken-model', path: brokenModel } },
    ],
  });
  await pm.daemon.manager.settled();
}, 900_000);

afterAll(async () => {
  await pm?.close();
  await rm(brokenModel, { force: true });
});

const api = (route: string, init: RequestInit = {}) =>
  fetch(`${pm.url}${route}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers },
  });

describe('boot', () => {
  it('reports Ready only after preload and a decode through the engine API [POOL-003, POOL-008]', async () => {
    for (const id of ['tiny-0', 'tiny-1']) {
      expect(path_of(pm.events, id).slice(-3)).toEqual([
        'Preflight->Starting',
        'Starting->Loading',
        'Loading->Ready',
      ]);
      // Nobody but the self-test has talked to the engine: its own counters show the decodes.
      const metrics = await (await fetch(`${pm.replica(id).endpoint}/metrics`)).text();
      expect(Number(/^llamacpp:tokens_predicted_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
      const log = await readFile(path.join(pm.stateDir, 'logs', `${id}.log`), 'utf8');
      expect(log.indexOf('Starting -> Loading')).toBeLessThan(log.indexOf('Loading -> Ready'));
      // The engine's own output is in the replica log too [POOL-015].
      expect(log).toMatch(/llama|model|server/i);
    }
  });

  it('publishes the registry with engine_version, digest, slots and the CPU label [POOL-006, POOL-021, POOL-024, POOL-027]', async () => {
    const { data } = await pm.client.GET('/v1/replicas', { params: { query: { pool_id: 'tiny' } } });
    const model = await readFile(path.join(pm.stateDir, 'models', 'tiny-bigram.gguf'));
    const sha = createHash('sha256').update(model).digest('hex');
    expect(data?.replicas.map((r) => r.id)).toEqual(['tiny-0', 'tiny-1']);
    for (const r of data!.replicas) {
      expect(r).toMatchObject({
        state: 'Ready',
        engine: 'llamacpp',
        model_ref: 'tiny-bigram',
        model_digest: sha,
        cpu_fallback: true,
        devices: [],
        slots_total: 1,
      });
      expect(r.engine_version).toMatch(/^b\d+-[0-9a-f]+$/);
      expect(r.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(isAlive(r.pid!)).toBe(true);
    }
    const pools = (await pm.client.GET('/v1/pools')).data!.pools;
    expect(pools.find((p) => p.id === 'tiny')).toMatchObject({
      ready: true,
      draining: false,
      cpu_fallback: true,
      engine_version: data!.replicas[0]!.engine_version,
    });
    expect(pools.find((p) => p.id === 'spare')).toMatchObject({ ready: false });
  });

  it('requires the shared token and echoes the correlation id [POOL-025]', async () => {
    expect((await fetch(`${pm.url}/v1/pools`)).status).toBe(401);
    expect((await fetch(`${pm.url}/v1/pools`, { headers: { authorization: 'Bearer nope' } })).status).toBe(
      403,
    );
    const ok = await fetch(`${pm.url}/v1/gpus`, {
      headers: { 'x-api-key': TOKEN, 'x-correlation-id': 'corr-42' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-correlation-id')).toBe('corr-42');
    expect(await ok.json()).toMatchObject({ gpus: [], cpu_fallback: true, probe: { ok: false } });
    const missing = await api('/v1/pools/nope/health');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('tiny, spare, broken'),
    });
  });
});

describe('failures', () => {
  it('leaves Ready at once when the engine is SIGKILLed, reports host OOM, and restarts with backoff [POOL-009, POOL-012, POOL-014]', async () => {
    const stream = await api('/v1/events');
    const frames = parseSse(stream.body!)[Symbol.asyncIterator]();
    const before = pm.replica('tiny-0');
    process.kill(before.pid!, 'SIGKILL');
    const first = await frames.next();
    expect(first.value?.event).toBe('replica_state');
    expect(JSON.parse(first.value!.data)).toMatchObject({
      replica_id: 'tiny-0',
      from: 'Ready',
      to: 'Failed',
      reason: expect.stringMatching(/^host OOM/),
    });
    const after = await waitFor(
      'tiny-0 Ready again',
      () => pm.replica('tiny-0').state === 'Ready' && pm.replica('tiny-0'),
    );
    expect(after.restarts).toBe(before.restarts + 1);
    expect(after.pid).not.toBe(before.pid);
    expect(path_of(pm.events, 'tiny-0').slice(-6)).toEqual([
      'Ready->Failed',
      'Failed->Backoff',
      'Backoff->Preflight',
      'Preflight->Starting',
      'Starting->Loading',
      'Loading->Ready',
    ]);
    const ids = [first.value!.id, (await frames.next()).value!.id].map(Number);
    expect(ids[1]).toBe(ids[0]! + 1);
    await frames.return?.(undefined);
  });

  it('kills a wedged engine (no health answers) and restarts it [POOL-011]', async () => {
    const before = pm.replica('tiny-1');
    process.kill(before.pid!, 'SIGSTOP');
    const failed = await waitFor(
      'wedge detected',
      () => pm.events.find((e) => e.data.replica_id === 'tiny-1' && e.data.to === 'Failed')?.data,
    );
    expect(failed.reason).toMatch(/stopped answering and was killed/);
    expect(isAlive(before.pid!)).toBe(false);
    await waitFor('tiny-1 Ready again', () => pm.replica('tiny-1').state === 'Ready');
    const log = await readFile(path.join(pm.stateDir, 'logs', 'tiny-1.log'), 'utf8');
    expect(log).toContain('Ready -> Failed (engine stopped answering');
  });
});

describe('reload and drain', () => {
  it('rolls back a reload to a model that fails preload; the pool stays Ready on the old model [POOL-010]', async () => {
    const pids = pm.daemon.manager.replicas('tiny').map((r) => r.pid);
    const response = await api('/v1/pools/tiny/reload', {
      method: 'POST',
      body: JSON.stringify({ new_model_ref: 'broken-model' }),
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { reason: string };
    expect(result).toMatchObject({
      pool_id: 'tiny',
      outcome: 'rolled_back',
      model_ref: 'tiny-bigram',
      previous_model_ref: 'tiny-bigram',
    });
    expect(result.reason).toMatch(
      /^new model broken-model failed: engine crashed \(exited with code \d+\); last output: .*load.*\(before becoming ready\)$/s,
    );
    const replicas = pm.daemon.manager.replicas('tiny');
    expect(replicas.map((r) => [r.state, r.model_ref])).toEqual([
      ['Ready', 'tiny-bigram'],
      ['Ready', 'tiny-bigram'],
    ]);
    expect(replicas.map((r) => r.pid)).toEqual(pids);
    expect(pm.daemon.manager.pool('tiny')!.health()).toMatchObject({ ready: true, draining: false });
  });

  it('refuses a drain while a reload runs, naming the reload [POOL-020]', async () => {
    const reload = api('/v1/pools/tiny/reload', {
      method: 'POST',
      body: JSON.stringify({ new_model_ref: 'tiny-random' }),
    });
    await waitFor(
      'reload under way',
      () =>
        pm.daemon.manager.pool('tiny')!.status().replicas.length > 0 &&
        pm.log.lines.some((l) => l.includes('"model_ref":"tiny-random"')),
    );
    const busy = await api('/v1/pools/tiny/drain', {
      method: 'POST',
      body: JSON.stringify({ deadline_ms: 1000 }),
    });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({
      code: 'POOL_UNREADY',
      retriable: true,
      message: expect.stringMatching(/busy with a reload started \d+ s ago/),
    });
    const swapped = await (await reload).json();
    expect(swapped).toMatchObject({
      outcome: 'swapped',
      model_ref: 'tiny-random',
      previous_model_ref: 'tiny-bigram',
      reason: null,
    });
  });

  it('swaps atomically: every slot serves the new model under the same ids, old engines drain away [POOL-010, POOL-027]', async () => {
    const replicas = pm.daemon.manager.replicas('tiny');
    expect(replicas.map((r) => [r.id, r.state, r.model_ref])).toEqual([
      ['tiny-0', 'Ready', 'tiny-random'],
      ['tiny-1', 'Ready', 'tiny-random'],
    ]);
    const swaps = pm.events
      .filter((e) => e.data.reason === 'reloaded onto tiny-random')
      .map((e) => e.data.replica_id);
    // Each slot adopts its engine at once (in parallel): once each, in no promised order.
    expect([...swaps].sort()).toEqual(['tiny-0', 'tiny-1']);
    await waitFor('old engines gone', async () => {
      const running = await readFile(path.join(pm.stateDir, 'run', 'engines.json'), 'utf8');
      return (JSON.parse(running) as { engines: unknown[] }).engines.length === 2;
    });
  });

  it('restarts an engine that crashes after a reload, on the reloaded model, and shows when it retries [POOL-048]', async () => {
    const before = pm.replica('tiny-0');
    expect(before).toMatchObject({ state: 'Ready', model_ref: 'tiny-random', retry_at_ms: null });
    process.kill(before.pid!, 'SIGKILL');
    const waiting = await waitFor(
      'tiny-0 backing off',
      () => pm.replica('tiny-0').state === 'Backoff' && pm.replica('tiny-0'),
    );
    expect(waiting.retry_at_ms).toBeGreaterThan(waiting.state_since_ms!);
    const after = await waitFor(
      'tiny-0 Ready again',
      () => pm.replica('tiny-0').state === 'Ready' && pm.replica('tiny-0'),
    );
    // The restarted engine loads the reloaded model's weights, not the slot's first model.
    expect(after).toMatchObject({
      model_ref: 'tiny-random',
      model_digest: before.model_digest,
      restarts: before.restarts + 1,
      retry_at_ms: null,
    });
    expect(after.pid).not.toBe(before.pid);
  });

  it('drains: draining at once, then every replica stopped and its engine gone [POOL-018]', async () => {
    const pids = pm.daemon.manager.replicas('tiny').map((r) => r.pid!);
    const response = await api('/v1/pools/tiny/drain', {
      method: 'POST',
      body: JSON.stringify({ deadline_ms: 2000 }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ pool_id: 'tiny', draining: true, deadline_ms: 2000 });
    await waitFor('drained', () => pm.daemon.manager.replicas('tiny').every((r) => r.state === 'Stopped'));
    expect(pids.some(isAlive)).toBe(false);
    expect(pm.daemon.manager.pool('tiny')!.health()).toMatchObject({
      live: false,
      ready: false,
      draining: false,
    });
    const bad = await api('/v1/pools/tiny/drain', {
      method: 'POST',
      body: JSON.stringify({ deadline_ms: -1 }),
    });
    expect(bad.status).toBe(400);
  });

  it('brings a drained pool back with a reload: each slot adopts its new engine and still restarts it [POOL-048, POOL-049]', async () => {
    const response = await api('/v1/pools/tiny/reload', {
      method: 'POST',
      body: JSON.stringify({ new_model_ref: 'tiny-bigram' }),
    });
    expect(await response.json()).toMatchObject({ outcome: 'swapped', model_ref: 'tiny-bigram' });
    expect(pm.daemon.manager.replicas('tiny').map((r) => [r.state, r.model_ref])).toEqual([
      ['Ready', 'tiny-bigram'],
      ['Ready', 'tiny-bigram'],
    ]);
    const before = pm.replica('tiny-1');
    process.kill(before.pid!, 'SIGKILL');
    const after = await waitFor(
      'tiny-1 Ready again',
      () =>
        pm.replica('tiny-1').state === 'Ready' &&
        pm.replica('tiny-1').pid !== before.pid &&
        pm.replica('tiny-1'),
    );
    expect(after).toMatchObject({
      model_ref: 'tiny-bigram',
      model_digest: before.model_digest,
      restarts: before.restarts + 1,
    });
  });
});
