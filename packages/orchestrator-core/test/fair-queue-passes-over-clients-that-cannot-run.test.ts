// CORE-082, CORE-012 across clients: a client at its concurrency limit is
// passed over (never dispatched while it cannot run, nothing of it reordered,
// others go first), peek and dequeue agree, and interactive work of any client
// that can run still goes before any batch work.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFairPoolQueue, type CanRun, type FairQueueItem } from '../src/index.js';
import { RUNS } from './support/arbitraries.js';
import { CLIENTS, canRunExcept, fairOpArb, weightOfFrom, weightsArb } from './support/fair-arbitraries.js';

const opsArb = fc.array(fairOpArb(60, 4), { minLength: 20, maxLength: 200, size: 'max' });

/** Whether some queued task of a client that can run has this priority. */
const runnableWaits = (queue: { toArray(): FairQueueItem[] }, canRun: CanRun, priority?: string) =>
  queue.toArray().some((t) => canRun(t.client) && (priority === undefined || t.priority === priority));

describe('clients that cannot run', () => {
  it('are never dispatched while they cannot run; others are, and peek names what dequeue takes [CORE-082]', () => {
    fc.assert(
      fc.property(weightsArb, fc.boolean(), fc.constantFrom(0, 0.25), opsArb, (weights, fair, share, ops) => {
        const queue = createFairPoolQueue<FairQueueItem>({
          capacity: 30,
          full_policy: 'drop-lru',
          batch_share: share,
          fair,
          weightOf: weightOfFrom(weights),
        });
        for (const op of ops) {
          if (op.type === 'enqueue') queue.enqueue({ id: op.id, priority: op.priority, client: op.client });
          if (op.type === 'cancel') queue.cancel(op.id);
          if (op.type !== 'dequeue' && op.type !== 'peek') continue;
          const canRun = canRunExcept(op.blocked);
          const blockedTasks = () =>
            CLIENTS.filter((c) => !canRun(c)).map((c) => queue.toArray().filter((t) => t.client === c));
          const before = blockedTasks();
          const peeked = queue.peek(canRun);
          const task = op.type === 'dequeue' ? queue.dequeue(canRun) : peeked;
          if (task !== peeked) throw new Error(`peek gave ${peeked?.id}, dequeue took ${task?.id}`);
          if (task !== undefined && !canRun(task.client))
            throw new Error(`dispatched ${task.client}, which cannot run`);
          if (task === undefined && runnableWaits(queue, canRun))
            throw new Error('nothing dispatched, yet a client could run');
          // Each passed-over client's tasks are all still there, in the same order.
          const after = blockedTasks();
          if (
            after.some(
              (tasks, c) => tasks.length !== before[c]!.length || tasks.some((t, i) => t !== before[c]![i]),
            )
          ) {
            throw new Error('a passed-over client lost or reordered tasks');
          }
        }
      }),
      RUNS,
    );
  });

  it('still dispatches interactive work of any client that can run before any batch work [CORE-012] [CORE-080]', () => {
    fc.assert(
      fc.property(weightsArb, fc.boolean(), opsArb, (weights, fair, ops) => {
        const queue = createFairPoolQueue<FairQueueItem>({
          capacity: 30,
          full_policy: 'reject',
          fair,
          weightOf: weightOfFrom(weights),
        });
        for (const op of ops) {
          if (op.type === 'enqueue') queue.enqueue({ id: op.id, priority: op.priority, client: op.client });
          if (op.type === 'cancel') queue.cancel(op.id);
          if (op.type !== 'dequeue') continue;
          const canRun = canRunExcept(op.blocked);
          const interactiveWaits = runnableWaits(queue, canRun, 'interactive');
          const task = queue.dequeue(canRun);
          if (interactiveWaits && task?.priority !== 'interactive') {
            throw new Error(`dispatched ${task?.priority ?? 'nothing'} while interactive work could run`);
          }
        }
      }),
      RUNS,
    );
  });

  it('keeps the place of a client it passes over, without crediting or charging it [CORE-082]', () => {
    const queue = createFairPoolQueue<FairQueueItem>({
      capacity: 20,
      full_policy: 'reject',
      fair: true,
      weightOf: () => 1,
    });
    for (let i = 0; i < 4; i++) {
      for (const client of CLIENTS.slice(0, 3))
        queue.enqueue({ id: `${client}${i}`, priority: 'batch', client });
    }
    const aBlocked: CanRun = (client) => client !== 'a';
    const taken = (canRun?: CanRun) => queue.dequeue(canRun)!.id;
    // a's turn comes first but it is at its limit: b and c go, then b and c again.
    expect([taken(aBlocked), taken(aBlocked), taken(aBlocked), taken(aBlocked)]).toEqual([
      'b0',
      'c0',
      'b1',
      'c1',
    ]);
    // Free again, a takes its next turn with one task's credit, not four.
    expect([taken(), taken(), taken(), taken()]).toEqual(['a0', 'b2', 'c2', 'a1']);
  });
});
