// CORE-076, CORE-077: how long a model takes to load, learned per model, and
// when a request that must wait for that load will start. Kept per model
// because a 20 GiB coder model and a 300 MiB embedder load at very different
// speeds from the same disk.
import { requireNumberInRange } from './errors.js';
import { DEFAULT_EWMA_ALPHA, createKeyedEwma } from './ewma.js';
import { predictStart } from './start-time.js';

/**
 * Load time assumed for a model never loaded here: a mid-size GGUF read from
 * a SATA SSD into a consumer GPU. Pessimistic on purpose, so the first
 * deadlines of a cold model are not over-promised (the first load replaces it).
 */
export const DEFAULT_COLD_LOAD_MS = 20_000;

export interface LoadTimeEstimatorOptions {
  /** Smoothing factor in (0, 1]; default 0.2. */
  alpha?: number;
  /** Mean assumed before the first observed load; default 20,000 ms. */
  cold_load_ms?: number;
}

export interface LoadTimeEstimate {
  readonly model_ref: string;
  readonly mean_ms: number;
  readonly samples: number;
}

export interface LoadTimeEstimator {
  /** Records one completed load (start requested → replica Ready). */
  observe(model_ref: string, load_ms: number): void;
  /** Current mean for the model, or the cold default before any load. */
  meanMs(model_ref: string): number;
  estimate(model_ref: string): LoadTimeEstimate;
  /** Forgets a model, e.g. after its file or launch options changed. */
  reset(model_ref: string): void;
}

export function createLoadTimeEstimator(options: LoadTimeEstimatorOptions = {}): LoadTimeEstimator {
  const alpha = requireNumberInRange('alpha', options.alpha ?? DEFAULT_EWMA_ALPHA, Number.MIN_VALUE, 1);
  const coldMs = requireNumberInRange(
    'cold_load_ms',
    options.cold_load_ms ?? DEFAULT_COLD_LOAD_MS,
    0,
    Number.MAX_SAFE_INTEGER,
  );
  const models = createKeyedEwma(alpha, coldMs);
  return {
    observe: (model_ref, load_ms) => models.observe(model_ref, load_ms),
    meanMs: models.mean,
    estimate: (model_ref) => ({
      model_ref,
      mean_ms: models.mean(model_ref),
      samples: models.samples(model_ref),
    }),
    reset: models.reset,
  };
}

export interface LoadStartInput {
  /** Tasks for this model that leave the queue before this one (0 = next). */
  queue_position: number;
  /** Slots the new replica will have; all free when it turns Ready. */
  slots_total: number;
  /** Mean time one task occupies a slot. */
  service_ms: number;
  /** The model's predicted load time (its EWMA or the cold default). */
  load_ms: number;
  /** When the running load began; null or absent while none has. */
  load_started_ms?: number | null;
  now_ms: number;
}

/**
 * Predicted start for a request whose model is not resident: the load still
 * to go, never below zero, plus the CORE-040 start on a replica whose slots are
 * all free. A replica with no slots can never start it: +Infinity.
 */
export function predictStartWithLoad(input: LoadStartInput): number {
  const started = input.load_started_ms ?? null;
  const elapsed = started === null ? 0 : Math.max(0, input.now_ms - started);
  const toGo = Math.max(0, Math.max(0, input.load_ms) - elapsed);
  const after = predictStart({
    queue_position: input.queue_position,
    slots_free: input.slots_total,
    slots_total: input.slots_total,
    service_ms: input.service_ms,
  });
  return Math.ceil(toGo) + after;
}
