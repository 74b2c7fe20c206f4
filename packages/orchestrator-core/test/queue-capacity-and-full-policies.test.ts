// Capacity, the two full policies and "never silent": every task that enters
// the queue leaves it exactly once, through dequeue, cancel or a reported eviction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CoreError,
  createPoolQueue,
  type FullPolicy,
  type PoolQueueOptions,
  type Priority,
  type QueueItem,
} from '../src/index.js';
import { RUNS, priorityArb, queueOpsArb } from './support/arbitraries.js';

const policyArb = fc.constantFrom<FullPolicy>('reject', 'drop-lru');
const rank = (p: Priority) => (p === 'interactive' ? 1 : 0);

describe('queue capacity and full policies', () => {
  it('never holds more tasks than its capacity [CORE-010]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), policyArb, queueOpsArb, (capacity, policy, ops) => {
        const queue = createPoolQueue<QueueItem>({ capacity, full_policy: policy });
        for (const op of ops) {
          if (op.type === 'enqueue') queue.enqueue({ id: op.id, priority: op.priority });
          if (op.type === 'dequeue') queue.dequeue();
          if (op.type === 'cancel') queue.cancel(op.id);
          const { total, interactive, batch } = queue.depth();
          if (total > capacity || interactive + batch !== total) {
            throw new Error(`depth ${JSON.stringify(queue.depth())} breaks capacity ${capacity}`);
          }
        }
        expect(queue.toArray()).toHaveLength(queue.size());
      }),
      RUNS,
    );
  });

  it('refuses the newcomer with ADMISSION_REJECT and leaves a full queue unchanged under reject [CORE-017]', () => {
    fc.assert(
      fc.property(fc.array(priorityArb, { minLength: 1, maxLength: 12 }), priorityArb, (filled, newcomer) => {
        const queue = createPoolQueue<QueueItem>({ capacity: filled.length, full_policy: 'reject' });
        filled.forEach((priority, i) => queue.enqueue({ id: `t${i}`, priority }));
        const before = queue.toArray();
        const result = queue.enqueue({ id: 'new', priority: newcomer });
        expect(result).toMatchObject({
          type: 'refused',
          code: 'ADMISSION_REJECT',
          policy_label: 'reject',
          retriable: true,
        });
        expect(queue.toArray()).toEqual(before);
      }),
      RUNS,
    );
  });

  it('evicts the oldest task of the lowest priority not above the newcomer, or refuses, under drop-lru [CORE-018]', () => {
    fc.assert(
      fc.property(fc.array(priorityArb, { minLength: 1, maxLength: 12 }), priorityArb, (filled, newcomer) => {
        const queue = createPoolQueue<QueueItem & { seq: number }>({
          capacity: filled.length,
          full_policy: 'drop-lru',
        });
        filled.forEach((priority, seq) => queue.enqueue({ id: `t${seq}`, priority, seq }));
        const before = queue.toArray();
        const eligible = before.filter((t) => rank(t.priority) <= rank(newcomer));
        const result = queue.enqueue({ id: 'new', priority: newcomer, seq: -1 });
        if (eligible.length === 0) {
          expect(result).toMatchObject({
            type: 'refused',
            code: 'QUEUE_FULL_DROP_LRU',
            policy_label: 'drop-lru',
          });
          expect(queue.toArray()).toEqual(before);
          return;
        }
        const lowest = Math.min(...eligible.map((t) => rank(t.priority)));
        const victim = eligible
          .filter((t) => rank(t.priority) === lowest)
          .reduce((oldest, t) => (t.seq < oldest.seq ? t : oldest));
        expect(result.type).toBe('enqueued');
        if (result.type !== 'enqueued') return;
        expect(result.evicted).toEqual({ task: victim, code: 'QUEUE_FULL_DROP_LRU' });
        expect(queue.has(victim.id)).toBe(false);
        expect(queue.size()).toBe(filled.length);
      }),
      RUNS,
    );
  });

  it('accounts for every admitted task exactly once: dequeued, canceled or reported evicted [CORE-018]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), policyArb, queueOpsArb, (capacity, policy, ops) => {
        const queue = createPoolQueue<QueueItem>({ capacity, full_policy: policy });
        let admitted = 0;
        let left = 0;
        for (const op of ops) {
          if (op.type === 'enqueue') {
            const result = queue.enqueue({ id: op.id, priority: op.priority });
            if (result.type === 'enqueued') admitted += 1;
            if (result.type === 'enqueued' && result.evicted) left += 1;
          }
          if (op.type === 'dequeue' && queue.dequeue()) left += 1;
          if (op.type === 'cancel' && queue.cancel(op.id).type === 'canceled') left += 1;
        }
        expect(admitted - left).toBe(queue.size());
      }),
      RUNS,
    );
  });

  it('refuses a duplicate task id with INVALID_PARAMS and changes nothing [CORE-016]', () => {
    const queue = createPoolQueue<QueueItem>({ capacity: 4, full_policy: 'drop-lru' });
    queue.enqueue({ id: 'a', priority: 'batch' });
    const result = queue.enqueue({ id: 'a', priority: 'interactive' });
    expect(result).toMatchObject({
      type: 'refused',
      code: 'INVALID_PARAMS',
      policy_label: null,
      retriable: false,
    });
    expect(queue.toArray()).toEqual([{ id: 'a', priority: 'batch' }]);
  });

  it('rejects invalid options at construction with an actionable CoreError [CORE-003]', () => {
    expect(() => createPoolQueue({ capacity: 0, full_policy: 'reject' })).toThrow(CoreError);
    expect(() => createPoolQueue({ capacity: 2.5, full_policy: 'reject' })).toThrow(
      /capacity must be an integer/,
    );
    expect(() => createPoolQueue({ capacity: 2, full_policy: 'reject', batch_share: 1 })).toThrow(
      /batch_share/,
    );
    const fromConfig = JSON.parse('{"capacity": 2, "full_policy": "drop-oldest"}') as PoolQueueOptions;
    expect(() => createPoolQueue(fromConfig)).toThrow(/full_policy must be 'reject' or 'drop-lru'/);
  });
});
