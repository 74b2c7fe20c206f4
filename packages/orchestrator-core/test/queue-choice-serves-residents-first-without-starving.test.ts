// Which model's queue gets the device next: residents before swaps, starved
// queues before everything, interactive work displacing only idle residents.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickQueueToServe, queueWaitedMs, type ModelQueueView } from '../src/index.js';
import { RUNS } from './support/arbitraries.js';
import { queueViewArb } from './support/residency-arbitraries.js';

const NOW = 50_000;
const choiceCaseArb = fc.record({
  queues: fc
    .integer({ min: 1, max: 4 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => queueViewArb(`m${i}`, NOW)))),
  max_wait_ms: fc.integer({ min: 1, max: 8_000 }),
});

const view = (model_ref: string, extra: Partial<ModelQueueView>): ModelQueueView => ({
  model_ref,
  queued: 1,
  head_priority: 'batch',
  head_enqueued_ms: NOW - 1_000,
  last_served_ms: null,
  resident: false,
  in_flight: 0,
  ...extra,
});

describe('queue choice', () => {
  it('serves some non-empty queue, and is idle only when every queue is empty [CORE-073]', () => {
    fc.assert(
      fc.property(choiceCaseArb, ({ queues, max_wait_ms }) => {
        const choice = pickQueueToServe({ queues, now_ms: NOW, max_wait_ms });
        const waiting = queues.filter((q) => q.queued > 0);
        expect(choice.type === 'idle').toBe(waiting.length === 0);
        if (choice.type !== 'serve') return;
        const chosen = waiting.find((q) => q.model_ref === choice.model_ref)!;
        expect(chosen).toBeDefined();
        expect(choice.needs_load).toBe(!chosen.resident);
        expect(choice.waited_ms).toBe(queueWaitedMs(chosen, NOW));
      }),
      RUNS,
    );
  });

  it('never passes over a starved queue: the longest-starved wins [CORE-073]', () => {
    fc.assert(
      fc.property(choiceCaseArb, ({ queues, max_wait_ms }) => {
        const choice = pickQueueToServe({ queues, now_ms: NOW, max_wait_ms });
        const starved = queues.filter(
          (q) => q.queued > 0 && !q.resident && queueWaitedMs(q, NOW) >= max_wait_ms,
        );
        if (starved.length === 0 || choice.type !== 'serve') return;
        expect(choice.reason).toBe('max-wait');
        expect(choice.waited_ms).toBe(Math.max(...starved.map((q) => queueWaitedMs(q, NOW))));
      }),
      RUNS,
    );
  });

  it('serves residents before any swap unless an interactive head meets only idle residents [CORE-073, CORE-074]', () => {
    fc.assert(
      fc.property(choiceCaseArb, ({ queues, max_wait_ms }) => {
        const choice = pickQueueToServe({ queues, now_ms: NOW, max_wait_ms });
        if (choice.type !== 'serve' || choice.reason === 'max-wait' || choice.reason === 'free-room') return;
        const chosen = queues.find((q) => q.model_ref === choice.model_ref)!;
        const residentWork = queues.some((q) => q.resident && q.queued > 0);
        if (chosen.resident || !residentWork) return;
        // A swap while residents still have work: only an interactive head, only past idle residents.
        expect(choice.reason).toBe('interactive');
        expect(chosen.head_priority).toBe('interactive');
        expect(queues.filter((q) => q.resident).every((q) => q.in_flight === 0)).toBe(true);
      }),
      RUNS,
    );
  });

  it('puts an interactive resident head before older batch residents [CORE-074]', () => {
    fc.assert(
      fc.property(choiceCaseArb, ({ queues, max_wait_ms }) => {
        const choice = pickQueueToServe({ queues, now_ms: NOW, max_wait_ms });
        if (choice.type !== 'serve' || choice.reason !== 'resident') return;
        const chosen = queues.find((q) => q.model_ref === choice.model_ref)!;
        const interactiveResident = queues.some(
          (q) => q.resident && q.queued > 0 && q.head_priority === 'interactive',
        );
        if (interactiveResident) expect(chosen.head_priority).toBe('interactive');
      }),
      RUNS,
    );
  });

  it('keeps the resident model until the other queue has waited max_wait_ms [CORE-073]', () => {
    const a = view('a', { resident: true, head_enqueued_ms: NOW - 100, last_served_ms: NOW - 50 });
    const b = view('b', { head_enqueued_ms: NOW - 1_999 });
    expect(pickQueueToServe({ queues: [a, b], now_ms: NOW, max_wait_ms: 2_000 })).toEqual({
      type: 'serve',
      model_ref: 'a',
      needs_load: false,
      reason: 'resident',
      waited_ms: 50,
    });
    expect(pickQueueToServe({ queues: [a, b], now_ms: NOW + 1, max_wait_ms: 2_000 })).toMatchObject({
      model_ref: 'b',
      needs_load: true,
      reason: 'max-wait',
      waited_ms: 2_000,
    });
    // A queue evicted a moment ago restarts its clock from its last service.
    const evicted = view('b', { head_enqueued_ms: NOW - 5_000, last_served_ms: NOW - 10 });
    expect(pickQueueToServe({ queues: [a, evicted], now_ms: NOW, max_wait_ms: 2_000 })).toMatchObject({
      model_ref: 'a',
    });
  });

  it('loads into free room at once and lets interactive work past idle residents only [CORE-073, CORE-074]', () => {
    const a = view('a', { resident: true, head_enqueued_ms: NOW - 500 });
    const free = view('b', { loads_without_eviction: true, head_enqueued_ms: NOW });
    expect(pickQueueToServe({ queues: [a, free], now_ms: NOW, max_wait_ms: 2_000 })).toMatchObject({
      model_ref: 'b',
      reason: 'free-room',
    });
    const urgent = view('b', { head_priority: 'interactive', head_enqueued_ms: NOW });
    expect(pickQueueToServe({ queues: [a, urgent], now_ms: NOW, max_wait_ms: 2_000 })).toMatchObject({
      model_ref: 'b',
      reason: 'interactive',
    });
    const busyA = { ...a, in_flight: 1 };
    expect(pickQueueToServe({ queues: [busyA, urgent], now_ms: NOW, max_wait_ms: 2_000 })).toMatchObject({
      model_ref: 'a',
      reason: 'resident',
    });
    expect(pickQueueToServe({ queues: [view('a', { queued: 0 })], now_ms: NOW, max_wait_ms: 1 })).toEqual({
      type: 'idle',
    });
  });
});
