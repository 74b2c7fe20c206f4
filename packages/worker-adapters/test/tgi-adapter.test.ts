// WA-002, WA-003, WA-004, WA-007, WA-008, WA-010: TGI-specific behaviour of the
// tgi-http adapter beyond the shared suite, each against a TGI simulator process
// that enforces TGI's own validation rules (temperature > 0, top_p inside (0, 1)).
import { describe, expect, it } from 'vitest';
import type { EngineAdapter, SamplerParams } from '../src/index.js';
import { createTgiAdapter } from '../src/tgi-http/adapter.js';
import { collect, profile, textOf } from './conformance/helpers.js';
import { completionRequest as request, simulatorSetup } from './support/simulator-setup.js';

const setup = simulatorSetup('tgi', (sim) => createTgiAdapter({ endpoint: sim.endpoint }));

const textFor = async (adapter: EngineAdapter, seed: number, sampler: SamplerParams) =>
  textOf(await collect(adapter.complete(request({ seed, sampler }))));

describe('tgi-http adapter', () => {
  it('reads refused connections during the load as down, then ready [WA-002, WA-017]', async () => {
    const { sim, adapter } = await setup({ loadingMs: 1500, waitFor: 'port' });
    expect((await adapter.health()).type).toBe('down');
    await sim.ready;
    expect(await adapter.health()).toEqual({ type: 'ready' });
  });

  it('reports version+sha, max_total_tokens, max_concurrent_requests and the model revision [WA-003, WA-017]', async () => {
    const { adapter } = await setup({ ctx: 4096, slots: 3 });
    const props = await adapter.properties();
    expect(props).toMatchObject({
      engine: 'tgi',
      engine_version: '3.3.6-sim+5e1a0c0',
      ctx_max: 4096,
      slots_total: 3,
    });
    expect(props.model_id).toBe('sim/golden');
    expect(props.model_digest).toMatch(/^[0-9a-f]{8}$/);
  });

  it('sends greedy profiles without sampling knobs, which TGI would reject or sample with [WA-010, WA-017]', async () => {
    const { adapter } = await setup({ model: 'seeded' });
    const strict = profile('det-v1');
    expect(await textFor(adapter, 1, strict)).toBe(await textFor(adapter, 2, strict));
    // temperature > 0 but top_k 1 is greedy too.
    const topK1 = { ...profile('default-v1'), top_k: 1 };
    expect(await textFor(adapter, 1, topK1)).toBe(await textFor(adapter, 2, topK1));
  });

  it('drops neutral top_p (1) and top_k (0), which TGI rejects, and still samples by seed [WA-010, WA-017]', async () => {
    const { adapter } = await setup({ model: 'seeded' });
    const wide = { ...profile('default-v1'), top_p: 1, top_k: 0 };
    const [a, b] = [await textFor(adapter, 1, wide), await textFor(adapter, 2, wide)];
    expect(a).not.toBe('');
    expect(b).not.toBe(a);
  });

  it('reports input_length as tokens_in, matching /tokenize [WA-003, WA-017]', async () => {
    const { adapter } = await setup({ model: 'golden' });
    const events = await collect(
      adapter.complete(request({ prompt: 'the quick brown fox', max_tokens: 64 })),
    );
    const end = events.at(-1);
    expect(end?.type === 'end' && end.stats.tokens_in).toBe(await adapter.countTokens('the quick brown fox'));
  });

  it('maps 429 overloaded to a retriable POOL_UNAVAILABLE [WA-008, WA-017]', async () => {
    const { adapter } = await setup({ model: 'seeded', slots: 1, tokenDelayMs: 5 });
    const controller = new AbortController();
    const stream = adapter.complete(request({ max_tokens: 1000, signal: controller.signal }));
    const busy = stream[Symbol.asyncIterator]();
    await busy.next();
    const failure = await collect(adapter.complete(request())).catch((err: unknown) => err);
    controller.abort(new Error('done'));
    await busy.next().catch(() => undefined);
    expect(failure).toMatchObject({ code: 'POOL_UNAVAILABLE', retriable: true });
  });

  it('has no KV metric and counts generated tokens once a request ends [WA-007, WA-017]', async () => {
    const { adapter } = await setup({ model: 'golden' });
    const before = await adapter.metrics();
    await collect(adapter.complete(request({ max_tokens: 5 })));
    const after = await adapter.metrics();
    expect(after.kv_cache_usage_ratio).toBeNull();
    expect((after.tokens_generated_total ?? 0) - (before.tokens_generated_total ?? 0)).toBe(5);
  });
});
