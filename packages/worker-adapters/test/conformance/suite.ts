// WA-001..WA-009, WA-012, WA-013, WA-020: THE conformance suite. Every adapter (mock
// included) proves the port's contract by calling defineConformanceSuite()
// from a `*.conformance.test.ts` file with a target that starts its engine:
// a real process, a simulator or an in-process fake.
//
// How a target plugs in:
//   defineConformanceSuite({
//     name: 'llamacpp-http vs real llama-server',
//     engine: 'llamacpp',
//     start: async ({ model }) => ({ adapter, kill, stop, isIdle, generatedTokensTotal, golden }),
//     capabilities: {
//       longMaxTokens: 2000,
//       workloads: { chat: true, tools: false, infill: false },
//       faults: { hang: async () => ... },
//     },
//   });
// start() may get a `toolCall` to configure on the engine for the tools case (chat-cases.ts).
// The suite starts each engine it needs in beforeAll and stops it in afterAll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError } from '../../src/index.js';
import type { SamplerParams, StopReason } from '../../src/index.js';
import type { ConformanceEngine, ConformanceTarget } from './types.js';
import { collect, deadline, profile, signature, textOf, tokensOf } from './helpers.js';
import { defineChatCases } from './chat-cases.js';
import { defineFaultCases } from './fault-cases.js';

export type {
  ConformanceEngine,
  ConformanceFaults,
  ConformanceModel,
  ConformanceStartOptions,
  ConformanceTarget,
  ConformanceToolCall,
  ConformanceWorkloads,
  GoldenExpectation,
} from './types.js';
export { CONFORMANCE_TOOL_CALL, assembleToolCalls } from './chat-cases.js';

const STRICT: SamplerParams = profile('det-v1');
const SAMPLED: SamplerParams = profile('default-v1');
const SEEDED_PROMPT = 'hello';

