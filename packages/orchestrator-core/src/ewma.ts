// CORE-041, CORE-043: the exponentially weighted moving average behind the
// service-time and drain-rate estimates, as a pure value so callers can keep
// it in any store and tests can replay it.

/** Default smoothing: recent samples weigh 20 %, enough to follow load changes without jitter. */
export const DEFAULT_EWMA_ALPHA = 0.2;

export interface Ewma {
  readonly mean: number;
  readonly samples: number;
}

/**
 * Folds one sample into the average. The first sample becomes the mean as is,
 * so a cold-start default never lingers once real data exists.
 */
export function ewmaObserve(previous: Ewma | null, sample: number, alpha = DEFAULT_EWMA_ALPHA): Ewma {
  if (!Number.isFinite(sample) || sample < 0) return previous ?? { mean: 0, samples: 0 };
  if (!previous || previous.samples === 0) return { mean: sample, samples: 1 };
  return { mean: previous.mean + alpha * (sample - previous.mean), samples: previous.samples + 1 };
}
