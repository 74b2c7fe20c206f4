// ORCHD-075..ORCHD-078 with the real daemon over a fake engine host: on-demand
// models load when a request names them, the least recently used idle one is
// evicted for room (never a busy or pinned one), an idle one is unloaded after
// its timeout, a failed load ends its waiters with a typed error and backs off,
// and a queued task shows the `loading_model` phase while its model loads.
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@llama-orch/contracts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, createLogger, type OrchestratordApp } from '../src/index.js';
import { createFakeModelHost, type FakeModelHostOptions } from './support/fake-model-host.js';
import { LogSink, TOKEN, auth, taskBody, waitFor } from './support/harness.js';

const MIB = 1024 * 1024;
let built: OrchestratordApp | undefined;
afterEach(async () => built?.app.close());

interface ModelSpec {
  id: string;
  pinned?: boolean;
  idle_unload_ms?: number;
  /** GPU indices it may use; the CPU fallback when absent. */
  devices?: number[];
  /** Its footprint; 1 MiB when absent. */
  bytes?: number;
}

async function start(
  models: ModelSpec[],
  residency: Record<string, unknown>,
  host: Omit<FakeModelHostOptions, 'footprints'> = {},
) {
  const fake = createFakeModelHost({
    ...host,
    footprints: Object.fromEntries(models.map((m) => [m.id, m.bytes ?? MIB])),
  });
  const config = parseConfig({
    server: { bind: '127.0.0.1', port: 0, state_dir: mkdtempSync(join(tmpdir(), 'llorch-residency-')) },
    pool_manager: { port: 0 },
    models: models.map(({ bytes: _bytes, devices, ...m }) => ({
      ...m,
      ...(devices === undefined ? { devices: 'cpu', allow_cpu_fallback: true } : { devices }),
      ctx: 512,
    })),
    residency,
  });
  built = await buildApp({
    config,
    replicas: fake.bindings,
    token: TOKEN,
    modelLoader: fake.loader,
    logger: createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] }),
    tuning: { probeIntervalMs: 50, metricsIntervalMs: 50 },
    drainGraceMs: 100,
  });
  fake.attach(built.dataPlane);
  await built.app.ready();
  const { app, dataPlane } = built;
  const submit = async (model: string, maxTokens = 8) => {
    const body = taskBody({ model_ref: model, max_tokens: maxTokens, deadline_ms: 60_000 });
    const res = await app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: body });
    return { res, id: String(body.task_id) };
  };
  const finished = async (id: string) => {
    await waitFor(() => dataPlane.transcript(id)?.terminal !== undefined, 20_000);
    return dataPlane.transcript(id)!.terminal!;
  };
  const run = async (model: string, maxTokens = 8) => {
    const { res, id } = await submit(model, maxTokens);
    expect(res.statusCode, res.body).toBe(202);
    return finished(id);
  };
  const states = async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/models', headers: auth });
    const list = res.json<{ data: { id: string; state: string }[] }>();
    return Object.fromEntries(list.data.map((m) => [m.id, m.state]));
  };
  const metrics = async () => (await app.inject({ method: 'GET', url: '/metrics', headers: auth })).body;
  return { fake, app, dataPlane, submit, finished, run, states, metrics };
}

