// CORE-081: the fair-share bound. While client A has tasks in a lane and can
// run, between two consecutive dispatches of A from that lane any other client
// B dispatches at most ⌈⌈1 / w_A⌉ · w_B⌉ tasks from it, whatever else happens
// (arrivals, cancels, evictions, other clients at their limit).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFairPoolQueue, type FairQueueItem, type Priority } from '../src/index.js';
import { RUNS } from './support/arbitraries.js';
import { CLIENTS, canRunExcept, fairOpArb, weightOfFrom, weightsArb } from './support/fair-arbitraries.js';

const LANES: readonly Priority[] = ['interactive', 'batch'];

/** The bound CORE-081 states, for A's weight and B's. */
const othersBetween = (wA: number, wB: number) => Math.ceil(Math.ceil(1 / wA) * wB);

/** Per lane and client A: dispatches of each other client since A's last one, while the interval counts. */
type Intervals = Map<string, Map<string, number> | null>;

const backloggedOpsArb = fc.array(fairOpArb(400, 4, 4), { minLength: 100, maxLength: 400, size: 'max' });

describe('fair share bound', () => {
  it('lets no other client dispatch more than ⌈⌈1/w_A⌉·w_B⌉ between two of A’s dispatches [CORE-081] [CORE-080]', () => {
    let reached = 0;
    fc.assert(
      fc.property(
        weightsArb,
        fc.constantFrom('reject', 'drop-lru' as const),
        backloggedOpsArb,
        (weights, policy, ops) => {
          const weightOf = weightOfFrom(weights);
          const queue = createFairPoolQueue<FairQueueItem>({
            capacity: 60,
            full_policy: policy,
            fair: true,
            weightOf,
          });
          const lanes = new Map<Priority, Intervals>(LANES.map((lane) => [lane, new Map()]));
          for (const op of ops) {
            if (op.type === 'enqueue') queue.enqueue({ id: op.id, priority: op.priority, client: op.client });
            if (op.type === 'cancel') queue.cancel(op.id);
            if (op.type === 'dequeue') {
              const canRun = canRunExcept(op.blocked);
              // An interval only counts while A can run throughout.
              for (const intervals of lanes.values())
                for (const a of CLIENTS) if (!canRun(a)) intervals.set(a, null);
              const task = queue.dequeue(canRun);
              if (task !== undefined) {
                const intervals = lanes.get(task.priority)!;
                for (const [a, counts] of intervals) {
                  if (counts === null || a === task.client) continue;
                  const n = (counts.get(task.client) ?? 0) + 1;
                  const bound = othersBetween(weightOf(a), weightOf(task.client));
                  if (n > bound) {
                    throw new Error(
                      `${task.client} dispatched ${n} > ${bound} ${task.priority} tasks between two of ${a}'s`,
                    );
                  }
                  if (n === bound) reached += 1;
                  counts.set(task.client, n);
                }
                intervals.set(task.client, new Map());
              }
            }
            // An interval only counts while A stays backlogged in the lane.
            for (const lane of LANES) {
              for (const a of CLIENTS) {
                const depth = queue.depthOf(a);
                if ((lane === 'interactive' ? depth.interactive : depth.batch) === 0)
                  lanes.get(lane)!.set(a, null);
              }
            }
          }
        },
      ),
      RUNS,
    );
    // The bound is tight: the runs reach it, so a looser scheme would be caught.
    expect(reached).toBeGreaterThan(0);
  });

  it('alternates equal weights and gives a heavier client its weight per turn [CORE-080] [CORE-081]', () => {
    const weights: Record<string, number> = { light: 1, heavy: 3, slow: 0.5 };
    const queue = createFairPoolQueue<FairQueueItem>({
      capacity: 100,
      full_policy: 'reject',
      fair: true,
      weightOf: (client) => weights[client]!,
    });
    for (let i = 0; i < 12; i++) {
      for (const client of ['heavy', 'light', 'slow'])
        queue.enqueue({ id: `${client}-${i}`, priority: 'batch', client });
    }
    const order = Array.from({ length: 13 }, () => queue.dequeue()!.client);
    // Turns in join order; slow reaches a whole task every second turn.
    // prettier-ignore
    expect(order).toEqual([
      'heavy', 'heavy', 'heavy', 'light',
      'heavy', 'heavy', 'heavy', 'light', 'slow',
      'heavy', 'heavy', 'heavy', 'light',
    ]);
  });
});
