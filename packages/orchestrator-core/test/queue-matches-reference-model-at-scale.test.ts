// Long runs with wire-shaped (uuid) ids, large enough to exercise what small
// runs never reach: lanes growing past 1,024 slots and shrinking again when
// drained, holes squeezed out in place, index entries left stale by dequeue
// and evictions, ids queued again after they left, and index rebuilds.
// Checked step by step against the Map-based reference queue.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createPoolQueue, type FullPolicy, type Priority, type QueueItem } from '../src/index.js';
import { RUNS } from './support/arbitraries.js';
import { MapReferenceQueue } from './support/map-reference-queue.js';
import { nextUuid, seeded } from './support/uuid-text.js';

/** Mostly uuids as on the wire, every 16th other text (the string-keyed path); a run takes a stretch of them. */
const POOL = (() => {
  const next = seeded(7);
  return Array.from({ length: 8192 }, (_, i) => (i % 16 === 0 ? `job-${i}` : nextUuid(next)));
})();

interface Plan {
  seed: number;
  burst: number;
  churn: number;
  policy: FullPolicy;
  batchShare: number;
  interactiveIn8: number;
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  burst: fc.integer({ min: 1030, max: 1600 }),
  churn: fc.integer({ min: 100, max: 600 }),
  policy: fc.constantFrom<FullPolicy>('reject', 'drop-lru'),
  batchShare: fc.constantFrom(0, 0, 0.25),
  interactiveIn8: fc.integer({ min: 0, max: 8 }),
});

/** Cheap assertion for hot loops (vitest's expect is costly at this volume); fast-check reports the case. */
function same(got: unknown, want: unknown, what: string): void {
  if (got === want) return;
  if (typeof got !== 'object' || JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`${what}: queue gave ${JSON.stringify(got)}, reference gave ${JSON.stringify(want)}`);
  }
}

function sameOrder(got: string[], want: string[], what: string): void {
  same(got.length, want.length, `${what}: size`);
  got.forEach((id, i) => same(id, want[i], `${what}: position ${i}`));
}

function run(plan: Plan): void {
  const next = seeded(plan.seed);
  const capacity = plan.burst + 50;
  const queue = createPoolQueue<QueueItem>({
    capacity,
    full_policy: plan.policy,
    batch_share: plan.batchShare,
  });
  const model = new MapReferenceQueue(capacity, plan.policy, plan.batchShare);
  /** Every id used so far, queued or not: cancels and re-enqueues draw from it. */
  const used: string[] = [];
  const pick = () => used[next() % used.length]!;
  let fresh = next() % POOL.length;
  const freshId = () => {
    const id = POOL[fresh++ % POOL.length]!;
    used.push(id);
    return id;
  };
  const priority = (): Priority => (next() % 8 < plan.interactiveIn8 ? 'interactive' : 'batch');
  let step = 0;
  const check = (force = false) => {
    step += 1;
    if (!force && step % 499 !== 0) return;
    sameOrder(
      queue.toArray().map((t) => t.id),
      model.ids(),
      `step ${step} order`,
    );
    same(queue.size(), model.size, `step ${step} size`);
  };
  const enqueue = (id: string, p = priority()) => {
    const got = queue.enqueue({ id, priority: p });
    const summary =
      got.type === 'enqueued'
        ? { type: got.type, position: got.queue_position, evicted: got.evicted?.task.id ?? null }
        : { type: got.type, code: got.code };
    same(summary, model.enqueue(id, p), `step ${step} enqueue ${id}`);
    check();
  };
  const cancel = (id: string) => {
    same(queue.cancel(id).type === 'canceled', model.cancel(id), `step ${step} cancel ${id}`);
    check();
  };
  const dequeue = () => {
    same(queue.dequeue()?.id, model.dequeue(), `step ${step} dequeue`);
    check();
  };

  for (let i = 0; i < plan.burst; i++) enqueue(next() % 20 === 0 && used.length > 0 ? pick() : freshId());
  check(true);
  for (let i = 0; i < plan.churn; i++) {
    const roll = next() % 10;
    if (roll < 3) enqueue(next() % 4 === 0 ? pick() : freshId());
    else if (roll < 6) dequeue();
    else cancel(pick());
  }
  check(true);
  // Drain to a handful, cancelling and dequeuing, so the lanes shrink.
  while (model.size > 5) {
    if (next() % 3 === 0) cancel(pick());
    else dequeue();
  }
  check(true);
  // Punch holes behind a long-waiting interactive task: each newcomer cancels
  // the one before it, so holes pile up until the lane squeezes them out in place.
  enqueue(freshId(), 'interactive');
  let previous = freshId();
  enqueue(previous, 'interactive');
  for (let i = 0; i < 400; i++) {
    const id = freshId();
    enqueue(id, 'interactive');
    cancel(previous);
    previous = id;
  }
  check(true);
  for (let i = 0; i < 40; i++) enqueue(next() % 2 === 0 ? pick() : freshId());
  check(true);
  const order = model.ids();
  order.forEach((id, i) => same(queue.positionOf(id), i, `position of ${id}`));
  for (let i = 0; i < 20; i++) {
    const id = pick();
    same(queue.has(id), model.has(id), `has ${id}`);
  }
}

describe('pool queue at scale with uuid ids', () => {
  it('agrees with the reference through bursts, churn and drains [CORE-011] [CORE-014] [CORE-015] [CORE-016] [CORE-018] [CORE-019]', () => {
    fc.assert(fc.property(planArb, run), RUNS);
  });
});
