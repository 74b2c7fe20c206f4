// MET-020: kv_cache_usage_ratio is the engine's own figure, a ratio in [0, 1];
// an engine that reports none has no sample at all (never a made-up 0), and a
// figure the engine stops reporting is withdrawn rather than left stale.
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@llama-orch/contracts';
import { startSimulator } from '@llama-orch/engine-simulators';
import { createMockAdapter, type EngineAdapter } from '@llama-orch/worker-adapters';
import { createLogger } from '../src/index.js';
import { LogSink, TOKEN, startTestDaemon, taskBody, waitFor, replicasOf } from './support/harness.js';
import { call } from './support/client.js';
import { endpointPool, startLocalDaemon } from './support/local-daemon.js';
import { parseSamples, scrape, scrapeUntil, valueOf } from './support/metrics-scrape.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** A mock engine whose /metrics KV figure the test sets; counts how often it was read. */
function engineReportingKv() {
  const base = createMockAdapter();
  let ratio: number | null = null;
  let reads = 0;
  const adapter: EngineAdapter = {
    ...base,
    metrics: async (signal) => {
      reads += 1;
      return { ...(await base.metrics(signal)), kv_cache_usage_ratio: ratio };
    },
  };
  return {
    adapter,
    report: (next: number | null) => {
      ratio = next;
    },
    reads: () => reads,
  };
}

const KV = { engine: 'llamacpp', engine_version: 'mock-1', pool_id: 'kv', replica_id: 'kv-0' };

describe('kv_cache_usage_ratio', () => {
  it('publishes the engine-reported ratio and omits the sample while the engine reports none or a non-ratio [MET-020]', async () => {
    const engine = engineReportingKv();
    const d = await startTestDaemon({ pools: [{ id: 'kv', replicas: [engine.adapter] }] });
    cleanups.push(() => d.stop());
    /** Lets the prober read the engine's metrics twice more, so what follows reflects the new report. */
    const afterTwoReads = async () => {
      const seen = engine.reads();
      await waitFor(() => engine.reads() >= seen + 2, 5_000);
    };

    await afterTwoReads();
    const silent = await scrape(d.url);
    expect(silent).toContain('# TYPE kv_cache_usage_ratio gauge');
    expect(valueOf(silent, 'kv_cache_usage_ratio')).toBeUndefined();

    engine.report(0.375);
    await scrapeUntil(d.url, (t) => valueOf(t, 'kv_cache_usage_ratio', KV) === 0.375);

    // The engine stops reporting: the last figure is withdrawn, not kept and not turned into 0.
    engine.report(null);
    await scrapeUntil(d.url, (t) => valueOf(t, 'kv_cache_usage_ratio') === undefined);

    // 1.7 is no ratio: nothing is published, and nothing is clamped into range.
    engine.report(1.7);
    await afterTwoReads();
    expect(valueOf(await scrape(d.url), 'kv_cache_usage_ratio')).toBeUndefined();

    // A genuine 0 from the engine is a real reading and is published.
    engine.report(0);
    await scrapeUntil(d.url, (t) => valueOf(t, 'kv_cache_usage_ratio', KV) === 0);
  });

  it('takes the figure from a vLLM engine’s own /metrics and exposes none for TGI, which reports none [MET-020]', async () => {
    const vllm = await startSimulator({
      protocol: 'vllm',
      model: 'golden',
      modelName: 'golden',
      tokenDelayMs: 1,
      // Holds the slot with a fixed number of decoded tokens, so the engine's figure stays put.
      faults: [{ type: 'hang-after', tokens: 4 }],
    });
    cleanups.push(() => vllm.stop(500));
    const tgi = await startSimulator({ protocol: 'tgi', model: 'golden', modelName: 'golden' });
    cleanups.push(() => tgi.stop(500));
    const config = parseConfig({
      server: { port: 0 },
      pools: [endpointPool('sim-vllm', 'vllm', vllm.endpoint), endpointPool('sim-tgi', 'tgi', tgi.endpoint)],
    });
    const logger = createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] });
    const running = await startLocalDaemon(config, { logger, tuning: { probeIntervalMs: 50 } });
    cleanups.push(() => running.stop());
    const d = running.daemon;
    await waitFor(
      () => d.dataPlane.readiness().ready && replicasOf(d.dataPlane).every((r) => r.state === 'Ready'),
      10_000,
    );

    const busy = taskBody({ engine: 'vllm', model_ref: 'golden', max_tokens: 64, prompt: 'a b c d e f g h' });
    expect((await call(d.url, 'POST', '/v1/tasks', busy)).status).toBe(202);
    const done = taskBody({ engine: 'tgi', model_ref: 'golden', max_tokens: 4 });
    expect((await call(d.url, 'POST', '/v1/tasks', done)).status).toBe(202);
    await waitFor(() => d.dataPlane.transcript(String(done.task_id))?.terminal !== undefined, 10_000);

    // The engine's own figure, read straight from its /metrics while the slot is held.
    const engineFigure = async () => {
      const text = await (await fetch(`${vllm.endpoint}/metrics`)).text();
      return parseSamples(text).find((s) => s.name === 'vllm:kv_cache_usage_perc')?.value;
    };
    await waitFor(
      () => (replicasOf(d.dataPlane).find((r) => r.id === 'sim-vllm-0')?.kvCacheUsage ?? 0) > 0,
      10_000,
    );
    const reported = await engineFigure();
    expect(reported).toBeGreaterThan(0);
    expect(reported).toBeLessThanOrEqual(1);
    const text = await scrapeUntil(d.url, (t) => {
      const value = valueOf(t, 'kv_cache_usage_ratio', { pool_id: 'sim-vllm' });
      return value !== undefined && Math.abs(value - reported!) < 1e-9;
    });
    expect(valueOf(text, 'kv_cache_usage_ratio', { pool_id: 'sim-tgi' })).toBeUndefined();
    expect((await call(d.url, 'POST', `/v1/tasks/${String(busy.task_id)}/cancel`)).status).toBe(204);
  });
});
