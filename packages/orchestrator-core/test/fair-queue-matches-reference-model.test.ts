// Model-based check of the fair queue: random operations by up to four
// clients with random weights, random clients at their limit on each dequeue,
// must give the same results, order and positions as the naive reference.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createFairPoolQueue, type FairQueueItem, type FullPolicy } from '../src/index.js';
import { RUNS } from './support/arbitraries.js';
import {
  CLIENTS,
  canRunExcept,
  fairOpsArb,
  longFairOpsArb,
  weightOfFrom,
  weightsArb,
  type FairOp,
} from './support/fair-arbitraries.js';
import { ReferenceFairQueue } from './support/reference-fair-queue.js';

interface Config {
  capacity: number;
  policy: FullPolicy;
  batchShare: number;
  fair: boolean;
  weights: number[];
}

const configArb = (maxCapacity: number, fair: fc.Arbitrary<boolean>) =>
  fc.record({
    capacity: fc.integer({ min: 1, max: maxCapacity }),
    policy: fc.constantFrom<FullPolicy>('reject', 'drop-lru'),
    batchShare: fc.constantFrom(0, 0, 0.25, 0.5),
    fair,
    weights: weightsArb,
  });

/** Cheap assertion for hot loops; fast-check reports the failing case. */
function same(got: unknown, want: unknown, what: string): void {
  const a = JSON.stringify(got);
  const b = JSON.stringify(want);
  if (a !== b) throw new Error(`${what}: queue gave ${a}, reference gave ${b}`);
}

function replay(config: Config, ops: FairOp[], every: number): void {
  const weightOf = weightOfFrom(config.weights);
  const options = { capacity: config.capacity, full_policy: config.policy, batch_share: config.batchShare };
  const queue = createFairPoolQueue<FairQueueItem>({ ...options, fair: config.fair, weightOf });
  const model = new ReferenceFairQueue(
    config.capacity,
    config.policy,
    config.batchShare,
    config.fair,
    weightOf,
  );
  for (const [step, op] of ops.entries()) {
    switch (op.type) {
      case 'enqueue': {
        const got = queue.enqueue({ id: op.id, priority: op.priority, client: op.client });
        const summary =
          got.type === 'enqueued'
            ? { type: got.type, position: got.queue_position, evicted: got.evicted?.task.id ?? null }
            : { type: got.type, code: got.code };
        same(summary, model.enqueue(op.id, op.priority, op.client), `step ${step} enqueue ${op.id}`);
        break;
      }
      case 'dequeue':
        same(
          queue.dequeue(canRunExcept(op.blocked))?.id,
          model.dequeue(canRunExcept(op.blocked)),
          `step ${step} dequeue`,
        );
        break;
      case 'peek':
        same(
          queue.peek(canRunExcept(op.blocked))?.id,
          model.peek(canRunExcept(op.blocked)),
          `step ${step} peek`,
        );
        break;
      case 'cancel':
        same(queue.cancel(op.id).type === 'canceled', model.cancel(op.id), `step ${step} cancel ${op.id}`);
        break;
    }
    if (step % every !== 0 && step !== ops.length - 1) continue;
    const order = model.order();
    same(
      queue.toArray().map((t) => t.id),
      order,
      `step ${step} order`,
    );
    same(
      order.map((id) => queue.positionOf(id)),
      order.map((_, position) => position),
      `step ${step} positions`,
    );
    same(queue.size(), order.length, `step ${step} size`);
    same(
      CLIENTS.map((c) => queue.depthOf(c)),
      CLIENTS.map((c) => model.depthOf(c)),
      `step ${step} depth per client`,
    );
    same(
      [...queue.clientsQueued()].sort(),
      CLIENTS.map((c) => [c, model.depthOf(c).total]).filter(([, n]) => n !== 0),
      `step ${step} clients queued`,
    );
  }
}

describe('fair queue against a reference model', () => {
  it('agrees on every result, the queued order and every position [CORE-080] [CORE-081] [CORE-082] [CORE-083] [CORE-084] [CORE-085] [CORE-086] [CORE-010] [CORE-013] [CORE-016] [CORE-017]', () => {
    fc.assert(
      fc.property(
        configArb(10, fc.boolean()),
        fc.integer({ min: 1, max: 4 }).chain(fairOpsArb),
        (config, ops) => replay(config, ops, 1),
      ),
      RUNS,
    );
  });

  it('still agrees over long runs with several clients backlogged [CORE-014] [CORE-087] [CORE-080] [CORE-085]', () => {
    fc.assert(
      fc.property(configArb(120, fc.constant(true)), longFairOpsArb(4), (config, ops) =>
        replay(config, ops, 20),
      ),
      RUNS,
    );
  });
});
