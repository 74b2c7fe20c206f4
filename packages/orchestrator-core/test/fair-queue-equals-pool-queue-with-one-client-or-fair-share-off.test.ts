// CORE-083: turning fair share off, or queueing for a single client, changes
// nothing: the fair queue gives exactly the PoolQueue's results, order and
// positions on the same operations.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  createFairPoolQueue,
  createPoolQueue,
  type FairQueueItem,
  type FullPolicy,
  type PoolQueue,
} from '../src/index.js';
import { RUNS, longQueueOpsArb, queueOpsArb, type QueueOp } from './support/arbitraries.js';
import { CLIENTS, weightsArb, weightOfFrom } from './support/fair-arbitraries.js';

const configArb = (maxCapacity: number) =>
  fc.record({
    capacity: fc.integer({ min: 1, max: maxCapacity }),
    policy: fc.constantFrom<FullPolicy>('reject', 'drop-lru'),
    batchShare: fc.constantFrom(0, 0, 0.25, 0.5),
    weights: weightsArb,
  });

type Config = typeof configArb extends (n: number) => fc.Arbitrary<infer C> ? C : never;

function same(got: unknown, want: unknown, what: string): void {
  const a = JSON.stringify(got);
  const b = JSON.stringify(want);
  if (a !== b) throw new Error(`${what}: fair queue gave ${a}, pool queue gave ${b}`);
}

const summary = (result: ReturnType<PoolQueue<FairQueueItem>['enqueue']>) =>
  result.type === 'enqueued'
    ? { type: result.type, position: result.queue_position, evicted: result.evicted?.task.id ?? null }
    : result;

/** Replays the same operations on both queues; `clientOf` names each enqueue's client. */
function replay(config: Config, fair: boolean, ops: QueueOp[], clientOf: (step: number) => string): void {
  const options = { capacity: config.capacity, full_policy: config.policy, batch_share: config.batchShare };
  const fairQueue = createFairPoolQueue<FairQueueItem>({
    ...options,
    fair,
    weightOf: weightOfFrom(config.weights),
  });
  const poolQueue = createPoolQueue<FairQueueItem>(options);
  for (const [step, op] of ops.entries()) {
    switch (op.type) {
      case 'enqueue': {
        const task = { id: op.id, priority: op.priority, client: clientOf(step) };
        same(summary(fairQueue.enqueue(task)), summary(poolQueue.enqueue(task)), `step ${step} enqueue`);
        break;
      }
      case 'dequeue':
        same(fairQueue.dequeue()?.id, poolQueue.dequeue()?.id, `step ${step} dequeue`);
        break;
      case 'peek':
        same(fairQueue.peek()?.id, poolQueue.peek()?.id, `step ${step} peek`);
        break;
      case 'cancel':
        same(fairQueue.cancel(op.id), poolQueue.cancel(op.id), `step ${step} cancel`);
        break;
    }
    const order = poolQueue.toArray().map((t) => t.id);
    same(
      fairQueue.toArray().map((t) => t.id),
      order,
      `step ${step} order`,
    );
    same(
      order.map((id) => [fairQueue.positionOf(id), fairQueue.has(id), fairQueue.get(id)?.id]),
      order.map((id) => [poolQueue.positionOf(id), poolQueue.has(id), poolQueue.get(id)?.id]),
      `step ${step} positions`,
    );
    same(fairQueue.depth(), poolQueue.depth(), `step ${step} depth`);
  }
}

describe('fair queue equals the pool queue where fairness has nothing to share', () => {
  it('gives the same results, order and positions with fair share off, whoever enqueues [CORE-083] [CORE-018] [CORE-019]', () => {
    fc.assert(
      fc.property(
        configArb(8),
        queueOpsArb,
        fc.array(fc.constantFrom(...CLIENTS), { minLength: 1 }),
        (config, ops, clients) => replay(config, false, ops, (step) => clients[step % clients.length]!),
      ),
      RUNS,
    );
  });

  it('gives the same results, order and positions with fair share on and one client [CORE-083]', () => {
    fc.assert(
      fc.property(configArb(8), queueOpsArb, (config, ops) => replay(config, true, ops, () => 'a')),
      RUNS,
    );
  });

  it('still agrees over long runs, either way [CORE-083] [CORE-014]', () => {
    fc.assert(
      fc.property(configArb(60), longQueueOpsArb, fc.boolean(), (config, ops, fair) =>
        replay(config, fair, ops.slice(0, 150), (step) => (fair ? 'a' : CLIENTS[step % 3]!)),
      ),
      RUNS,
    );
  });
});
