// POOL-052, POOL-053, CFG-022: a `models` entry is an on-demand pool that
// pool-managerd starts only when asked (load) and stops when told (unload),
// driven through the real config loader, the HTTP API and the typed client,
// with the llama-server simulator as the engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_LLAMA_SERVER,
  TOKEN,
  isAlive,
  path_of,
  startTestPoolManagerd,
  waitFor,
} from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';

let pm: TestPoolManagerd;

const cpu = { devices: 'cpu', allow_cpu_fallback: true, ctx: 256, launch: { binary: FAKE_LLAMA_SERVER } };

const load = (id: string, body?: Record<string, unknown>) =>
  pm.client.POST('/v1/pools/{id}/load', { params: { path: { id } }, ...(body && { body }) });
const unload = (id: string, body: Record<string, unknown>) =>
  pm.client.POST('/v1/pools/{id}/unload', {
    params: { path: { id } },
    // As sent, so the contract's required reason can be left out.
    body: body as { reason: 'operator' },
  });

beforeAll(async () => {
  pm = await startTestPoolManagerd({
    pools: [{ id: 'alpha', model: { ref: 'alpha', generate: { kind: 'bigram', seed: 3 } }, ...cpu }],
    models: [
      { id: 'tiny', source: { generate: { kind: 'bigram', seed: 5 } }, ...cpu },
      {
        id: 'slow',
        source: { generate: { kind: 'bigram', seed: 9 } },
        ...cpu,
        launch: { binary: FAKE_LLAMA_SERVER, env: { FAKE_ENGINE_LOADING_MS: '3000' } },
      },
      { id: 'kept', pinned: true, source: { generate: { kind: 'bigram', seed: 7 } }, ...cpu },
    ],
  });
  await pm.daemon.manager.settled();
}, 60_000);
afterAll(async () => {
  await pm?.close();
});

