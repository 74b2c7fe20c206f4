// The ordering invariants stated directly, independent of the reference model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPoolQueue, type Priority, type QueueItem } from '../src/index.js';
import { RUNS, priorityArb } from './support/arbitraries.js';

const arrivalsArb = fc.array(priorityArb, { minLength: 1, maxLength: 200 });

function fill(priorities: Priority[], batch_share = 0) {
  const queue = createPoolQueue<QueueItem & { seq: number }>({
    capacity: priorities.length,
    full_policy: 'reject',
    batch_share,
  });
  priorities.forEach((priority, seq) => queue.enqueue({ id: `t${seq}`, priority, seq }));
  const out: (QueueItem & { seq: number })[] = [];
  for (let task = queue.dequeue(); task; task = queue.dequeue()) out.push(task);
  return out;
}

describe('queue ordering', () => {
  it('keeps FIFO order within each priority [CORE-011]', () => {
    fc.assert(
      fc.property(arrivalsArb, fc.constantFrom(0, 0.3), (priorities, share) => {
        const out = fill(priorities, share);
        for (const priority of ['interactive', 'batch'] as const) {
          const seqs = out.filter((t) => t.priority === priority).map((t) => t.seq);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        }
      }),
      RUNS,
    );
  });

  it('dequeues every interactive task before any batch task by default [CORE-012]', () => {
    fc.assert(
      fc.property(arrivalsArb, (priorities) => {
        const out = fill(priorities).map((t) => t.priority);
        const firstBatch = out.indexOf('batch');
        if (firstBatch >= 0) expect(out.slice(firstBatch)).not.toContain('interactive');
        expect(out).toHaveLength(priorities.length);
      }),
      RUNS,
    );
  });

  it('reports the strict-order position at enqueue and keeps it consistent [CORE-019]', () => {
    fc.assert(
      fc.property(arrivalsArb, (priorities) => {
        const queue = createPoolQueue<QueueItem>({ capacity: 500, full_policy: 'reject' });
        priorities.forEach((priority, i) => {
          const result = queue.enqueue({ id: `t${i}`, priority });
          const expected = priority === 'interactive' ? queue.depth().interactive - 1 : queue.size() - 1;
          expect(result).toMatchObject({ type: 'enqueued', queue_position: expected });
        });
        const ids = queue.toArray().map((t) => t.id);
        ids.forEach((id, position) => expect(queue.positionOf(id)).toBe(position));
        expect(queue.peek()?.id).toBe(ids[0]);
      }),
      RUNS,
    );
  });

  it('gives batch its share of contested dequeues when batch_share is set [CORE-013]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        (interactiveCount, batchCount, share) => {
          const priorities: Priority[] = [
            ...Array<Priority>(batchCount).fill('batch'),
            ...Array<Priority>(interactiveCount).fill('interactive'),
          ];
          const out = fill(priorities, share).map((t) => t.priority);
          // Count batch turns while interactive work was still waiting.
          const lastInteractive = out.lastIndexOf('interactive');
          const contested = out.slice(0, lastInteractive + 1);
          const batchTurns = contested.filter((p) => p === 'batch').length;
          const expected = Math.min(batchCount, Math.floor(contested.length * share));
          expect(batchTurns).toBeGreaterThanOrEqual(expected);
          expect(batchTurns).toBeLessThanOrEqual(expected + 1);
          if (share === 0) expect(batchTurns).toBe(0);
        },
      ),
      RUNS,
    );
  });
});
