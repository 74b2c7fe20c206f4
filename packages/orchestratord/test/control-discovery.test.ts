// Capability and replica-set discovery against a listening daemon with mock
// engines of different sizes: what the Ready replicas really offer, how that
// follows a pool going away and coming back, and the SLO snapshot.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter, type MockAdapter } from '@llama-orch/worker-adapters';
import { createLogger, startOrchestratord, type RunningOrchestratord } from '../src/index.js';
import { percentile } from '../src/control/slo-window.js';
import { call, streamHeaders } from './support/client.js';
import {
  harnessConfig,
  LogSink,
  TOKEN,
  taskBody,
  waitFor,
  type PoolSpec,
  replicasOf,
} from './support/harness.js';
import { readSse } from './support/sse-client.js';

const daemons: RunningOrchestratord[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const daemon of daemons.splice(0)) await daemon.stop();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function start(pools: PoolSpec[]) {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-discovery-'));
  dirs.push(dir);
  const base = harnessConfig({ pools });
  const config = {
    ...base,
    server: { ...base.server, state_dir: dir },
    catalog: { ...base.catalog, dir: join(dir, 'catalog') },
    artifacts: { ...base.artifacts, dir: join(dir, 'artifacts') },
  };
  const daemon = await startOrchestratord({
    config,
    replicas: pools.flatMap((p) =>
      p.replicas.map((adapter, i) => ({ pool_id: p.id, replica_id: `${p.id}-${i}`, adapter })),
    ),
    token: TOKEN,
    logger: createLogger({ level: 'warn', destination: new LogSink() }),
    tuning: { probeIntervalMs: 30 },
    drainGraceMs: 200,
    host: '127.0.0.1',
    port: 0,
  });
  daemons.push(daemon);
  await waitFor(() => replicasOf(daemon.dataPlane).every((r) => r.state === 'Ready'), 5_000);
  const get = async (path: string) => (await call(daemon.url, 'GET', path)).body;
  return { daemon, get };
}

const engine = (slotsTotal: number, ctxMax: number, engineVersion = 'b4000', tokenDelayMs = 0): MockAdapter =>
  createMockAdapter({ slotsTotal, ctxMax, engineVersion, tokenDelayMs });

describe('capabilities', () => {
  it('reports api_version equal to info.version of the control contract [ORCHD-039, OC-017]', async () => {
    const yaml = await readFile(new URL('../../../contracts/openapi/control.yaml', import.meta.url), 'utf8');
    const version = /^info:\n(?:[ \t].*\n)*?[ \t]+version:[ \t]*['"]?([^'"\s]+)/m.exec(yaml)?.[1];
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const { get } = await start([{ id: 'p', replicas: [engine(1, 512)] }]);
    expect((await get('/v1/capabilities')).api_version).toBe(version);
  });

  it('declares the slots and context the Ready replicas report across mixed GPUs, per engine version [ORCHD-039, ORCHD-040, HOME-018, HOME-008]', async () => {
    const { get } = await start([
      { id: 'big', model: 'coder-14b', replicas: [engine(2, 8192)] },
      { id: 'small', model: 'llama-3b', replicas: [engine(1, 4096), engine(1, 4096)] },
      { id: 'next', model: 'llama-3b', replicas: [engine(4, 2048, 'b5000')] },
    ]);
    const { engines } = (await get('/v1/capabilities')) as { engines: Record<string, unknown>[] };
    expect(engines).toEqual([
      {
        engine: 'llamacpp',
        engine_version: 'b4000',
        ctx_max: 8192,
        supported_workloads: ['completion', 'chat'],
        concurrency: 4,
        rate_limits: { requests_per_minute: null, tokens_per_minute: null },
        // `small` runs single-slot replicas under strict determinism; `next` (4 slots) cannot.
        // llama.cpp serves tools, fill-in-the-middle and JSON output (WA-020).
        features: [
          'cancel',
          'cpu_fallback',
          'infill',
          'json_output',
          'seeded_sampling',
          'session_affinity',
          'sse_resume',
          'strict_determinism',
          'tools',
        ],
        models: [
          { model_ref: 'coder-14b', pool_ids: ['big'] },
          { model_ref: 'llama-3b', pool_ids: ['small'] },
        ],
      },
      expect.objectContaining({
        engine_version: 'b5000',
        concurrency: 4,
        ctx_max: 2048,
        features: [
          'cancel',
          'cpu_fallback',
          'infill',
          'json_output',
          'seeded_sampling',
          'session_affinity',
          'sse_resume',
          'tools',
        ],
        models: [{ model_ref: 'llama-3b', pool_ids: ['next'] }],
      }),
    ]);
  });

  it('drops a pool whose engines stop and lists it again once they are Ready [ORCHD-040]', async () => {
    const small = [engine(1, 4096), engine(1, 4096)];
    const { get } = await start([
      { id: 'big', replicas: [engine(2, 8192)] },
      { id: 'small', replicas: small },
    ]);
    const concurrency = async () =>
      ((await get('/v1/capabilities')).engines as { concurrency: number }[])[0]?.concurrency ?? 0;
    expect(await concurrency()).toBe(4);
    for (const adapter of small) adapter.setFaults({ refuse: true }); // drained: its engine processes are gone
    await expect.poll(concurrency, { timeout: 3_000 }).toBe(2);
    const models = ((await get('/v1/capabilities')).engines as { models: { pool_ids: string[] }[] }[])[0]
      ?.models;
    expect(models?.flatMap((m) => m.pool_ids)).toEqual(['big']);
    small[0]?.setFaults({ loading: true }); // reloading: up, not Ready yet
    small[1]?.setFaults({ loading: true });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await concurrency()).toBe(2);
    for (const adapter of small) adapter.setFaults({});
    await expect.poll(concurrency, { timeout: 3_000 }).toBe(4);
  });

  it('leaves out pools whose model the catalog refuses, while replica sets still list them [ORCHD-039]', async () => {
    const { daemon, get } = await start([
      { id: 'big', model: 'coder-14b', replicas: [engine(2, 8192)] },
      { id: 'old', model: 'old-model', replicas: [engine(1, 4096)] },
    ]);
    const digest = 'd'.repeat(64);
    await call(daemon.url, 'POST', '/v1/catalog/models', {
      id: 'old-model',
      digest,
      source_url: 'https://example.invalid/o',
    });
    await call(daemon.url, 'POST', '/v1/catalog/models/old-model/state', { state: 'Retired' });
    const [only] = (await get('/v1/capabilities')).engines as { concurrency: number; models: unknown[] }[];
    expect(only).toMatchObject({ concurrency: 2, models: [{ model_ref: 'coder-14b', pool_ids: ['big'] }] });
    const sets = (await get('/v1/replicasets')).replica_sets as { pool_id: string }[];
    expect(sets.map((s) => s.pool_id)).toEqual(['big', 'old']);
  });

  it('lists exactly the workloads admission accepts [ORCHD-039]', async () => {
    const { daemon, get } = await start([{ id: 'mock', replicas: [engine(1, 512)] }]);
    const supported = ((await get('/v1/capabilities')).engines as { supported_workloads: string[] }[])[0]
      ?.supported_workloads;
    for (const workload of ['completion', 'chat', 'embedding', 'rerank']) {
      const body =
        workload === 'completion'
          ? taskBody({ workload })
          : workload === 'chat'
            ? { ...taskBody({ workload }), prompt: undefined, messages: [{ role: 'user', content: 'hi' }] }
            : { ...taskBody({ workload }), prompt: undefined, inputs: ['a'] };
      const res = await call(daemon.url, 'POST', '/v1/tasks', body);
      expect(res.status === 202, workload).toBe(supported?.includes(workload));
    }
  });
});

