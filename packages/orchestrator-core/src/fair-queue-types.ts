// CORE-080..CORE-086: the vocabulary of the fair pool queue, which shares a
// pool's queue between named clients: the PoolQueue interface, plus the
// client-aware members the daemon needs (skipping clients at their
// concurrency limit, per-client depth for accounting).
import type { PoolQueue } from './pool-queue.js';
import type { PoolQueueOptions, QueueDepth, QueueItem } from './queue-types.js';

/** A queued task that names the client which submitted it. */
export interface FairQueueItem extends QueueItem {
  readonly client: string;
}

/** Answers whether a client may start another task now (false: at its max_concurrent). */
export type CanRun = (client: string) => boolean;

export interface FairPoolQueueOptions extends PoolQueueOptions {
  /**
   * true: weighted deficit round robin across the clients with work in each
   * priority lane (CORE-080); false: one FIFO per lane across all clients,
   * exactly the PoolQueue order (CORE-083).
   */
  fair: boolean;
  /**
   * A client's weight, a finite number > 0 (not necessarily an integer). Read
   * when the client's lane goes from empty to queued, so a changed weight
   * applies from the client's next backlog period.
   */
  weightOf: (client: string) => number;
}

export interface FairPoolQueue<T extends FairQueueItem> extends PoolQueue<T> {
  readonly fair: boolean;
  /**
   * The task `dequeue(canRun)` would return next, without removing it.
   * Clients for which `canRun` is false are passed over (CORE-082); `canRun`
   * must give the same answer for a client throughout one call.
   */
  peek(canRun?: CanRun): T | undefined;
  /** Removes and returns exactly the task `peek(canRun)` returns in the same state. */
  dequeue(canRun?: CanRun): T | undefined;
  /** This client's queued tasks per priority (zeros for a client with none). */
  depthOf(client: string): QueueDepth;
  /** Queued tasks per client, for every client with at least one queued; O(clients). */
  clientsQueued(): ReadonlyMap<string, number>;
  /**
   * CORE-085 position: tasks that would leave before this one if nothing
   * arrived and every client could run, interactive first. O(position + clients).
   */
  positionOf(id: string): number | undefined;
  /** Every queued task in the order of CORE-085 (the order positions count). O(n · clients). */
  toArray(): T[];
}
