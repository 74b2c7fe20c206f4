// CORE-041, CORE-043, CORE-076: the exponentially weighted moving average behind the
// service-time, drain-rate and load-time estimates, as a pure value so callers can keep
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

/** One average per key (a pool, a model), with `coldMean` for a key not observed yet. */
export interface KeyedEwma {
  observe(key: string, sample: number): void;
  /** The key's average, or the cold mean before its first sample. */
  mean(key: string): number;
  samples(key: string): number;
  /** Forgets a key: its next mean is the cold one again. */
  reset(key: string): void;
}

export function createKeyedEwma(alpha: number, coldMean: number): KeyedEwma {
  const byKey = new Map<string, Ewma>();
  return {
    observe(key, sample) {
      byKey.set(key, ewmaObserve(byKey.get(key) ?? null, sample, alpha));
    },
    mean: (key) => byKey.get(key)?.mean ?? coldMean,
    samples: (key) => byKey.get(key)?.samples ?? 0,
    reset(key) {
      byKey.delete(key);
    },
  };
}
