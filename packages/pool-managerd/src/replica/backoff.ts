// POOL-012, POOL-013: restart pacing as pure functions. Exponential backoff
// (base doubling up to a cap, with jitter so replicas that died together do
// not restart in lock-step) and a failure-window circuit breaker that stops a
// restart storm until a cool-down ends or an operator reloads.

export interface RestartPolicy {
  /** First restart delay. */
  baseMs: number;
  /** Longest restart delay. */
  capMs: number;
  /** ±fraction of the delay drawn at random; 0 disables jitter. */
  jitterRatio: number;
  /** Failures within `windowMs` that open the breaker. */
  maxFailures: number;
  windowMs: number;
  /** How long an open breaker waits before one more attempt. */
  cooldownMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  baseMs: 1_000,
  capMs: 30_000,
  jitterRatio: 0.2,
  maxFailures: 5,
  windowMs: 120_000,
  cooldownMs: 300_000,
};

/** Delay before restart number `attempt` (1 = first restart). `random` returns [0, 1). */
export function backoffDelayMs(
  attempt: number,
  policy: RestartPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(30, attempt - 1));
  const base = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jitter = base * policy.jitterRatio * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(policy.capMs, base + jitter)));
}

export type RestartDecision =
  | { type: 'backoff'; attempt: number; delay_ms: number; failures: number[] }
  | { type: 'circuit-open'; cooldown_ms: number; failures: number[] };

/**
 * Records a failure at `now` and decides what follows. `failures` are earlier
 * failure times; those outside the window are forgotten, so a replica that ran
 * well for a while starts again from the base delay.
 */
export function decideRestart(
  failures: readonly number[],
  now: number,
  policy: RestartPolicy,
  random: () => number = Math.random,
): RestartDecision {
  const recent = [...failures.filter((t) => now - t < policy.windowMs), now];
  if (recent.length >= policy.maxFailures) {
    return { type: 'circuit-open', cooldown_ms: policy.cooldownMs, failures: recent };
  }
  return {
    type: 'backoff',
    attempt: recent.length,
    delay_ms: backoffDelayMs(recent.length, policy, random),
    failures: recent,
  };
}
