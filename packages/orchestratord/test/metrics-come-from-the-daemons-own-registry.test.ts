// ORCHD-051: GET /metrics serves the contract's series from a registry that
// belongs to one daemon. Two daemons in one process keep separate counts, the
// prom-client global registry stays empty of contract series, and after some
// traffic every family of ci/metrics.lint.json is served with its samples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from 'prom-client';
import { lintMetricsExposition, loadMetricsContract } from '@llama-orch/contracts';
import { createMockAdapter, type EngineAdapter } from '@llama-orch/worker-adapters';
import { auth, buildTestApp, taskBody, waitFor, type LogSink, replicasOf } from './support/harness.js';
import { samplesOf, valueOf } from './support/metrics-scrape.js';
import type { OrchestratordApp } from '../src/index.js';

type Built = OrchestratordApp & { logs: LogSink };
let busy: Built;
let idle: Built;

/** A mock engine that reports KV usage in its metrics, as llama.cpp and vLLM do. */
function kvReportingEngine(): EngineAdapter {
  const base = createMockAdapter({ tokenDelayMs: 1 });
  return {
    ...base,
    metrics: async (signal) => ({ ...(await base.metrics(signal)), kv_cache_usage_ratio: 0.25 }),
  };
}

async function inject(app: Built, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return app.app.inject({
    method,
    url,
    headers: payload === undefined ? auth : { ...auth, 'content-type': 'application/json' },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
}

const scrape = async (app: Built) => (await inject(app, 'GET', '/metrics')).body;
const ended = (app: Built, id: unknown) => () => app.dataPlane.transcript(String(id))?.terminal !== undefined;

beforeAll(async () => {
  busy = await buildTestApp({
    pools: [
      { id: 'mock', replicas: [kvReportingEngine()] },
      { id: 'tiny', replicas: [createMockAdapter({ tokenDelayMs: 50 })], capacity: 1 },
    ],
  });
  idle = await buildTestApp({ pools: [{ id: 'mock', replicas: [createMockAdapter()] }] });

  // Traffic on `busy` only: a completed task, a canceled one, a refusal, a 429 under `reject`,
  // and a catalog entry that is verified.
  const done = taskBody({ max_tokens: 3 });
  expect((await inject(busy, 'POST', '/v1/tasks', done)).statusCode).toBe(202);
  await waitFor(ended(busy, done.task_id), 5_000);
  const canceled = taskBody({ model_ref: 'tiny', max_tokens: 100 });
  expect((await inject(busy, 'POST', '/v1/tasks', canceled)).statusCode).toBe(202);
  const waiting = taskBody({ model_ref: 'tiny', max_tokens: 1 });
  expect((await inject(busy, 'POST', '/v1/tasks', waiting)).statusCode).toBe(202);
  const refusedFull = await inject(busy, 'POST', '/v1/tasks', taskBody({ model_ref: 'tiny' }));
  expect(refusedFull.statusCode).toBe(429);
  await inject(busy, 'POST', `/v1/tasks/${String(canceled.task_id)}/cancel`);
  await waitFor(ended(busy, waiting.task_id), 5_000);
  await inject(busy, 'POST', '/v1/tasks', taskBody({ model_ref: 'no-such-model' }));
  const digest = 'a'.repeat(64);
  await inject(busy, 'POST', '/v1/catalog/models', {
    id: 'catalogued',
    digest,
    source_url: 'file:///models/absent.gguf',
    manifests: [{ path: 'absent.gguf', digest, size_bytes: 1 }],
  });
  await inject(busy, 'POST', '/v1/catalog/models/catalogued/verify');
  await waitFor(
    () => replicasOf(busy.dataPlane).find((r) => r.id === 'mock-0')?.kvCacheUsage === 0.25,
    5_000,
  );
});
afterAll(async () => {
  await busy?.app.close();
  await idle?.app.close();
});

describe('the daemon’s own metrics registry', () => {
  it('keeps two daemons in one process apart and leaves the global prom-client registry alone [ORCHD-051]', async () => {
    const busyText = await scrape(busy);
    const idleText = await scrape(idle);
    expect(valueOf(busyText, 'tasks_enqueued_total')).toBe(3);
    expect(valueOf(busyText, 'tokens_out_total')).toBeGreaterThan(0);
    for (const series of [
      'tasks_enqueued_total',
      'tasks_started_total',
      'tokens_out_total',
      'tasks_rejected_total',
    ])
      expect(valueOf(idleText, series)).toBeUndefined();
    expect(busy.metrics.registry).not.toBe(idle.metrics.registry);
    expect(busy.metrics.registry).not.toBe(register);
    const contract = await loadMetricsContract();
    const global = register.getMetricsAsArray().map((m) => m.name);
    for (const metric of contract.metrics) expect(global).not.toContain(metric.name);
  });

  it('serves every contract family after traffic, with samples for each one this host can have [ORCHD-051, MET-002]', async () => {
    const text = await scrape(busy);
    const contract = await loadMetricsContract();
    expect(lintMetricsExposition(text, contract).problems).toEqual([]);
    // The harness pools run on the CPU development fallback, which exposes no GPU series (MET-019).
    const gpuOnly = new Set(['gpu_utilization', 'vram_used_bytes', 'vram_total_bytes']);
    // Its replicas are bound in process, not read from pool-managerd's registry (MET-037, MET-038).
    const poolManagerOnly = new Set(['replica_state', 'replica_restarts_total']);
    // Nor has it on-demand models (config `models`), whose loads these series count (MET-034).
    const onDemandOnly = new Set([
      'model_loads_total',
      'model_evictions_total',
      'model_load_ms',
      'model_resident',
    ]);
    for (const metric of contract.metrics) {
      expect(text).toContain(`# HELP ${metric.name} `);
      expect(text).toContain(`# TYPE ${metric.name} ${metric.type}`);
      const sampleName = metric.type === 'histogram' ? `${metric.name}_count` : metric.name;
      const samples = samplesOf(text, sampleName);
      if (gpuOnly.has(metric.name) || onDemandOnly.has(metric.name) || poolManagerOnly.has(metric.name))
        expect(samples, metric.name).toEqual([]);
      else expect(samples.length, `${metric.name} has no sample after traffic`).toBeGreaterThan(0);
    }
  });
});