describe('models load on demand', () => {
  it('loads the third model by evicting the least recently used idle one [ORCHD-075, ORCHD-076, ORCHD-079]', async () => {
    const t = await start([{ id: 'a' }, { id: 'b' }, { id: 'c' }], { cpu_memory_mib: 2 });
    expect(await t.states()).toEqual({ a: 'unloaded', b: 'unloaded', c: 'unloaded' });
    expect((await t.run('a')).type).toBe('end');
    expect((await t.run('b')).type).toBe('end');
    expect(await t.states()).toEqual({ a: 'resident', b: 'resident', c: 'unloaded' });
    expect((await t.run('c')).type).toBe('end');
    expect(t.fake.events).toEqual(['load:a', 'load:b', 'unload:a:make-room', 'load:c']);
    // The CPU budget is no GPU: a CPU model's load names no devices.
    expect([...t.fake.loadDevices]).toEqual([
      ['a', undefined],
      ['b', undefined],
      ['c', undefined],
    ]);
    expect(await t.states()).toEqual({ a: 'unloaded', b: 'resident', c: 'resident' });
    const capabilities = await t.app.inject({ method: 'GET', url: '/v1/capabilities', headers: auth });
    expect(capabilities.json<{ servable_models: unknown[] }>().servable_models).toEqual([
      {
        model_ref: 'a',
        engine: 'llamacpp',
        pool_ids: ['a'],
        state: 'unloaded',
        on_demand: true,
        pinned: false,
        devices: [],
        footprint_bytes: MIB,
      },
      {
        model_ref: 'b',
        engine: 'llamacpp',
        pool_ids: ['b'],
        state: 'resident',
        on_demand: true,
        pinned: false,
        devices: [],
        footprint_bytes: MIB,
      },
      {
        model_ref: 'c',
        engine: 'llamacpp',
        pool_ids: ['c'],
        state: 'resident',
        on_demand: true,
        pinned: false,
        devices: [],
        footprint_bytes: MIB,
      },
    ]);
    const text = await t.metrics();
    expect(text).toMatch(/model_evictions_total\{pool_id="a",reason="make-room"\} 1/);
    expect(text).toMatch(/model_loads_total\{pool_id="c",outcome="loaded"\} 1/);
    expect(text).toMatch(/model_resident\{pool_id="a"\} 0/);
    expect(text).toMatch(/model_resident\{pool_id="c"\} 1/);
    expect(text).toMatch(/model_load_ms_count\{pool_id="b"\} 1/);
  });

  it('never evicts a busy replica: the idle one goes instead [ORCHD-078, CORE-072]', async () => {
    const t = await start(
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      { cpu_memory_mib: 2 },
      { tokenDelayMs: 5 },
    );
    await t.run('a');
    const long = await t.submit('b', 400);
    await waitFor(() => t.fake.busy('b') > 0, 5_000);
    // a was used last before b started; b is busy for about 2 s: only a may make room for c.
    expect((await t.run('c')).type).toBe('end');
    expect(t.fake.busy('b')).toBeGreaterThan(0);
    expect((await t.run('a')).type).toBe('end');
    expect(t.fake.events).toEqual([
      'load:a',
      'load:b',
      'unload:a:make-room',
      'load:c',
      'unload:c:make-room',
      'load:a',
    ]);
    expect((await t.finished(long.id)).type).toBe('end');
  });

  it('keeps a pinned model and unloads an idle one after its timeout [ORCHD-078, CORE-075]', async () => {
    const t = await start(
      [{ id: 'pin', pinned: true }, { id: 'idle', idle_unload_ms: 300 }, { id: 'other' }],
      { cpu_memory_mib: 2 },
    );
    await t.run('pin');
    await t.run('idle');
    await waitFor(() => t.fake.events.includes('unload:idle:idle'), 5_000);
    expect(await t.states()).toMatchObject({ pin: 'resident', idle: 'unloaded' });
    await t.run('idle');
    // Room for other: only idle may go, pinned stays whatever its age.
    await new Promise((r) => setTimeout(r, 50));
    await t.run('other');
    expect(t.fake.events.filter((e) => e.startsWith('unload:pin'))).toEqual([]);
    expect(await t.states()).toMatchObject({ pin: 'resident', other: 'resident' });
  });

  it('ends every waiting request with a typed error when the load fails, then backs off [ORCHD-077]', async () => {
    const t = await start(
      [{ id: 'broken' }],
      { load_backoff_ms: 400 },
      { failing: new Map([['broken', 'engine exited during load (code 1)']]) },
    );
    const waiting = await Promise.all([t.submit('broken'), t.submit('broken')]);
    for (const w of waiting) expect(w.res.statusCode).toBe(202);
    for (const w of waiting) {
      const end = await t.finished(w.id);
      expect(end).toMatchObject({ type: 'error', data: { code: 'POOL_UNAVAILABLE', pool_id: 'broken' } });
      expect(JSON.stringify(end)).toContain('engine exited during load (code 1)');
    }
    const refused = await t.submit('broken');
    expect(refused.res.statusCode).toBe(503);
    expect(refused.res.json()).toMatchObject({ code: 'POOL_UNAVAILABLE', retriable: true });
    expect(Number(refused.res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(t.fake.events).toEqual(['load:broken']);
    await new Promise((r) => setTimeout(r, 450));
    const retried = await t.submit('broken');
    expect(retried.res.statusCode).toBe(202);
    await t.finished(retried.id);
    expect(t.fake.events).toEqual(['load:broken', 'load:broken']);
    expect(await t.metrics()).toMatch(/model_loads_total\{pool_id="broken",outcome="failed"\} 2/);
  });

  it('shows the loading_model phase and the load in predicted_start_ms while the model loads [ORCHD-076]', async () => {
    const t = await start([{ id: 'slow' }], {}, { loadMs: 600 });
    const { res, id } = await t.submit('slow');
    expect(res.statusCode).toBe(202);
    expect(res.json<{ predicted_start_ms: number }>().predicted_start_ms).toBeGreaterThan(0);
    await waitFor(() => (t.dataPlane.transcript(id)?.size ?? 0) >= 3, 5_000);
    const frames = [...t.dataPlane.transcript(id)!.eventsFrom(0)];
    const loading = frames.find((f) => f.type === 'metrics' && f.data.phase === 'loading_model');
    expect(loading).toBeDefined();
    expect((await t.finished(id)).type).toBe('end');
  });

  it('two agents alternating models on room for one: swaps stay within the max-wait bound [ORCHD-078, CORE-078]', async () => {
    const maxWaitMs = 400;
    const t = await start(
      [{ id: 'a' }, { id: 'b' }],
      { cpu_memory_mib: 1, max_wait_ms: maxWaitMs },
      { loadMs: 20 },
    );
    const perAgent = 12;
    const waits: number[] = [];
    // Each agent alternates A and B, out of step with the other: swap-on-change would load every time.
    const agent = async (first: string, second: string) => {
      for (let i = 0; i < perAgent; i++) {
        const began = Date.now();
        expect((await t.run(i % 2 === 0 ? first : second, 4)).type).toBe('end');
        waits.push(Date.now() - began);
      }
    };
    const began = Date.now();
    await Promise.all([agent('a', 'b'), agent('b', 'a')]);
    const elapsed = Date.now() - began;
    const loads = t.fake.events.filter((e) => e.startsWith('load:')).length;
    // The bound: a resident used in the last LINGER_MS keeps the device until the other model has
    // waited max_wait_ms, so there is at most one swap per max_wait_ms (plus the first load and one
    // in flight at the end), whatever the number of requests.
    const bound = Math.ceil(elapsed / maxWaitMs) + 2;
    expect(loads).toBeLessThanOrEqual(bound);
    // Swap-on-change would load for nearly every one of the 2 × perAgent requests.
    expect(loads).toBeLessThanOrEqual(perAgent + 1);
    waits.sort((x, y) => x - y);
    const p95 = waits[Math.floor(waits.length * 0.95)]!;
    expect(p95).toBeLessThan(maxWaitMs + 1_500);
  });

  it('on a 3090 + 3060, loads a model that fits only the 3090 there, evicting there; refuses one that fits nowhere with the shortfall per GPU [ORCHD-076, ORCHD-077, CORE-071]', async () => {
    const GIB = 1024 * MIB;
    const t = await start(
      [
        { id: 'mid', devices: [0, 1], bytes: 10 * GIB },
        { id: 'small', devices: [0, 1], bytes: 10 * GIB },
        { id: 'big', devices: [0, 1], bytes: 16 * GIB },
        { id: 'huge', devices: [0, 1], bytes: 30 * GIB },
      ],
      {},
      // Where pool-managerd's preflight put each model (mid on the 3060, the others on the 3090).
      { gpus: { 0: 24 * GIB, 1: 12 * GIB }, placement: { mid: 1, small: 0, big: 0 } },
    );
    await t.run('mid');
    await t.run('small');
    await new Promise((r) => setTimeout(r, 1_100)); // past the linger: both idle, mid the least recently used
    // 16 GiB fits only the 3090, and only once small (there) is gone; mid on the 3060 is in no one's way.
    expect((await t.run('big')).type).toBe('end');
    expect(t.fake.events).toEqual(['load:mid', 'load:small', 'unload:small:make-room', 'load:big']);
    // pool-managerd is told where the room was made, not left to pick a GPU itself.
    expect(t.fake.loadDevices.get('big')).toEqual([0]);
    const refused = await t.run('huge');
    expect(refused).toMatchObject({ type: 'error', data: { code: 'POOL_UNAVAILABLE', pool_id: 'huge' } });
    const message = String((refused as { data: { message: string } }).data.message);
    expect(message).toMatch(/device 0 short by \d+ bytes/);
    expect(message).toMatch(/device 1 short by \d+ bytes/);
    expect(t.fake.events).not.toContain('load:huge');
  });

  it('lifts every hold once the waiting model is loaded, so a held resident that was not evicted serves again [ORCHD-078]', async () => {
    const t = await start(
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      { cpu_memory_mib: 2, max_wait_ms: 200 },
      { tokenDelayMs: 10 },
    );
    await Promise.all([t.run('a'), t.run('c')]);
    // a and c stay busy (two loops each keep their queues filled) while b waits for room.
    let stop = false;
    const served = { a: 0, c: 0 };
    const loop = async (id: 'a' | 'c') => {
      while (!stop) {
        expect((await t.run(id, 6)).type).toBe('end');
        served[id] += 1;
      }
    };
    const loops = [loop('a'), loop('a'), loop('c'), loop('c')];
    await new Promise((r) => setTimeout(r, 100));
    expect((await t.run('b')).type).toBe('end');
    // One of a and c made room for b; the other was held too, and must be serving again.
    const evicted = t.fake.events.find((e) => e.startsWith('unload:'))?.split(':')[1];
    expect(['a', 'c']).toContain(evicted);
    const kept = evicted === 'a' ? 'c' : 'a';
    const before = served[kept];
    await waitFor(() => served[kept] > before + 2, 10_000);
    // It served again as it was: not only after being evicted and loaded anew.
    expect(t.fake.events).not.toContain(`unload:${kept}:make-room`);
    stop = true;
    await Promise.all(loops);
  });
});
