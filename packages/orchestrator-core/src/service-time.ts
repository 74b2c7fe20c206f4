// CORE-041: mean service time per pool, the input to every start-time
// prediction. Kept per pool because a 3090 and a 3060 serve at different speeds.
import { requireNumberInRange } from './errors.js';
import { DEFAULT_EWMA_ALPHA, createKeyedEwma } from './ewma.js';

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
  const pools = createKeyedEwma(alpha, coldStartMs);
  return {
    observe: (pool_id, service_ms) => pools.observe(pool_id, service_ms),
    meanMs: pools.mean,
    estimate: (pool_id) => ({ pool_id, mean_ms: pools.mean(pool_id), samples: pools.samples(pool_id) }),
    reset: pools.reset,
  };
}
