// WA-002, WA-003, WA-007, WA-008, WA-010: Triton-specific behaviour of the triton
// adapter beyond the shared suite, against Triton simulator processes: the seed
// input name probe, context from the model config, the token estimate, nv_ metrics.
import { describe, expect, it } from 'vitest';
import { AdapterError } from '../src/index.js';
import { createTritonAdapter } from '../src/triton/adapter.js';
import { collect, textOf } from './conformance/helpers.js';
import { completionRequest as request, simulatorSetup } from './support/simulator-setup.js';

const setup = simulatorSetup('triton', (sim) =>
  createTritonAdapter({ endpoint: sim.endpoint, model: 'ensemble' }),
);

describe('triton adapter', () => {
  it('reads refused connections during the load as down, then ready [WA-002, WA-018]', async () => {
    const { sim, adapter } = await setup({ loadingMs: 1500, waitFor: 'port' });
    expect((await adapter.health()).type).toBe('down');
    await sim.ready;
    expect(await adapter.health()).toEqual({ type: 'ready' });
  });

  it('reports the /v2 version, max_seq_len and max_batch_size from the model config [WA-003, WA-018]', async () => {
    const { adapter } = await setup({ ctx: 3072, slots: 4, engineVersion: '2.59.1' });
    expect(await adapter.properties()).toEqual({
      engine: 'triton',
      engine_version: '2.59.1',
      model_digest: null,
      model_id: 'ensemble',
      ctx_max: 3072,
      slots_total: 4,
    });
  });

  it('sends the seed under the name the model declares (random_seed on older ensembles) [WA-006, WA-018]', async () => {
    const { adapter } = await setup({ model: 'seeded', tritonSeedInput: 'random_seed' });
    const run = async (seed: number) => textOf(await collect(adapter.complete(request({ seed }))));
    const first = await run(1);
    expect(await run(1)).toBe(first);
    expect(await run(2)).not.toBe(first);
  });

  it('estimates token counts on the safe side, since Triton has no tokenizer endpoint [WA-003, WA-018]', async () => {
    const { adapter } = await setup({});
    expect(await adapter.countTokens('the quick brown fox')).toBe(7);
    expect(await adapter.countTokens('')).toBe(1);
  });

  it('reads the TRT-LLM KV fraction and request gauges; no token counter exists [WA-007, WA-018]', async () => {
    const { adapter } = await setup({});
    expect(await adapter.metrics()).toEqual({
      kv_cache_usage_ratio: 0,
      requests_running: 0,
      requests_waiting: 0,
      tokens_generated_total: null,
    });
  });

  it('maps an HTTP 500 before the stream to a non-retriable INTERNAL error [WA-008, WA-018]', async () => {
    const { adapter } = await setup({ faults: [{ type: 'http-500' }] });
    const failure = await collect(adapter.complete(request())).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AdapterError);
    expect(failure).toMatchObject({ code: 'INTERNAL', retriable: false });
  });
});
