// Swap counts of our scheduler against swapping on every change of model, in
// the pure device simulation (test/support/swap-simulator.ts), plus the swap
// and wait bounds CORE-078 states for two agents alternating on one device.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RUNS } from './support/arbitraries.js';
import { simulate, type SimModel } from './support/swap-simulator.js';

const GiB = 1024 ** 3;
const models = (refs: string[], load_ms: number, service_ms: number): SimModel[] =>
  refs.map((model_ref) => ({ model_ref, need_bytes: 10 * GiB, load_ms, service_ms }));

/** CORE-078's floor on requests served per residency. */
const perResidency = (max_wait_ms: number, load_ms: number, service_ms: number) =>
  Math.max(1, Math.ceil((max_wait_ms - load_ms) / service_ms));

describe('model swaps', () => {
  it('three models on a budget for two: at most half the swaps of swap-on-change [CORE-078]', () => {
    const run = (scheduler: 'ours' | 'swap-on-change') =>
      simulate({
        scheduler,
        models: models(['a', 'b', 'c'], 400, 100),
        budget_bytes: 20 * GiB,
        agents: ['a', 'b', 'c'].map((model_ref) => ({ model_ref, requests: 100, think_ms: 0 })),
        max_wait_ms: 2_000,
      });
    const ours = run('ours');
    const naive = run('swap-on-change');
    expect(ours.completed).toBe(300);
    expect(naive.completed).toBe(300);
    // A plain proxy with LRU evicts exactly the model asked for next: a swap on nearly every request.
    expect(naive.swaps).toBeGreaterThan(250);
    expect(ours.swaps).toBeLessThanOrEqual(naive.swaps / 2);
    expect(ours.end_ms).toBeLessThan(naive.end_ms);
  });

  it('two agents alternating A and B on a one-model device: swaps ≤ ⌈N / b⌉, waits ≤ max(max_wait, load) + load + service [CORE-078]', () => {
    const [max_wait_ms, load_ms, service_ms, N] = [2_000, 400, 100, 200];
    const ours = simulate({
      scheduler: 'ours',
      models: models(['a', 'b'], load_ms, service_ms),
      budget_bytes: 10 * GiB,
      agents: ['a', 'b'].map((model_ref) => ({ model_ref, requests: N / 2, think_ms: 0 })),
      max_wait_ms,
    });
    const b = perResidency(max_wait_ms, load_ms, service_ms); // 16
    expect(ours.completed).toBe(N);
    expect(ours.swaps).toBeLessThanOrEqual(Math.ceil(N / b)); // ≤ 13, against 199 for swap-on-change
    expect(Math.max(...ours.waits)).toBeLessThanOrEqual(
      Math.max(max_wait_ms, load_ms) + load_ms + service_ms,
    );
  });

  it('holds the two-agent bounds for any load, service and max wait [CORE-078]', () => {
    const arb = fc.record({
      max_wait_ms: fc.integer({ min: 1, max: 5_000 }),
      load_ms: fc.integer({ min: 0, max: 2_000 }),
      service_ms: fc.integer({ min: 1, max: 500 }),
      perAgent: fc.integer({ min: 1, max: 40 }),
    });
    fc.assert(
      fc.property(arb, ({ max_wait_ms, load_ms, service_ms, perAgent }) => {
        const result = simulate({
          scheduler: 'ours',
          models: models(['a', 'b'], load_ms, service_ms),
          budget_bytes: 10 * GiB,
          agents: ['a', 'b'].map((model_ref) => ({ model_ref, requests: perAgent, think_ms: 0 })),
          max_wait_ms,
        });
        const n = 2 * perAgent;
        expect(result.completed).toBe(n);
        expect(result.swaps).toBeLessThanOrEqual(
          Math.ceil(n / perResidency(max_wait_ms, load_ms, service_ms)),
        );
        expect(Math.max(...result.waits)).toBeLessThanOrEqual(
          Math.max(max_wait_ms, load_ms) + load_ms + service_ms,
        );
      }),
      RUNS,
    );
  });

  it('starves no agent on a crowded device: every request starts within max_wait + k·(load + service) [CORE-073]', () => {
    const arb = fc.record({
      k: fc.integer({ min: 2, max: 4 }),
      room: fc.integer({ min: 1, max: 3 }),
      max_wait_ms: fc.integer({ min: 1, max: 5_000 }),
      load_ms: fc.integer({ min: 0, max: 1_000 }),
      service_ms: fc.integer({ min: 1, max: 300 }),
      think_ms: fc.integer({ min: 0, max: 500 }),
      perAgent: fc.integer({ min: 1, max: 15 }),
    });
    fc.assert(
      fc.property(arb, ({ k, room, max_wait_ms, load_ms, service_ms, think_ms, perAgent }) => {
        const refs = Array.from({ length: k }, (_, i) => `m${i}`);
        const result = simulate({
          scheduler: 'ours',
          models: models(refs, load_ms, service_ms),
          budget_bytes: Math.min(room, k) * 10 * GiB,
          agents: refs.map((model_ref) => ({ model_ref, requests: perAgent, think_ms })),
          max_wait_ms,
        });
        expect(result.completed).toBe(k * perAgent);
        expect(Math.max(...result.waits)).toBeLessThanOrEqual(max_wait_ms + k * (load_ms + service_ms));
      }),
      RUNS,
    );
  });
});