describe('replica sets', () => {
  it('report engine, versions, devices, policy, slots, load and queue depth as they change [ORCHD-041, ORCHD-009, HOME-008]', async () => {
    const { daemon, get } = await start([
      { id: 'mock', replicas: [engine(1, 512, 'b4000', 40)], fullPolicy: 'drop-lru' },
    ]);
    const sets = async () => ((await get('/v1/replicasets')).replica_sets as Record<string, unknown>[])[0];
    expect(await sets()).toMatchObject({
      id: 'mock:mock',
      pool_id: 'mock',
      engine: 'llamacpp',
      model_ref: 'mock',
      engine_version: 'b4000',
      sampler_profile_version: 'default-v1',
      devices: [],
      cpu_fallback: true,
      queue_policy: 'drop-lru',
      replicas_total: 1,
      replicas_ready: 1,
      slots_total: 1,
      slots_free: 1,
      load: 0,
      queue_depth: 0,
    });
    for (let i = 0; i < 3; i += 1) await call(daemon.url, 'POST', '/v1/tasks', taskBody({ max_tokens: 50 }));
    await expect.poll(async () => (await sets())?.slots_free).toBe(0);
    expect(await sets()).toMatchObject({ load: 1, queue_depth: 2 });
  });

  it('snapshot first-token and decode latency percentiles of recent tasks [ORCHD-041]', async () => {
    const { daemon, get } = await start([{ id: 'mock', replicas: [engine(1, 512, 'b4000', 2)] }]);
    const slo = async () =>
      ((await get('/v1/replicasets')).replica_sets as { slo: Record<string, number | null> }[])[0]?.slo;
    expect(Object.values((await slo()) ?? {})).toEqual([null, null, null, null, null, null]);
    for (let i = 0; i < 4; i += 1) {
      const body = taskBody({ max_tokens: 5, session_id: randomUUID() });
      await call(daemon.url, 'POST', '/v1/tasks', body);
      await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, { headers: streamHeaders });
    }
    const snapshot = (await slo()) ?? {};
    for (const kind of ['first_token_ms', 'decode_ms']) {
      const [p50, p95, p99] = [50, 95, 99].map((p) => snapshot[`${kind}_p${p}`]);
      expect(typeof p50, kind).toBe('number');
      expect(p50! <= p95! && p95! <= p99!).toBe(true);
    }
    expect(snapshot.decode_ms_p50).toBeGreaterThan(0);
  });

  it('uses nearest-rank percentiles [ORCHD-041]', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([50, 95, 99].map((p) => percentile(hundred, p))).toEqual([50, 95, 99]);
    expect([50, 95, 99].map((p) => percentile([7, 9], p))).toEqual([7, 9, 9]);
    expect(percentile([], 50)).toBeNull();
  });
});
