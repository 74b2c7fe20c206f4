// CORE-043: the 429 `retry_after_ms`, derived from how fast the queue really
// drains rather than a constant, so clients back off longer when the pool is
// slow or stalled and retry sooner when it is moving.
import { DEFAULT_EWMA_ALPHA, ewmaObserve, type Ewma } from './ewma.js';

/** Observed drain of one pool's queue: the moving average of gaps between departures. */
export interface DrainRate {
  readonly interval: Ewma | null;
  readonly last_drain_at_ms: number | null;
}

export const NO_DRAIN_OBSERVED: DrainRate = Object.freeze({ interval: null, last_drain_at_ms: null });

/**
 * Records one task leaving the queue (dispatched, canceled or evicted) at `now_ms`.
 * The first departure only starts the clock; intervals begin with the second.
 */
export function observeDrain(rate: DrainRate, now_ms: number, alpha = DEFAULT_EWMA_ALPHA): DrainRate {
  if (rate.last_drain_at_ms === null) return { interval: rate.interval, last_drain_at_ms: now_ms };
  const gap = Math.max(0, now_ms - rate.last_drain_at_ms);
  return {
    interval: ewmaObserve(rate.interval, gap, alpha),
    last_drain_at_ms: Math.max(now_ms, rate.last_drain_at_ms),
  };
}

/** Upper bound so a long-stalled pool does not tell clients to go away for hours. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

export interface RetryAfterInput {
  drain: DrainRate;
  now_ms: number;
  /** Tasks queued now. */
  queued: number;
  capacity: number;
  /** The pool's mean service time, used until two departures have been seen. */
  service_ms: number;
  /** Slots serving the pool; departures happen about slots times as often as completions per slot. */
  slots_total: number;
  max_ms?: number;
}

/**
 * Milliseconds until the queue is expected to have a free place: the observed
 * gap between departures (stretched to the time since the last departure when
 * the queue has stalled), times the departures needed before a place frees.
 * Always an integer in [1, max_ms].
 */
export function retryAfterMs(input: RetryAfterInput): number {
  const departuresNeeded = Math.max(1, Math.floor(input.queued) - Math.floor(input.capacity) + 1);
  const observed = input.drain.interval;
  let gap: number;
  if (observed && observed.samples > 0) {
    const sinceLast =
      input.drain.last_drain_at_ms === null ? 0 : Math.max(0, input.now_ms - input.drain.last_drain_at_ms);
    gap = Math.max(observed.mean, sinceLast);
  } else {
    gap = Math.max(0, input.service_ms) / Math.max(1, Math.floor(input.slots_total));
  }
  const maxMs = Math.max(1, input.max_ms ?? DEFAULT_MAX_RETRY_AFTER_MS);
  const raw = Math.ceil(gap * departuresNeeded);
  return Math.min(maxMs, Math.max(1, Number.isFinite(raw) ? raw : maxMs));
}