export function defineConformanceSuite(target: ConformanceTarget): void {
  const { longMaxTokens } = target.capabilities;
  const startTimeout = target.capabilities.startTimeoutMs ?? 30_000;

  describe(`${target.name} conformance: golden model`, () => {
    let engine: ConformanceEngine;
    beforeAll(async () => {
      engine = await target.start({ model: 'golden' });
    }, startTimeout);
    afterAll(async () => {
      await engine?.stop();
    }, startTimeout);

    it('reports ready health [WA-002]', async () => {
      expect(await engine.adapter.health()).toEqual({ type: 'ready' });
    });

    it('reports engine, version, digest, context and slots [WA-003]', async () => {
      const props = await engine.adapter.properties();
      expect(props.engine).toBe(target.engine);
      expect(props.engine_version.trim()).not.toBe('');
      expect(props.model_id.trim()).not.toBe('');
      if (engine.modelDigest !== undefined) expect(props.model_digest).toBe(engine.modelDigest);
      expect(Number.isInteger(props.ctx_max) && props.ctx_max > 0).toBe(true);
      expect(Number.isInteger(props.slots_total) && props.slots_total >= 1).toBe(true);
    });

    it('streams tokens numbered from 0, then exactly one end counting them [WA-004]', async () => {
      const golden = requireGolden(engine);
      const events = await collect(
        engine.adapter.complete({ prompt: golden.prompt, max_tokens: 64, seed: 7, sampler: STRICT }),
      );
      const tokens = tokensOf(events);
      expect(tokens.length).toBeGreaterThan(0);
      tokens.forEach((token, index) => expect(token.i).toBe(index));
      expect(events.filter((e) => e.type === 'end')).toHaveLength(1);
      const last = events.at(-1);
      expect(last?.type).toBe('end');
      if (last?.type === 'end') {
        expect(last.stats.tokens_out).toBe(tokens.length);
        expect(last.stats.decode_ms).toBeGreaterThanOrEqual(0);
      }
    });

    it('reproduces the golden text and reports an eos stop [WA-005]', async () => {
      const golden = requireGolden(engine);
      const events = await collect(
        engine.adapter.complete({ prompt: golden.prompt, max_tokens: 64, seed: 1, sampler: STRICT }),
      );
      expect(textOf(events)).toBe(golden.text);
      expect(stopOf(events)).toBe<StopReason>('eos');
    });

    it('stops at max_tokens and reports a limit stop [WA-004]', async () => {
      const golden = requireGolden(engine);
      const events = await collect(
        engine.adapter.complete({ prompt: golden.prompt, max_tokens: 3, seed: 1, sampler: STRICT }),
      );
      expect(tokensOf(events)).toHaveLength(3);
      expect(stopOf(events)).toBe<StopReason>('limit');
    });

    it('counts prompt tokens [WA-003]', async () => {
      expect(await engine.adapter.countTokens('the quick brown fox')).toBeGreaterThan(0);
    });

    it('returns a metrics snapshot whose generated-token counter grows [WA-007]', async () => {
      const before = await engine.adapter.metrics();
      for (const key of ['kv_cache_usage_ratio', 'requests_running', 'requests_waiting'] as const) {
        expect(before[key] === null || typeof before[key] === 'number').toBe(true);
      }
      const golden = requireGolden(engine);
      await collect(
        engine.adapter.complete({ prompt: golden.prompt, max_tokens: 8, seed: 1, sampler: STRICT }),
      );
      const after = await engine.adapter.metrics();
      if (before.tokens_generated_total !== null) {
        expect(after.tokens_generated_total).toBeGreaterThan(before.tokens_generated_total);
      }
    });
  });

  describe(`${target.name} conformance: seeded model`, () => {
    let engine: ConformanceEngine;
    beforeAll(async () => {
      engine = await target.start({ model: 'seeded' });
    }, startTimeout);
    afterAll(async () => {
      await engine?.stop();
    }, startTimeout);

    const run = (seed: number) =>
      collect(engine.adapter.complete({ prompt: SEEDED_PROMPT, max_tokens: 24, seed, sampler: SAMPLED }));

    it('gives an identical stream for the same seed [WA-006]', async () => {
      const first = await run(1234);
      const second = await run(1234);
      expect(signature(second)).toBe(signature(first));
      expect(tokensOf(first).length).toBeGreaterThan(0);
      expect(first.at(-1)?.type).toBe('end');
    });

    it('gives different streams for different seeds [WA-006]', async () => {
      const streams: string[] = [];
      for (const seed of [1, 2, 3]) streams.push(signature(await run(seed)));
      expect(new Set(streams).size).toBe(3);
    });

    it('rejects at once with the abort reason when the signal is already aborted [WA-009]', async () => {
      const reason = new Error('cancelled before start');
      await expect(
        collect(
          engine.adapter.complete({
            prompt: SEEDED_PROMPT,
            max_tokens: 8,
            seed: 1,
            sampler: SAMPLED,
            signal: AbortSignal.abort(reason),
          }),
        ),
      ).rejects.toBe(reason);
    });

    it('cancels mid-stream: rejects promptly with the reason and the engine stops [WA-009]', async () => {
      const totalBefore = (await engine.generatedTokensTotal?.()) ?? null;
      const controller = new AbortController();
      const reason = new Error('user cancel');
      const stream = engine.adapter.complete({
        prompt: SEEDED_PROMPT,
        max_tokens: longMaxTokens,
        seed: 5,
        sampler: SAMPLED,
        signal: controller.signal,
      });
      const iterator = stream[Symbol.asyncIterator]();
      const seen: number[] = [];
      while (seen.length < 2) {
        const step = await iterator.next();
        if (step.done === true || step.value.type !== 'token')
          throw new Error('stream ended before 2 tokens');
        seen.push(step.value.i);
      }
      const abortedAt = performance.now();
      controller.abort(reason);
      await expect(iterator.next()).rejects.toBe(reason);
      expect(performance.now() - abortedAt).toBeLessThan(500);

      if (engine.isIdle !== undefined) {
        const isIdle = engine.isIdle.bind(engine);
        await deadline(3_000, 'engine still busy 3 s after the cancel', isIdle);
      }
      if (engine.generatedTokensTotal !== undefined && totalBefore !== null) {
        const settled = await engine.generatedTokensTotal();
        await new Promise((resolve) => setTimeout(resolve, 400));
        const later = await engine.generatedTokensTotal();
        expect(later).toBe(settled);
        expect((settled ?? 0) - totalBefore).toBeLessThan(longMaxTokens);
      }
      // The slot is free again: a fresh request completes.
      const events = await collect(
        engine.adapter.complete({ prompt: SEEDED_PROMPT, max_tokens: 4, seed: 9, sampler: SAMPLED }),
      );
      expect(events.at(-1)?.type).toBe('end');
    });
  });

  describe(`${target.name} conformance: engine failures`, () => {
    let engine: ConformanceEngine;
    beforeAll(async () => {
      engine = await target.start({ model: 'seeded' });
    }, startTimeout);
    afterAll(async () => {
      await engine?.stop();
    }, startTimeout);

    it('throws WORKER_RESET within 1 s when the engine dies mid-stream [WA-008]', async () => {
      const stream = engine.adapter.complete({
        prompt: SEEDED_PROMPT,
        max_tokens: longMaxTokens,
        seed: 11,
        sampler: SAMPLED,
      });
      const iterator = stream[Symbol.asyncIterator]();
      for (let n = 0; n < 2; n += 1) {
        const step = await iterator.next();
        if (step.done === true || step.value.type !== 'token')
          throw new Error('stream ended before 2 tokens');
      }
      const killedAt = performance.now();
      await engine.kill();
      let failure: unknown;
      try {
        for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) {
          expect(step.value.type).toBe('token');
        }
      } catch (err) {
        failure = err;
      }
      expect(performance.now() - killedAt).toBeLessThan(1_000);
      expect(failure).toBeInstanceOf(AdapterError);
      expect((failure as AdapterError).code).toBe('WORKER_RESET');
      expect((failure as AdapterError).retriable).toBe(true);
    });

    it('reports a dead engine as down and refuses work with POOL_UNAVAILABLE [WA-002, WA-008]', async () => {
      await engine.kill();
      const health = await engine.adapter.health();
      expect(health.type).toBe('down');
      const failure = await collect(
        engine.adapter.complete({ prompt: SEEDED_PROMPT, max_tokens: 4, seed: 1, sampler: SAMPLED }),
      ).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(AdapterError);
      expect((failure as AdapterError).code).toBe('POOL_UNAVAILABLE');
      await expect(engine.adapter.properties()).rejects.toMatchObject({ code: 'POOL_UNAVAILABLE' });
    });
  });

  defineChatCases(target, SAMPLED);

  const faults = target.capabilities.faults;
  if (faults !== undefined) defineFaultCases(target.name, faults, SAMPLED);
}

function requireGolden(engine: ConformanceEngine) {
  if (engine.golden === undefined) throw new Error('target.start({model: "golden"}) must return `golden`');
  return engine.golden;
}

function stopOf(events: Awaited<ReturnType<typeof collect>>): StopReason | undefined {
  const last = events.at(-1);
  return last?.type === 'end' ? last.stats.stop_reason : undefined;
}
