// The id index finds candidates by a 30-bit tag; a tag match alone must never
// identify a task. These ids are chosen so that their tags collide (found by
// a birthday search), so every lookup has to be settled by the exact key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPoolQueue, type QueueItem } from '../src/index.js';
import { IdKey } from '../src/id-key.js';
import { RUNS, priorityArb } from './support/arbitraries.js';
import { ReferenceQueue } from './support/reference-queue.js';
import { collidingPair, nextUuid, seeded } from './support/uuid-text.js';

const tagOf = (id: string) => new IdKey().load(id).tag;
const next = seeded(42);
const [uuidA, uuidB] = collidingPair(() => nextUuid(next), tagOf);
const [textA, textB] = collidingPair((i) => `task-${i}`, tagOf);
/** Colliding uuid pair, colliding string pair, and the same uuid in capitals (a different id). */
const IDS = [uuidA, uuidB, textA, textB, uuidA.toUpperCase()];

describe('ids that share an index tag', () => {
  it('are really colliding pairs of distinct ids', () => {
    expect(uuidA).not.toBe(uuidB);
    expect(tagOf(uuidA)).toBe(tagOf(uuidB));
    expect(textA).not.toBe(textB);
    expect(tagOf(textA)).toBe(tagOf(textB));
  });

  it('cancels exactly the named task and keeps the other queued [CORE-015] [CORE-016]', () => {
    for (const [first, second] of [
      [uuidA, uuidB],
      [textA, textB],
    ] as const) {
      const queue = createPoolQueue<QueueItem>({ capacity: 4, full_policy: 'reject' });
      queue.enqueue({ id: first, priority: 'batch' });
      expect(queue.has(second)).toBe(false);
      expect(queue.cancel(second)).toEqual({ type: 'not-queued', id: second });
      expect(queue.enqueue({ id: second, priority: 'batch' })).toMatchObject({ type: 'enqueued' });
      expect(queue.cancel(second)).toEqual({ type: 'canceled', task: { id: second, priority: 'batch' } });
      expect(queue.toArray().map((t) => t.id)).toEqual([first]);
      expect(queue.positionOf(first)).toBe(0);
    }
  });

  it('agree with the reference queue under any mix of operations [CORE-015] [CORE-016] [CORE-019]', () => {
    const opArb = fc.oneof(
      fc.record({
        type: fc.constant('enqueue' as const),
        id: fc.constantFrom(...IDS),
        priority: priorityArb,
      }),
      fc.record({ type: fc.constant('cancel' as const), id: fc.constantFrom(...IDS) }),
      fc.constant({ type: 'dequeue' as const }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const queue = createPoolQueue<QueueItem>({ capacity: 4, full_policy: 'drop-lru' });
        const model = new ReferenceQueue(4, 'drop-lru');
        for (const op of ops) {
          if (op.type === 'enqueue') {
            const got = queue.enqueue({ id: op.id, priority: op.priority });
            const want = model.enqueue({ id: op.id, priority: op.priority });
            expect(got.type === 'enqueued' ? (got.evicted?.task.id ?? null) : got.code).toEqual(
              want.type === 'enqueued' ? want.evicted : want.code,
            );
          }
          if (op.type === 'cancel') expect(queue.cancel(op.id).type === 'canceled').toBe(model.cancel(op.id));
          if (op.type === 'dequeue') expect(queue.dequeue()?.id).toBe(model.dequeue());
          const order = model.all.map((t) => t.id);
          expect(queue.toArray().map((t) => t.id)).toEqual(order);
          for (const id of IDS)
            expect(queue.positionOf(id)).toBe(order.includes(id) ? order.indexOf(id) : undefined);
        }
      }),
      RUNS,
    );
  });

  it("keeps both findable when a growing lane renumbers them into each other's old slot [CORE-014] [CORE-015]", () => {
    const queue = createPoolQueue<QueueItem>({ capacity: 100, full_policy: 'reject' });
    const fresh = seeded(5);
    const enqueue = (id: string, priority: 'interactive' | 'batch') =>
      expect(queue.enqueue({ id, priority })).toMatchObject({ type: 'enqueued' });
    // A big batch lane, so the small interactive lane's moves are followed one by one.
    for (let i = 0; i < 40; i++) enqueue(nextUuid(fresh), 'batch');
    // Interactive slots 0-9, the first six dequeued: uuidA sits at the head, slot 6.
    for (let i = 0; i < 10; i++) enqueue(i === 6 ? uuidA : nextUuid(fresh), 'interactive');
    for (let i = 0; i < 6; i++) queue.dequeue();
    // Twelve more fill slots 10-15 and wrap into 0-5; uuidB lands in slot 0.
    for (let i = 0; i < 12; i++) enqueue(i === 6 ? uuidB : nextUuid(fresh), 'interactive');
    // The lane is full of live tasks and doubles: uuidA moves to slot 0, where uuidB was.
    enqueue(nextUuid(fresh), 'interactive');
    expect(queue.positionOf(uuidA)).toBe(0);
    expect(queue.positionOf(uuidB)).toBe(10);
    expect(queue.cancel(uuidB)).toEqual({ type: 'canceled', task: { id: uuidB, priority: 'interactive' } });
    expect(queue.cancel(uuidA)).toEqual({ type: 'canceled', task: { id: uuidA, priority: 'interactive' } });
    expect(queue.size()).toBe(40 + 15);
  });
});
