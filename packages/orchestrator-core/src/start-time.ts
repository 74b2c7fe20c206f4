// CORE-040, CORE-042: when will a queued task start, and how likely is it to
// finish before its deadline. Both are closed-form so admission can call them
// on every request and tests can state their monotonicity as properties.

export interface StartTimeInput {
  /** Tasks that leave the queue before this one (0 = next). */
  queue_position: number;
  /** Slots idle right now across the pool's candidate replicas. */
  slots_free: number;
  /** All slots across the pool's candidate replicas. */
  slots_total: number;
  /** Mean time one task occupies a slot (the pool's EWMA). */
  service_ms: number;
}

/**
 * Predicted wait before the task starts, in whole milliseconds.
 * Zero while a free slot remains for it; otherwise the slots are assumed to be
 * half-way through their current task (the mean residual when start times are
 * spread evenly) plus one service time per full wave of slots still ahead.
 * A pool with no slot at all can never start the task: +Infinity.
 */
export function predictStart(input: StartTimeInput): number {
  const slotsTotal = Math.max(0, Math.floor(input.slots_total));
  if (slotsTotal === 0) return Number.POSITIVE_INFINITY;
  const slotsFree = Math.min(slotsTotal, Math.max(0, Math.floor(input.slots_free)));
  const position = Math.max(0, Math.floor(input.queue_position));
  if (position < slotsFree) return 0;
  const waiting = position - slotsFree;
  const waves = Math.floor(waiting / slotsTotal);
  return Math.ceil(Math.max(0, input.service_ms) * (waves + 0.5));
}

/**
 * Default spread of the completion time as a fraction of its mean: LLM decode
 * times vary with output length, so a wide-ish normal is a fair first guess.
 */
export const DEFAULT_COMPLETION_CV = 0.3;

export interface OnTimeInput {
  predicted_start_ms: number;
  /** Expected time the task occupies its slot. */
  service_ms: number;
  /** Time from now by which the task should be finished. */
  deadline_ms: number;
  /** Coefficient of variation of the completion time; default 0.3. */
  cv?: number;
}

/**
 * Probability in [0, 1] that start + service ≤ deadline, modelling the
 * completion time as normal with mean start + service and standard deviation
 * cv × mean.
 */
export function onTimeProbability(input: OnTimeInput): number {
  const mean = Math.max(0, input.predicted_start_ms) + Math.max(0, input.service_ms);
  if (!Number.isFinite(mean)) return 0;
  const deadline = input.deadline_ms;
  // A deadline already behind us cannot be met, however fast the pool is.
  if (Number.isNaN(deadline) || deadline < 0) return 0;
  const sigma = Math.max(0, input.cv ?? DEFAULT_COMPLETION_CV) * mean;
  if (sigma === 0) return deadline >= mean ? 1 : 0;
  const p = normalCdf((deadline - mean) / sigma);
  return Math.min(1, Math.max(0, p));
}

/** Standard normal CDF via the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7). */
function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