describe('an on-demand pool from the models section', () => {
  it('starts nothing at boot, reports its footprint from the GGUF header and does not hold back readiness [POOL-052, POOL-053]', async () => {
    const { data } = await pm.client.GET('/v1/pools');
    const tiny = data!.pools.find((p) => p.id === 'tiny')!;
    const alpha = data!.pools.find((p) => p.id === 'alpha')!;
    expect(tiny).toMatchObject({ on_demand: true, pinned: false, ready: false });
    expect(tiny.replicas.map((r) => [r.id, r.state])).toEqual([['tiny-0', 'Stopped']]);
    expect(tiny.footprint_bytes).toBeGreaterThan(0);
    // Every launched llama.cpp pool reports it, fixed ones too.
    expect(alpha).toMatchObject({ on_demand: false, pinned: false, ready: true });
    expect(alpha.footprint_bytes).toBeGreaterThan(0);
    expect(path_of(pm.events, 'tiny-0')).toEqual([]);
    expect(pm.daemon.manager.readiness().reasons.filter((r) => r.includes('tiny'))).toEqual([]);
    // A pinned model is loaded at boot like a fixed pool.
    const kept = data!.pools.find((p) => p.id === 'kept')!;
    expect(kept).toMatchObject({ on_demand: true, pinned: true, ready: true });
  });

  it('loads once for two concurrent calls, then answers already_loaded [POOL-052]', async () => {
    const [first, second] = await Promise.all([load('tiny'), load('tiny')]);
    expect(first.response.status).toBe(200);
    expect(second.response.status).toBe(200);
    const outcomes = [first.data!, second.data!].sort((a, b) => a.outcome.localeCompare(b.outcome));
    expect(outcomes.map((o) => o.outcome)).toEqual(['already_loaded', 'loaded']);
    const loaded = outcomes[1]!;
    expect(loaded).toMatchObject({ pool_id: 'tiny', model_ref: 'tiny', reason: null });
    expect(loaded.load_ms).toBeGreaterThan(0);
    expect(outcomes[0]!.load_ms).toBe(0);
    expect(pm.replica('tiny-0').state).toBe('Ready');
    // One attempt, one engine process.
    expect(path_of(pm.events, 'tiny-0')).toEqual([
      'Stopped->Preflight',
      'Preflight->Starting',
      'Starting->Loading',
      'Loading->Ready',
    ]);

    const again = await load('tiny');
    expect(again.data).toMatchObject({ outcome: 'already_loaded', load_ms: 0, reason: null });
    expect(path_of(pm.events, 'tiny-0')).toHaveLength(4);
  });

  it('unloads: the replica is Stopped and published, its engine gone; a second unload has nothing to do; a new load starts a new engine [POOL-053]', async () => {
    const before = pm.replica('tiny-0');
    expect(before.state).toBe('Ready');
    const pid = before.pid!;
    expect(isAlive(pid)).toBe(true);

    const { data, response } = await unload('tiny', { reason: 'idle' });
    expect(response.status).toBe(200);
    expect(data).toEqual({ pool_id: 'tiny', unloaded: true });
    expect(pm.replica('tiny-0')).toMatchObject({ state: 'Stopped', pid: null });
    expect(isAlive(pid)).toBe(false);
    const stopped = pm.events.filter((e) => e.data.replica_id === 'tiny-0').at(-1)!;
    expect(stopped.data).toMatchObject({
      from: 'Ready',
      to: 'Stopped',
      reason: expect.stringContaining('idle'),
    });

    const twice = await unload('tiny', { reason: 'operator' });
    expect(twice.data).toEqual({ pool_id: 'tiny', unloaded: false });

    const reloaded = await load('tiny');
    expect(reloaded.data).toMatchObject({ outcome: 'loaded', reason: null });
    const after = pm.replica('tiny-0');
    expect(after.state).toBe('Ready');
    expect(after.pid).not.toBe(pid);
    expect(isAlive(after.pid!)).toBe(true);
    // The fixed pool is untouched throughout.
    expect(pm.replica('alpha-0').state).toBe('Ready');
  });

  it('cancels a load in progress when told to unload: the load answers failed, nothing keeps running [POOL-052, POOL-053]', async () => {
    const loading = load('slow');
    await waitFor('slow-0 Loading', () => pm.replica('slow-0').state === 'Loading');
    const pid = pm.replica('slow-0').pid!;
    const gone = await unload('slow', { reason: 'make-room' });
    expect(gone.data).toEqual({ pool_id: 'slow', unloaded: true });
    const { data } = await loading;
    expect(data).toMatchObject({ pool_id: 'slow', outcome: 'failed' });
    expect(data!.reason).toContain('make-room');
    expect(pm.replica('slow-0').state).toBe('Stopped');
    expect(isAlive(pid)).toBe(false);
  });

  it('refuses a pool without residency, an unknown pool, devices on a CPU pool or malformed, and an unload without a valid reason [POOL-052, POOL-053]', async () => {
    const fixed = await load('alpha');
    expect(fixed.response.status).toBe(400);
    expect(fixed.error).toMatchObject({ code: 'INVALID_PARAMS', pool_id: 'alpha', retriable: false });
    expect(fixed.error?.message).toMatch(/pool alpha is not on-demand.*models.*reload/);
    const fixedUnload = await unload('alpha', { reason: 'operator' });
    expect(fixedUnload.response.status).toBe(400);
    expect(pm.replica('alpha-0').state).toBe('Ready');

    const unknown = await load('nope');
    expect(unknown.response.status).toBe(404);
    expect(unknown.error).toMatchObject({ code: 'NOT_FOUND' });

    for (const body of [{}, { reason: 'bored' }, { reason: 'idle', force: true }]) {
      const bad = await unload('tiny', body);
      expect(bad.response.status, JSON.stringify(body)).toBe(400);
      expect(bad.error?.message).toMatch(/reason/);
    }
    // A CPU pool has no GPUs to name; a malformed devices list is named in the refusal.
    const onCpu = await load('tiny', { devices: [0] });
    expect(onCpu.response.status).toBe(400);
    expect(onCpu.error?.message).toMatch(
      /pool tiny runs on the CPU \(devices: cpu\).*leave body.devices out/,
    );
    for (const body of [{ devices: [] }, { devices: [-1] }, { devices: '0' }, { gpus: [0] }]) {
      const bad = await load('tiny', body);
      expect(bad.response.status, JSON.stringify(body)).toBe(400);
      expect(bad.error?.message).toMatch(/devices/);
    }
    const raw = await fetch(`${pm.url}/v1/pools/tiny/unload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '[]',
    });
    expect(raw.status).toBe(400);
    expect(pm.replica('tiny-0').state).toBe('Ready');
  });
});
