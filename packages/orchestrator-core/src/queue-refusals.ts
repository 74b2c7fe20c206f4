// CORE-016..CORE-018: the refusals a pool queue gives, worded once for both the
// PoolQueue and the fair pool queue, which must answer every enqueue alike.
import type { FullPolicy, QueueRefusal } from './queue-types.js';

export interface QueueRefusals {
  /** CORE-016: the id is already queued. */
  duplicate(id: string): QueueRefusal;
  /** CORE-017: full under `reject`. */
  full(): QueueRefusal;
  /** CORE-018: full under `drop-lru` with nothing of the newcomer's priority or lower to evict. */
  fullOfHigherPriority(): QueueRefusal;
}

export function queueRefusals(capacity: number, fullPolicy: FullPolicy): QueueRefusals {
  const refuse = (code: QueueRefusal['code'], message: string, retriable: boolean): QueueRefusal => ({
    type: 'refused',
    code,
    policy_label: code === 'INVALID_PARAMS' ? null : fullPolicy,
    retriable,
    message,
  });
  return {
    duplicate: (id) => refuse('INVALID_PARAMS', `task ${id} is already queued; use a fresh task_id`, false),
    full: () =>
      refuse('ADMISSION_REJECT', `queue is full (${capacity} tasks); retry after the advised delay`, true),
    fullOfHigherPriority: () =>
      refuse(
        'QUEUE_FULL_DROP_LRU',
        `queue is full (${capacity} tasks) of higher-priority work; retry after the advised delay or submit as interactive`,
        true,
      ),
  };
}
