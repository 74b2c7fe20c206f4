// CORE-010..CORE-019: the bounded per-pool queue: capacity, the two full
// policies, priority order with the optional batch share, and the typed
// results. Storage is the TaskStore (two FIFO ring lanes plus an id index),
// which gives O(1) amortised enqueue, dequeue, cancel and victim lookup. The
// caller's task objects are stored as they are (no wrapper per task), so the
// queue adds only a few array slots per task (CORE-014).
import { CoreError, requireFraction, requireInteger } from './errors.js';
import type { RingLane } from './ring-lane.js';
import { queueRefusals } from './queue-refusals.js';
import { TaskStore } from './task-store.js';
import type {
  CancelResult,
  EnqueueResult,
  Eviction,
  FullPolicy,
  Priority,
  QueueDepth,
  QueueItem,
  PoolQueueOptions,
} from './queue-types.js';

export interface PoolQueue<T extends QueueItem> {
  readonly capacity: number;
  readonly fullPolicy: FullPolicy;
  readonly batchShare: number;
  /** Admits a task, applying the full policy when at capacity. */
  enqueue(task: T): EnqueueResult<T>;
  /** Removes and returns the next task to dispatch, or undefined when empty. */
  dequeue(): T | undefined;
  /** The task `dequeue` would return next, without removing it. */
  peek(): T | undefined;
  /** Removes exactly the task with this id; idempotent. */
  cancel(id: string): CancelResult<T>;
  has(id: string): boolean;
  get(id: string): T | undefined;
  /** CORE-019 position, or undefined when not queued. O(position). */
  positionOf(id: string): number | undefined;
  size(): number;
  depth(): QueueDepth;
  /** All queued tasks in strict priority order (interactive FIFO, then batch FIFO). O(n). */
  toArray(): T[];
}

/** Creates an empty queue; throws CoreError(INVALID_PARAMS) on invalid options. */
export function createPoolQueue<T extends QueueItem>(options: PoolQueueOptions): PoolQueue<T> {
  const capacity = requireInteger('capacity', options.capacity, 1);
  const batchShare = requireFraction('batch_share', options.batch_share ?? 0);
  const fullPolicy = options.full_policy;
  if (fullPolicy !== 'reject' && fullPolicy !== 'drop-lru') {
    throw new CoreError(
      'INVALID_PARAMS',
      `full_policy must be 'reject' or 'drop-lru', got '${String(fullPolicy)}'`,
      {
        context: { full_policy: fullPolicy },
      },
    );
  }
  const store = new TaskStore<T>();
  const { interactive, batch } = store;
  const size = () => store.size;
  // Deterministic starvation guard: batch is owed ⌊contested·share⌋ turns.
  let contested = 0;
  let batchServed = 0;

  const refusals = queueRefusals(capacity, fullPolicy);

  const nextLane = (): RingLane<T> | undefined => {
    if (interactive.size === 0) return batch.size === 0 ? undefined : batch;
    if (batch.size === 0 || batchShare === 0) return interactive;
    return Math.floor((contested + 1) * batchShare) > batchServed ? batch : interactive;
  };

  /** CORE-018: oldest task of the lowest non-empty priority not above the newcomer's. */
  const victimFor = (priority: Priority): number => {
    const ref = batch.headRef();
    return ref >= 0 || priority === 'batch' ? ref : interactive.headRef();
  };

  return {
    capacity,
    fullPolicy,
    batchShare,
    enqueue(task) {
      if (store.find(task.id) >= 0) {
        return refusals.duplicate(task.id);
      }
      let evicted: Eviction<T> | null = null;
      if (size() >= capacity) {
        if (fullPolicy === 'reject') {
          return refusals.full();
        }
        const victim = victimFor(task.priority);
        if (victim < 0) {
          return refusals.fullOfHigherPriority();
        }
        evicted = { task: store.take(victim), code: 'QUEUE_FULL_DROP_LRU' };
      }
      const lane = task.priority === 'interactive' ? interactive : batch;
      store.append(lane, task);
      // The newcomer is last in its lane, so its position needs no walk.
      const ahead = lane === interactive ? interactive.size - 1 : size() - 1;
      return { type: 'enqueued', task, queue_position: ahead, evicted };
    },
    dequeue() {
      const lane = nextLane();
      if (!lane) return undefined;
      if (interactive.size > 0 && batch.size > 0) {
        contested += 1;
        if (lane === batch) batchServed += 1;
      }
      return store.take(lane.headRef());
    },
    peek() {
      const lane = nextLane();
      return lane?.itemAt(lane.headRef());
    },
    cancel(id) {
      const ref = store.find(id);
      return ref >= 0 ? { type: 'canceled', task: store.cancelFound(ref) } : { type: 'not-queued', id };
    },
    has: (id) => store.find(id) >= 0,
    get(id) {
      const ref = store.find(id);
      return ref >= 0 ? store.itemAt(ref) : undefined;
    },
    positionOf(id) {
      const ref = store.find(id);
      return ref >= 0 ? store.positionOf(ref) : undefined;
    },
    size,
    depth: () => ({ interactive: interactive.size, batch: batch.size, total: size() }),
    toArray: () => [...interactive.values(), ...batch.values()],
  };
}
