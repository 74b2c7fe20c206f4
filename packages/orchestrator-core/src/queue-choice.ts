// CORE-073, CORE-074: which model's queue gets the device next. Serving the
// resident model avoids a swap; a max wait, measured from the later of the
// head's arrival and the model's last service, keeps every queue moving
// without letting two starved queues ping-pong one request at a time.
import type { ModelQueueView, QueueChoice, QueueChoiceInput, QueueChoiceReason } from './residency-types.js';

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** CORE-073's clock: how long the queue has waited for its turn. */
export function queueWaitedMs(queue: ModelQueueView, now_ms: number): number {
  const since = Math.max(queue.head_enqueued_ms, queue.last_served_ms ?? Number.NEGATIVE_INFINITY);
  return Math.max(0, now_ms - since);
}

const interactiveFirst = (a: ModelQueueView, b: ModelQueueView): number =>
  Number(b.head_priority === 'interactive') - Number(a.head_priority === 'interactive');

/**
 * Picks the queue to serve: a starved queue (longest-starved first), then a
 * load into free room, then residents with interactive heads, then an
 * interactive head past idle residents, then residents, then any load.
 */
export function pickQueueToServe(input: QueueChoiceInput): QueueChoice {
  const waited = (q: ModelQueueView) => queueWaitedMs(q, input.now_ms);
  const longestFirst = (a: ModelQueueView, b: ModelQueueView) =>
    waited(b) - waited(a) || interactiveFirst(a, b) || byId(a.model_ref, b.model_ref);
  const oldestHeadFirst = (a: ModelQueueView, b: ModelQueueView) =>
    interactiveFirst(a, b) || a.head_enqueued_ms - b.head_enqueued_ms || byId(a.model_ref, b.model_ref);

  const waiting = input.queues.filter((q) => q.queued > 0);
  const residents = waiting.filter((q) => q.resident);
  const others = waiting.filter((q) => !q.resident);
  const serve = (queue: ModelQueueView | undefined, reason: QueueChoiceReason): QueueChoice | null =>
    queue
      ? {
          type: 'serve',
          model_ref: queue.model_ref,
          needs_load: !queue.resident,
          reason,
          waited_ms: waited(queue),
        }
      : null;

  const starved = others.filter((q) => waited(q) >= input.max_wait_ms).sort(longestFirst);
  const freeRoom = others.filter((q) => q.loads_without_eviction === true).sort(oldestHeadFirst);
  residents.sort(oldestHeadFirst);
  const urgentResident = residents.filter((q) => q.head_priority === 'interactive');
  // Idle residents may be displaced by interactive work; work in flight never is.
  const residentsIdle = input.queues.filter((q) => q.resident).every((q) => q.in_flight <= 0);
  const urgentOther = residentsIdle ? others.filter((q) => q.head_priority === 'interactive') : [];
  urgentOther.sort(longestFirst);
  others.sort((a, b) => interactiveFirst(a, b) || longestFirst(a, b));

  return (
    serve(starved[0], 'max-wait') ??
    serve(freeRoom[0], 'free-room') ??
    serve(urgentResident[0], 'resident') ??
    serve(urgentOther[0], 'interactive') ??
    serve(residents[0], 'resident') ??
    serve(others[0], 'load') ?? { type: 'idle' }
  );
}
