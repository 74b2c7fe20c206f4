// The timed runs behind `pnpm bench:core` (CORE-014). A cycle starts from an
// empty queue, fills it to the depth, churns at that depth and drains it, so
// the total time includes every ring squeeze, ring resize and index rebuild
// that growth, cancels and shrinking cost: amortised cost is that total over
// the operations. The median per batch of the churn, the steady-state figure,
// is kept beside it; the gap between the two is what growth costs.
import type { PoolQueue } from '../src/index.js';
import { Bag, arrive, makePoolQueue, xorshift, type BenchTask, type MakeQueue } from './bench-workload.js';

export const OP_KINDS = ['enqueue', 'dequeue', 'cancel'] as const;
export type OpKind = (typeof OP_KINDS)[number];

export interface RunCosts {
  /** Median ns per operation over the churn's batches (steady state at the depth). */
  median: Record<OpKind, number>;
  /** Total ns of every batch of this kind (fill, churn and drain) over the operations of this kind. */
  amortised: Record<OpKind, number>;
  /** Total ns of all timed batches over all operations. */
  amortisedAll: number;
  /** Operations timed. */
  ops: number;
}

/**
 * Churn rounds per cycle: as many cancels as the depth, so every depth runs
 * the same mix (per cycle 3·depth enqueues, 2·depth dequeues, depth cancels)
 * and random cancels leave enough holes to force squeezes.
 */
export const churnRounds = (depth: number, batch: number) => Math.ceil(depth / batch);

/** Operations one cycle times. */
export const opsPerCycle = (depth: number, batch: number) =>
  2 * depth + 4 * batch * churnRounds(depth, batch);

const now = () => process.hrtime.bigint();

class Tally {
  ns = 0;
  ops = 0;
  /** ns per operation of each churn batch. */
  readonly steady: number[] = [];
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Runs `cycles` cycles at `depth`, each on a fresh queue: fill from empty in
 * batches, then `churnRounds` rounds of (enqueue, dequeue, cancel randomly
 * chosen queued tasks by an id string that arrives fresh, enqueue), each a
 * batch of `batch` operations, then drain to empty. Only the queue calls are
 * timed; creating tasks and the bench's bookkeeping are not.
 */
export function measureRuns(
  depth: number,
  batch: number,
  cycles: number,
  seed: number,
  make: MakeQueue = makePoolQueue,
): RunCosts {
  const rand = xorshift(seed);
  const live = new Bag(depth + batch);
  const picked = new Array<BenchTask>(batch);
  const ids = new Array<string>(batch);
  const tally: Record<OpKind, Tally> = { enqueue: new Tally(), dequeue: new Tally(), cancel: new Tally() };
  let steady = false;
  let queue: PoolQueue<BenchTask> = make(1);
  const record = (kind: OpKind, t0: bigint, n: number) => {
    const ns = Number(now() - t0);
    const t = tally[kind];
    t.ns += ns;
    t.ops += n;
    if (steady) t.steady.push(ns / n);
  };
  const enqueueBatch = (n: number) => {
    for (let j = 0; j < n; j++) picked[j] = arrive(rand);
    const t0 = now();
    for (let j = 0; j < n; j++) queue.enqueue(picked[j]!);
    record('enqueue', t0, n);
    for (let j = 0; j < n; j++) live.add(picked[j]!);
  };
  const dequeueBatch = (n: number) => {
    const t0 = now();
    for (let j = 0; j < n; j++) picked[j] = queue.dequeue()!;
    record('dequeue', t0, n);
    for (let j = 0; j < n; j++) live.remove(picked[j]!);
  };
  const cancelBatch = (n: number) => {
    for (let j = 0; j < n; j++) ids[j] = live.takeRandomId(rand);
    const t0 = now();
    for (let j = 0; j < n; j++) queue.cancel(ids[j]!);
    record('cancel', t0, n);
  };
  const rounds = churnRounds(depth, batch);
  for (let cycle = 0; cycle < cycles; cycle++) {
    queue = make(depth + batch);
    steady = false;
    for (let queued = 0; queued < depth; queued += batch) enqueueBatch(Math.min(batch, depth - queued));
    steady = true;
    for (let round = 0; round < rounds; round++) {
      enqueueBatch(batch);
      dequeueBatch(batch);
      cancelBatch(batch);
      enqueueBatch(batch);
    }
    if (queue.size() !== depth)
      throw new Error(`bench bookkeeping drifted: ${queue.size()} queued, expected ${depth}`);
    steady = false;
    while (queue.size() > 0) dequeueBatch(Math.min(batch, queue.size()));
  }
  const ops = tally.enqueue.ops + tally.dequeue.ops + tally.cancel.ops;
  if (ops !== cycles * opsPerCycle(depth, batch))
    throw new Error(`bench timed ${ops} operations, expected ${cycles * opsPerCycle(depth, batch)}`);
  const per = <V>(f: (t: Tally) => V) =>
    ({ enqueue: f(tally.enqueue), dequeue: f(tally.dequeue), cancel: f(tally.cancel) }) as Record<OpKind, V>;
  return {
    median: per((t) => median(t.steady)),
    amortised: per((t) => t.ns / t.ops),
    amortisedAll: (tally.enqueue.ns + tally.dequeue.ns + tally.cancel.ns) / ops,
    ops,
  };
}
