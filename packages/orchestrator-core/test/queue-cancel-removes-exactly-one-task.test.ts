// Cancel-by-id: exactly the named task goes, everyone else keeps their order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPoolQueue, type QueueItem } from '../src/index.js';
import { RUNS, priorityArb } from './support/arbitraries.js';

describe('queue cancel', () => {
  it('removes exactly the canceled task and preserves the order of the rest [CORE-015]', () => {
    fc.assert(
      fc.property(
        fc.array(priorityArb, { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        (priorities, picks) => {
          const queue = createPoolQueue<QueueItem>({ capacity: 100, full_policy: 'reject' });
          priorities.forEach((priority, i) => queue.enqueue({ id: `t${i}`, priority }));
          for (const pick of picks) {
            const before = queue.toArray();
            if (before.length === 0) break;
            const target = before[pick % before.length]!;
            const result = queue.cancel(target.id);
            expect(result).toEqual({ type: 'canceled', task: target });
            expect(queue.toArray()).toEqual(before.filter((t) => t.id !== target.id));
            expect(queue.has(target.id)).toBe(false);
            expect(queue.positionOf(target.id)).toBeUndefined();
          }
        },
      ),
      RUNS,
    );
  });

  it('is idempotent: canceling an id that is not queued changes nothing [CORE-015]', () => {
    fc.assert(
      fc.property(fc.array(priorityArb, { maxLength: 30 }), fc.nat({ max: 40 }), (priorities, n) => {
        const queue = createPoolQueue<QueueItem>({ capacity: 100, full_policy: 'reject' });
        priorities.forEach((priority, i) => queue.enqueue({ id: `t${i}`, priority }));
        const id = `t${n}`;
        queue.cancel(id);
        const before = queue.toArray();
        expect(queue.cancel(id)).toEqual({ type: 'not-queued', id });
        expect(queue.toArray()).toEqual(before);
      }),
      RUNS,
    );
  });

  it('lets a canceled id be queued again as a fresh task [CORE-016]', () => {
    const queue = createPoolQueue<QueueItem>({ capacity: 2, full_policy: 'reject' });
    queue.enqueue({ id: 'a', priority: 'batch' });
    queue.cancel('a');
    expect(queue.enqueue({ id: 'a', priority: 'interactive' })).toMatchObject({
      type: 'enqueued',
      queue_position: 0,
    });
    expect(queue.depth()).toEqual({ interactive: 1, batch: 0, total: 1 });
  });
});
