// CORE-041: mean service time per pool, the input to every start-time
// prediction. Kept per pool because a 3090 and a 3060 serve at different speeds.
import { requireNumberInRange } from './errors.js';
import { DEFAULT_EWMA_ALPHA, ewmaObserve, type Ewma } from './ewma.js';

/**
 * Service time assumed for a pool that has not finished a task yet: a short
 * completion on a consumer GPU. Chosen to be pessimistic enough that the first
 * deadlines are not over-promised.
 */
export const DEFAULT_COLD_START_SERVICE_MS = 3_000;

export interface ServiceTimeEstimatorOptions {
  /** Smoothing factor in (0, 1]; default 0.2. */
  alpha?: number;
  /** Mean assumed before the first observation; default 3,000 ms. */
  cold_start_ms?: number;
}

export interface ServiceTimeEstimate {
  readonly pool_id: string;
  readonly mean_ms: number;
  readonly samples: number;
}

export interface ServiceTimeEstimator {
  /** Records how long one task occupied a slot (dispatch → terminal frame). */
  observe(pool_id: string, service_ms: number): void;
  /** Current mean for the pool, or the cold-start value before any observation. */
  meanMs(pool_id: string): number;
  estimate(pool_id: string): ServiceTimeEstimate;
  /** Forgets a pool, e.g. after a reload to a different model. */
  reset(pool_id: string): void;
}

export function createServiceTimeEstimator(options: ServiceTimeEstimatorOptions = {}): ServiceTimeEstimator {
  const alpha = requireNumberInRange('alpha', options.alpha ?? DEFAULT_EWMA_ALPHA, Number.MIN_VALUE, 1);
  const coldStartMs = requireNumberInRange(
    'cold_start_ms',
    options.cold_start_ms ?? DEFAULT_COLD_START_SERVICE_MS,
    0,
    Number.MAX_SAFE_INTEGER,
  );
  const pools = new Map<string, Ewma>();

  const meanMs = (pool_id: string): number => pools.get(pool_id)?.mean ?? coldStartMs;

  return {
    observe(pool_id, service_ms) {
      pools.set(pool_id, ewmaObserve(pools.get(pool_id) ?? null, service_ms, alpha));
    },
    meanMs,
    estimate: (pool_id) => ({ pool_id, mean_ms: meanMs(pool_id), samples: pools.get(pool_id)?.samples ?? 0 }),
    reset(pool_id) {
      pools.delete(pool_id);
    },
  };
}
