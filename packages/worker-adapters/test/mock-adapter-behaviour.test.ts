// Behaviour of the mock beyond the shared suite: determinism rules, injected
// clock, and faults as configuration (WA-014).
import { describe, expect, it } from 'vitest';
import { AdapterError, createMockAdapter, resolveSamplerProfile } from '../src/index.js';
import type { CompletionRequest, MockClock } from '../src/index.js';
import { collect, signature, textOf, tokensOf } from './conformance/helpers.js';

const sampled = resolveSamplerProfile('default-v1')!;
const greedy = resolveSamplerProfile('det-v1')!;
const req = (overrides: Partial<CompletionRequest> = {}): CompletionRequest => ({
  prompt: 'hello',
  max_tokens: 16,
  seed: 1,
  sampler: sampled,
  ...overrides,
});

/** Time only moves when the mock sleeps, so timeouts elapse instantly. */
function virtualClock(): MockClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal.aborted) throw signal.reason;
      slept.push(ms);
      now += ms;
    },
  };
}

describe('mock adapter', () => {
  it('is a pure function of instance seed, prompt, request seed and sampler [WA-014]', async () => {
    const a = createMockAdapter({ seed: 7 });
    const b = createMockAdapter({ seed: 7 });
    expect(signature(await collect(a.complete(req())))).toBe(signature(await collect(b.complete(req()))));
    const otherPrompt = signature(await collect(a.complete(req({ prompt: 'bye' }))));
    const otherModel = signature(await collect(createMockAdapter({ seed: 8 }).complete(req())));
    expect(otherPrompt).not.toBe(signature(await collect(a.complete(req()))));
    expect(otherModel).not.toBe(signature(await collect(a.complete(req()))));
  });

  it('ignores the seed under greedy sampling, like a real engine [WA-014]', async () => {
    const mock = createMockAdapter();
    const one = await collect(mock.complete(req({ seed: 1, sampler: greedy })));
    const two = await collect(mock.complete(req({ seed: 2, sampler: greedy })));
    expect(signature(two)).toBe(signature(one));
  });

  it('paces tokens and measures decode time on the clock it is given [WA-014]', async () => {
    const clock = virtualClock();
    const mock = createMockAdapter({ clock, tokenDelayMs: 25 });
    const events = await collect(mock.complete(req({ max_tokens: 4 })));
    expect(clock.slept).toEqual([25, 25, 25, 25]);
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      stats: { decode_ms: 100, tokens_out: 4, stop_reason: 'limit' },
    });
  });

  it('uses the configured vocabulary [WA-014]', async () => {
    const mock = createMockAdapter({ vocabulary: ['a', 'b'] });
    expect(textOf(await collect(mock.complete(req({ max_tokens: 10 }))))).toMatch(/^[ab]{10}$/);
  });

  it('breaks each stream after failAfterTokens while the engine stays up [WA-014]', async () => {
    const mock = createMockAdapter({ faults: { failAfterTokens: 3 } });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const event of mock.complete(req())) if (event.type === 'token') seen.push(event.i);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([0, 1, 2]);
    expect((error as AdapterError).code).toBe('WORKER_RESET');
    expect(await mock.health()).toEqual({ type: 'ready' });
  });

  it('times out a hung stream on its clock without real waiting [WA-014, WA-012]', async () => {
    const clock = virtualClock();
    const mock = createMockAdapter({ clock, faults: { hangAfterTokens: 1 }, idleTimeoutMs: 30_000 });
    const error = await collect(mock.complete(req())).catch((e: unknown) => e);
    expect((error as AdapterError).code).toBe('DECODE_TIMEOUT');
    expect(clock.now()).toBe(30_000);
  });

  it('refuses everything while crashed and serves again after restart [WA-014]', async () => {
    const mock = createMockAdapter();
    mock.crash();
    expect((await mock.health()).type).toBe('down');
    await expect(mock.countTokens('x')).rejects.toMatchObject({ code: 'POOL_UNAVAILABLE' });
    mock.restart();
    expect(tokensOf(await collect(mock.complete(req({ max_tokens: 2 }))))).toHaveLength(2);
  });

  it('applies faults changed at runtime with setFaults [WA-014]', async () => {
    const mock = createMockAdapter();
    mock.setFaults({ refuse: true });
    await expect(mock.properties()).rejects.toBeInstanceOf(AdapterError);
    mock.setFaults({});
    expect((await mock.properties()).engine).toBe('mock');
  });

  it('tracks generated tokens and in-flight requests for out-of-band checks [WA-014]', async () => {
    const mock = createMockAdapter();
    await collect(mock.complete(req({ max_tokens: 5 })));
    expect(mock.stats()).toEqual({ generatedTokensTotal: 5, requestsTotal: 1, inFlight: 0 });
    expect((await mock.metrics()).tokens_generated_total).toBe(5);
  });
});
