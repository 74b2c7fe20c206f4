// CORE-011, CORE-016..CORE-019: the vocabulary shared by the queue, its
// callers and the tests; wire-facing outcomes are discriminated unions.

import type { Priority } from '@llama-orch/contracts';

/** Task priority on the wire (contracts' `Priority`); interactive outranks batch. */
export type { Priority };

/** What the queue needs to know about a task; callers keep their own fields on it. */
export interface QueueItem {
  readonly id: string;
  readonly priority: Priority;
}

/** What a full queue does with a newcomer (documented per pool in the config). */
export type FullPolicy = 'reject' | 'drop-lru';

export interface PoolQueueOptions {
  /** Maximum queued tasks across both priorities; a positive integer. */
  capacity: number;
  full_policy: FullPolicy;
  /**
   * Share of contested dequeues given to batch while interactive work also
   * waits, in [0, 1). Default 0: strict priority (CORE-013).
   */
  batch_share?: number;
}

/** A task removed to make room under `drop-lru`; its stream must end with this code. */
export interface Eviction<T> {
  readonly task: T;
  readonly code: 'QUEUE_FULL_DROP_LRU';
}

export type EnqueueResult<T> =
  | {
      type: 'enqueued';
      task: T;
      /** Tasks that would leave before this one under strict priority order (CORE-019). */
      queue_position: number;
      evicted: Eviction<T> | null;
    }
  | QueueRefusal;

export interface QueueRefusal {
  type: 'refused';
  code: 'ADMISSION_REJECT' | 'QUEUE_FULL_DROP_LRU' | 'INVALID_PARAMS';
  /** The full policy that refused, or null when the refusal is not about capacity. */
  policy_label: FullPolicy | null;
  retriable: boolean;
  message: string;
}

export type CancelResult<T> = { type: 'canceled'; task: T } | { type: 'not-queued'; id: string };

export interface QueueDepth {
  interactive: number;
  batch: number;
  total: number;
}
