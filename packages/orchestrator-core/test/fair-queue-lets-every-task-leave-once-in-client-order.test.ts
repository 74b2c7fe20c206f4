// CORE-080, CORE-084, CORE-010, CORE-018 shared between clients: every task
// the fair queue admits leaves it exactly once (dispatched, cancelled or
// reported as evicted), each client's tasks of one priority are dispatched in
// the order they arrived, and drop-lru takes the oldest task of the client
// with the largest backlog in the lowest priority that qualifies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, createFairPoolQueue, type FairQueueItem, type FullPolicy } from '../src/index.js';
import { RUNS } from './support/arbitraries.js';
import { canRunExcept, fairOpArb, weightOfFrom, weightsArb } from './support/fair-arbitraries.js';

interface Task extends FairQueueItem {
  readonly seq: number;
}

const opsArb = fc.array(fairOpArb(80, 4), { minLength: 20, maxLength: 250, size: 'max' });

describe('fair queue bookkeeping', () => {
  it('lets every admitted task leave exactly once, in arrival order per client and priority [CORE-080] [CORE-010] [CORE-015] [CORE-018]', () => {
    fc.assert(
      fc.property(
        weightsArb,
        fc.boolean(),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<FullPolicy>('reject', 'drop-lru'),
        opsArb,
        (weights, fair, capacity, policy, ops) => {
          const queue = createFairPoolQueue<Task>({
            capacity,
            full_policy: policy,
            fair,
            weightOf: weightOfFrom(weights),
          });
          const admitted = new Set<Task>();
          const left = new Map<Task, string>();
          const leave = (task: Task, how: string) => {
            if (!admitted.has(task)) throw new Error(`${task.id} left (${how}) but was never admitted`);
            if (left.has(task)) throw new Error(`${task.id} left twice: ${left.get(task)}, then ${how}`);
            left.set(task, how);
          };
          const lastDispatched = new Map<string, number>();
          let seq = 0;
          const dispatched = (task: Task | undefined) => {
            if (task === undefined) return;
            leave(task, 'dispatched');
            const key = `${task.client}/${task.priority}`;
            if ((lastDispatched.get(key) ?? -1) > task.seq)
              throw new Error(`${key} dispatched out of arrival order`);
            lastDispatched.set(key, task.seq);
          };
          for (const op of ops) {
            if (op.type === 'enqueue') {
              const task = { id: op.id, priority: op.priority, client: op.client, seq: seq++ };
              const result = queue.enqueue(task);
              if (result.type === 'enqueued') {
                admitted.add(task);
                if (result.evicted) leave(result.evicted.task, 'evicted');
              }
            }
            if (op.type === 'cancel') {
              const result = queue.cancel(op.id);
              if (result.type === 'canceled') leave(result.task, 'canceled');
            }
            if (op.type === 'dequeue') dispatched(queue.dequeue(canRunExcept(op.blocked)));
            if (queue.size() > capacity) throw new Error(`${queue.size()} queued over capacity ${capacity}`);
          }
          for (let task = queue.dequeue(); task !== undefined; task = queue.dequeue()) dispatched(task);
          expect(queue.size()).toBe(0);
          expect(left.size).toBe(admitted.size);
        },
      ),
      RUNS,
    );
  });

  it('evicts the oldest task of the client with the largest backlog in the lowest qualifying priority [CORE-084]', () => {
    fc.assert(
      fc.property(
        weightsArb,
        fc.array(fc.record({ client: fc.constantFrom('a', 'b', 'c'), batch: fc.boolean() }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.boolean(),
        (weights, filled, newcomerBatch) => {
          const queue = createFairPoolQueue<Task>({
            capacity: filled.length,
            full_policy: 'drop-lru',
            fair: true,
            weightOf: weightOfFrom(weights),
          });
          filled.forEach(({ client, batch }, seq) =>
            queue.enqueue({ id: `t${seq}`, priority: batch ? 'batch' : 'interactive', client, seq }),
          );
          const before = queue.toArray();
          const priority = newcomerBatch ? 'batch' : 'interactive';
          const lane = before.some((t) => t.priority === 'batch')
            ? 'batch'
            : newcomerBatch
              ? undefined
              : 'interactive';
          const result = queue.enqueue({ id: 'new', priority, client: 'a', seq: filled.length });
          if (lane === undefined) {
            expect(result).toMatchObject({ type: 'refused', code: 'QUEUE_FULL_DROP_LRU' });
            return;
          }
          const inLane = before.filter((t) => t.priority === lane);
          const backlog = (client: string) => inLane.filter((t) => t.client === client).length;
          const most = Math.max(...inLane.map((t) => backlog(t.client)));
          // The oldest task among those of the clients with the most: the victim's client, and its oldest.
          const victim = inLane.filter((t) => backlog(t.client) === most).sort((x, y) => x.seq - y.seq)[0];
          expect(result.type === 'enqueued' && result.evicted?.task).toBe(victim);
        },
      ),
      RUNS,
    );
  });

  it('refuses a weight that is not a finite number > 0 as a configuration error, changing nothing [CORE-086]', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const queue = createFairPoolQueue<Task>({
        capacity: 1,
        full_policy: 'drop-lru',
        fair: true,
        weightOf: (client) => (client === 'bad' ? bad : 1),
      });
      queue.enqueue({ id: 'kept', priority: 'batch', client: 'good', seq: 0 });
      // The queue is full: a drop-lru eviction would happen, but the weight is checked first.
      expect(() => queue.enqueue({ id: 'new', priority: 'batch', client: 'bad', seq: 1 })).toThrow(CoreError);
      expect(queue.toArray().map((t) => t.id)).toEqual(['kept']);
      expect([...queue.clientsQueued()]).toEqual([['good', 1]]);
    }
  });

  it('forgets dispatched ids, also after the id map sheds what dispatches left behind [CORE-087] [CORE-016] [CORE-015]', () => {
    const queue = createFairPoolQueue<Task>({
      capacity: 5000,
      full_policy: 'reject',
      fair: true,
      weightOf: () => 1,
    });
    const clients = ['a', 'b', 'c'];
    for (let seq = 0; seq < 4000; seq++) {
      queue.enqueue({
        id: `t${seq}`,
        priority: seq % 3 ? 'batch' : 'interactive',
        client: clients[seq % 3]!,
        seq,
      });
    }
    const gone = Array.from({ length: 3990 }, () => queue.dequeue()!.id);
    const kept = queue.toArray().map((t) => t.id);
    expect(gone.filter((id) => queue.has(id) || queue.get(id) !== undefined)).toEqual([]);
    expect(kept.every((id) => queue.has(id) && queue.get(id)?.id === id)).toBe(true);
    // A dispatched id may come back, under another client; a queued one may not.
    expect(queue.enqueue({ id: gone[0]!, priority: 'batch', client: 'd', seq: 4000 }).type).toBe('enqueued');
    expect(queue.enqueue({ id: kept[0]!, priority: 'batch', client: 'd', seq: 4001 })).toMatchObject({
      code: 'INVALID_PARAMS',
    });
    expect(queue.cancel(gone[1]!).type).toBe('not-queued');
    expect(kept.map((id) => queue.cancel(id).type)).toEqual(kept.map(() => 'canceled'));
    expect(queue.toArray().map((t) => t.id)).toEqual([gone[0]]);
  });
});
