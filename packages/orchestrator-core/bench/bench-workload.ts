// The workload behind `pnpm bench:core` (CORE-014): tasks as the daemon would
// hand them to the queue, the bench's own record of what is queued, heap bytes
// per queued task, and this machine's memory latency for reading the figures.
// The timed runs are in queue-runs.ts. Bench code may use Node APIs; the
// library itself may not.
import { randomUUID } from 'node:crypto';
import {
  createPoolQueue,
  type FairQueueItem,
  type PoolQueue,
  type Priority,
  type QueueItem,
} from '../src/index.js';

export interface BenchTask extends FairQueueItem {
  /** Index in the bench's own live/free arrays (bookkeeping, never timed). */
  slot: number;
}

/** A queue under test, created empty for a capacity: the PoolQueue, or the fair queue (CORE-080). */
export type MakeQueue = (capacity: number) => PoolQueue<BenchTask>;

export const makePoolQueue: MakeQueue = (capacity) => createPoolQueue({ capacity, full_policy: 'reject' });

/** The clients the fair rows share the queue between, in turn, and their weights. */
export const BENCH_CLIENTS = ['aider', 'codex', 'cline', 'batch'] as const;
export const BENCH_WEIGHTS: Readonly<Record<string, number>> = { aider: 1, codex: 1, cline: 2, batch: 4 };

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

/**
 * A task id as the daemon sees it: a flat string decoded from a request body
 * or path. (randomUUID() itself returns a concatenation tree that is several
 * times larger and slower to read, which no real request would carry.)
 */
const flatId = (id: string) => Buffer.from(id, 'latin1').toString('latin1');

/** A newly arrived task, created just before it is enqueued, like a parsed request. */
let arrivals = 0;

export const arrive = (rand: () => number): BenchTask => ({
  id: flatId(randomUUID()),
  priority: priorityOf(rand()),
  // Clients in turn, so the random stream (and the PoolQueue rows' workload) stays as it was.
  client: BENCH_CLIENTS[arrivals++ & 3]!,
  slot: -1,
});

const UUID_LENGTH = 36;

/**
 * The bench's own record of what is queued, with O(1) add and removal of any
 * member (swap with last). Like a client, it keeps its own copy of each id,
 * as text in one off-heap buffer rather than as strings beside the tasks: so
 * choosing a cancel target never reads the queued task, its id string or
 * anything allocated next to them, and the queue has to find them in memory
 * as cold as a daemon's would be.
 */
export class Bag {
  private readonly tasks: BenchTask[] = [];
  private readonly idText: Buffer;

  constructor(capacity: number) {
    this.idText = Buffer.alloc(capacity * UUID_LENGTH);
  }

  add(task: BenchTask): void {
    task.slot = this.tasks.length;
    this.idText.write(task.id, task.slot * UUID_LENGTH, 'latin1');
    this.tasks.push(task);
  }

  /** Forgets a task the queue handed back (the dispatcher holds it anyway). */
  remove(task: BenchTask): void {
    this.removeAt(task.slot);
  }

  /** Forgets a random member; returns its id as a fresh flat string, as a cancel request brings it. */
  takeRandomId(rand: () => number): string {
    const at = Math.floor(rand() * this.tasks.length);
    const id = this.idText.toString('latin1', at * UUID_LENGTH, (at + 1) * UUID_LENGTH);
    this.removeAt(at);
    return id;
  }

  private removeAt(at: number): void {
    const last = this.tasks.pop()!;
    if (at === this.tasks.length) return;
    this.tasks[at] = last;
    last.slot = at;
    const from = this.tasks.length * UUID_LENGTH;
    this.idText.copy(this.idText, at * UUID_LENGTH, from, from + UUID_LENGTH);
  }
}

export interface HeapCost {
  /** Node, index entry and growth slack the queue adds per task. */
  queueBytes: number;
  /** The same plus a minimal task record (uuid id, priority). */
  totalBytes: number;
}

/** Memory growth per queued task (JS heap plus array buffers), with full GCs around each step; needs --expose-gc. */
export function measureHeap(count: number, gc: () => void, fair?: MakeQueue): HeapCost {
  // The id index lives in typed arrays, whose buffers sit outside the JS heap:
  // count them too, or the index would look free.
  const settle = () => {
    for (let i = 0; i < 4; i++) gc();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  const base = settle();
  const rand = xorshift(7);
  const record = () => ({ id: flatId(randomUUID()), priority: priorityOf(rand()) });
  // The fair queue's tasks also name a client; the PoolQueue's keep the minimal record.
  const tasks: QueueItem[] = fair
    ? Array.from({ length: count }, (_, i) => ({ ...record(), client: BENCH_CLIENTS[i & 3]!, slot: -1 }))
    : Array.from({ length: count }, record);
  const withTasks = settle();
  const queue: PoolQueue<QueueItem> = fair
    ? (fair(count) as PoolQueue<QueueItem>)
    : createPoolQueue<QueueItem>({ capacity: count, full_policy: 'reject' });
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
