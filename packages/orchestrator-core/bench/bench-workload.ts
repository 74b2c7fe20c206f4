// The two measurements behind `pnpm bench:core` (CORE-014): steady-state cost
// of enqueue/dequeue/cancel at a given queue depth, and heap bytes per queued
// task. Bench code may use Node APIs; the library itself may not.
import { randomUUID } from 'node:crypto';
import { createPoolQueue, type Priority, type QueueItem } from '../src/index.js';

interface BenchTask extends QueueItem {
  /** Index in the bench's own live/free arrays (bookkeeping, never timed). */
  slot: number;
}

/** Small deterministic PRNG so every run exercises the same operation mix. */
export function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

const priorityOf = (r: number): Priority => (r < 0.3 ? 'interactive' : 'batch');

/** An array with O(1) add and O(1) removal of any member (swap with last). */
class Bag {
  readonly items: BenchTask[] = [];
  add(task: BenchTask): void {
    task.slot = this.items.length;
    this.items.push(task);
  }
  remove(task: BenchTask): void {
    const last = this.items.pop()!;
    if (last !== task) {
      this.items[task.slot] = last;
      last.slot = task.slot;
    }
  }
  takeRandom(rand: () => number): BenchTask {
    const task = this.items[Math.floor(rand() * this.items.length)]!;
    this.remove(task);
    return task;
  }
}

export interface OpCosts {
  enqueue: number;
  dequeue: number;
  cancel: number;
}

const now = () => process.hrtime.bigint();

/** Median of per-batch timings, so a batch preempted by another process does not skew the figure. */
const perOp = (batchNs: number[], batch: number) => {
  const sorted = batchNs.sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]! / batch;
};

/**
 * A task id as the daemon sees it: a flat string decoded from a request body
 * or path. (randomUUID() itself returns a concatenation tree that is several
 * times larger and slower to hash, which no real request would carry.)
 */
const flatId = (id: string) => Buffer.from(id, 'latin1').toString('latin1');

/**
 * Holds the queue at ~`depth` tasks and times batches of `batch` operations,
 * as a daemon would issue them: enqueue newly arrived tasks (objects created
 * just before, like a parsed request), dequeue the next ones, cancel randomly
 * chosen queued tasks by an id string that arrives fresh, enqueue again.
 * Returns nanoseconds per operation (median over batches).
 */
export function measureOps(depth: number, batch: number, rounds: number, seed: number): OpCosts {
  const rand = xorshift(seed);
  const queue = createPoolQueue<BenchTask>({ capacity: depth + batch, full_policy: 'reject' });
  const live = new Bag();
  const arrive = (): BenchTask => ({ id: flatId(randomUUID()), priority: priorityOf(rand()), slot: -1 });
  for (let i = 0; i < depth; i++) {
    const task = arrive();
    queue.enqueue(task);
    live.add(task);
  }
  const picked: BenchTask[] = new Array<BenchTask>(batch);
  const ids: string[] = new Array<string>(batch);
  const enqueueNs: number[] = [];
  const dequeueNs: number[] = [];
  const cancelNs: number[] = [];
  const enqueueBatch = () => {
    for (let j = 0; j < batch; j++) picked[j] = arrive();
    const t0 = now();
    for (let j = 0; j < batch; j++) queue.enqueue(picked[j]!);
    enqueueNs.push(Number(now() - t0));
    for (let j = 0; j < batch; j++) live.add(picked[j]!);
  };
  for (let round = 0; round < rounds; round++) {
    enqueueBatch();
    let t0 = now();
    for (let j = 0; j < batch; j++) picked[j] = queue.dequeue()!;
    dequeueNs.push(Number(now() - t0));
    for (let j = 0; j < batch; j++) live.remove(picked[j]!);
    for (let j = 0; j < batch; j++) ids[j] = flatId(live.takeRandom(rand).id);
    t0 = now();
    for (let j = 0; j < batch; j++) queue.cancel(ids[j]!);
    cancelNs.push(Number(now() - t0));
    enqueueBatch();
    if (queue.size() !== depth)
      throw new Error(`bench bookkeeping drifted: ${queue.size()} queued, expected ${depth}`);
  }
  return {
    enqueue: perOp(enqueueNs, batch),
    dequeue: perOp(dequeueNs, batch),
    cancel: perOp(cancelNs, batch),
  };
}

export interface HeapCost {
  /** Node, index entry and growth slack the queue adds per task. */
  queueBytes: number;
  /** The same plus a minimal task record (uuid id, priority). */
  totalBytes: number;
}

/** Heap growth per queued task, with full GCs around each step; needs --expose-gc. */
export function measureHeap(count: number, gc: () => void): HeapCost {
  const settle = () => {
    for (let i = 0; i < 4; i++) gc();
    return process.memoryUsage().heapUsed;
  };
  const base = settle();
  const rand = xorshift(7);
  const tasks = Array.from({ length: count }, () => ({
    id: flatId(randomUUID()),
    priority: priorityOf(rand()),
  }));
  const withTasks = settle();
  const queue = createPoolQueue<QueueItem>({ capacity: count, full_policy: 'reject' });
  for (const task of tasks) queue.enqueue(task);
  const withQueue = settle();
  if (queue.size() !== tasks.length) throw new Error('heap bench: queue lost tasks');
  return { queueBytes: (withQueue - withTasks) / count, totalBytes: (withQueue - base) / count };
}

/**
 * Nanoseconds per dependent load when chasing a random cycle through an array
 * of each size: the cost of one cache miss at that working-set size here.
 */
export function memoryLatencyNs(sizes: readonly number[]): { bytes: number; ns: number }[] {
  return sizes.map((bytes) => {
    const n = bytes >> 2;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const rand = xorshift(11);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) next[order[i]!] = order[(i + 1) % n]!;
    const loads = 2_000_000;
    let p = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < loads; i++) p = next[p]!;
    const ns = Number(process.hrtime.bigint() - t0) / loads;
    if (p < 0) throw new Error('unreachable');
    return { bytes, ns };
  });
}
