// Model-based check of the whole queue: random operation sequences must give
// the same results and the same order as the naive reference queue.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPoolQueue, type FullPolicy, type QueueItem } from '../src/index.js';
import { RUNS, churnQueueOpsArb, longQueueOpsArb, queueOpsArb, type QueueOp } from './support/arbitraries.js';
import { ReferenceQueue } from './support/reference-queue.js';

const configArb = (maxCapacity: number) =>
  fc.record({
    capacity: fc.integer({ min: 1, max: maxCapacity }),
    policy: fc.constantFrom<FullPolicy>('reject', 'drop-lru'),
    batchShare: fc.constantFrom(0, 0, 0.25, 0.5),
  });

interface Config {
  capacity: number;
  policy: FullPolicy;
  batchShare: number;
}

/** Cheap assertion for hot loops (vitest's expect is costly at this volume); fast-check reports the case. */
function same(got: unknown, want: unknown, what: string): void {
  const a = JSON.stringify(got);
  const b = JSON.stringify(want);
  if (a !== b) throw new Error(`${what}: queue gave ${a}, reference gave ${b}`);
}

function replay({ capacity, policy, batchShare }: Config, ops: QueueOp[], checkEveryStep: boolean): void {
  const queue = createPoolQueue<QueueItem>({ capacity, full_policy: policy, batch_share: batchShare });
  const model = new ReferenceQueue(capacity, policy, batchShare);
  for (const [step, op] of ops.entries()) {
    switch (op.type) {
      case 'enqueue': {
        const got = queue.enqueue({ id: op.id, priority: op.priority });
        const want = model.enqueue({ id: op.id, priority: op.priority });
        const summary =
          got.type === 'enqueued'
            ? { type: got.type, position: got.queue_position, evicted: got.evicted?.task.id ?? null }
            : { type: got.type, code: got.code };
        same(summary, want, `step ${step} enqueue ${op.id}`);
        break;
      }
      case 'dequeue':
        same(queue.dequeue()?.id, model.dequeue(), `step ${step} dequeue`);
        break;
      case 'peek':
        same(queue.peek()?.id, model.peek(), `step ${step} peek`);
        break;
      case 'cancel':
        same(queue.cancel(op.id).type === 'canceled', model.cancel(op.id), `step ${step} cancel ${op.id}`);
        break;
    }
    const last = step === ops.length - 1;
    if (!checkEveryStep && !last && step % 25 !== 0) continue;
    const order = model.all.map((t) => t.id);
    same(
      queue.toArray().map((t) => t.id),
      order,
      `step ${step} order`,
    );
    same(queue.size(), order.length, `step ${step} size`);
    if (checkEveryStep || last) {
      same(
        order.map((id) => queue.positionOf(id)),
        order.map((_, position) => position),
        `step ${step} positions`,
      );
    }
  }
  expect(queue.size()).toBe(model.all.length);
}

describe('pool queue against a reference model', () => {
  it('agrees with the reference on every result and on the queued order [CORE-010] [CORE-011] [CORE-012] [CORE-013] [CORE-015] [CORE-016] [CORE-017] [CORE-018] [CORE-019]', () => {
    fc.assert(
      fc.property(configArb(8), queueOpsArb, (config, ops) => replay(config, ops, true)),
      RUNS,
    );
  });

  it('still agrees after long runs that grow its storage [CORE-014] [CORE-015]', () => {
    fc.assert(
      fc.property(configArb(100), longQueueOpsArb, (config, ops) => replay(config, ops, false)),
      RUNS,
    );
  });

  it('still agrees when cancels leave holes behind long-waiting tasks and storage is compacted [CORE-014] [CORE-015]', () => {
    fc.assert(
      fc.property(configArb(1), churnQueueOpsArb, (config, ops) => {
        // One long-lived task at the head of each lane keeps the holes from being skipped away.
        const anchors: QueueOp[] = [
          { type: 'enqueue', id: 'anchor-i', priority: 'interactive' },
          { type: 'enqueue', id: 'anchor-b', priority: 'batch' },
        ];
        replay({ ...config, capacity: 64 }, [...anchors, ...ops], false);
      }),
      RUNS,
    );
  });
});
