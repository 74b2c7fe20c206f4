// WA-002, WA-003, WA-007, WA-008, WA-010, WA-012: vLLM-specific behaviour of the
// vllm-http adapter beyond the shared suite, each against a vLLM simulator process
// configured for the case (loading, wrong model name, faults, legacy metrics).
import { describe, expect, it } from 'vitest';
import { AdapterError } from '../src/index.js';
import type { EngineAdapter } from '../src/index.js';
import { createVllmAdapter } from '../src/vllm-http/adapter.js';
import type { VllmAdapterOptions } from '../src/vllm-http/adapter.js';
import { collect, profile, textOf } from './conformance/helpers.js';
import { completionRequest as request, simulatorSetup } from './support/simulator-setup.js';

const setup = simulatorSetup('vllm', (sim, options: Partial<VllmAdapterOptions> = {}): EngineAdapter =>
  createVllmAdapter({ endpoint: sim.endpoint, model: sim.options.modelName, ...options }),
);

const failureOf = (adapter: EngineAdapter, req = request()) =>
  collect(adapter.complete(req)).then(
    () => undefined,
    (err: unknown) => err,
  );

describe('vllm-http adapter', () => {
  it('reads refused connections during the load as down, then ready [WA-002, WA-016]', async () => {
    const { sim, adapter } = await setup({ loadingMs: 1500, waitFor: 'port' });
    expect((await adapter.health()).type).toBe('down');
    await sim.ready;
    expect(await adapter.health()).toEqual({ type: 'ready' });
  });

  it('reports /version, max_model_len and the configured slots [WA-003, WA-016]', async () => {
    const { adapter } = await setup(
      { ctx: 4096, engineVersion: '0.11.2' },
      { slots: 6, modelDigest: 'sha256:abc' },
    );
    expect(await adapter.properties()).toEqual({
      engine: 'vllm',
      engine_version: '0.11.2',
      model_digest: 'sha256:abc',
      model_id: 'golden',
      ctx_max: 4096,
      slots_total: 6,
    });
  });

  it('names the served models when configured with one the engine does not serve [WA-003, WA-016]', async () => {
    const { adapter } = await setup({}, { model: 'llama-3' });
    const failure = await adapter.properties().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AdapterError);
    expect(failure).toMatchObject({ code: 'INTERNAL', retriable: false });
    expect((failure as Error).message).toMatch(/serves: golden/);
  });

  it('reports prompt tokens from the usage chunk, matching /tokenize [WA-003, WA-016]', async () => {
    const { adapter } = await setup({ model: 'golden' });
    const events = await collect(
      adapter.complete(request({ prompt: 'the quick brown fox', max_tokens: 64 })),
    );
    const end = events.at(-1);
    expect(end?.type === 'end' && end.stats.tokens_in).toBe(await adapter.countTokens('the quick brown fox'));
  });

  it('sends temperature 0 as greedy decoding, so the seed does not change the output [WA-010, WA-016]', async () => {
    const { adapter } = await setup({ model: 'seeded' });
    const greedy = { ...profile('default-v1'), temperature: 0 };
    const a = textOf(await collect(adapter.complete(request({ seed: 1, sampler: greedy }))));
    const b = textOf(await collect(adapter.complete(request({ seed: 2, sampler: greedy }))));
    expect(b).toBe(a);
  });

  it('maps an HTTP 500 before the stream to a non-retriable INTERNAL error [WA-008, WA-016]', async () => {
    const { adapter } = await setup({ faults: [{ type: 'http-500' }] });
    expect(await failureOf(adapter)).toMatchObject({ code: 'INTERNAL', retriable: false });
  });

  it('maps an engine crash mid-stream to WORKER_RESET [WA-008, WA-016]', async () => {
    const { adapter } = await setup({ model: 'seeded', faults: [{ type: 'exit-after', tokens: 3 }] });
    expect(await failureOf(adapter, request({ max_tokens: 50 }))).toMatchObject({
      code: 'WORKER_RESET',
      retriable: true,
    });
  });

  it('gives up with DECODE_TIMEOUT when the first token is later than firstTokenMs [WA-012, WA-016]', async () => {
    const { adapter } = await setup(
      { faults: [{ type: 'slow-start', ms: 3000 }] },
      { timeouts: { firstTokenMs: 300 } },
    );
    expect(await failureOf(adapter)).toMatchObject({ code: 'DECODE_TIMEOUT' });
  });

  it('falls back to the deprecated gpu_cache_usage_perc for KV usage [WA-007, WA-016]', async () => {
    const { adapter } = await setup({ vllmLegacyKvMetric: true });
    const snapshot = await adapter.metrics();
    expect(snapshot.kv_cache_usage_ratio).toBe(0);
    expect(snapshot.requests_running).toBe(0);
  });
});
