// CLI-009, CLI-010, CLI-011, CLI-018: how the CLI answers backpressure. The
// decision is a pure function of what the server said and what was already
// spent; the loop only sleeps and re-sends the *same* request (same task_id,
// so the server's idempotency makes a re-send after a lost answer harmless).
import type { ErrorEnvelope } from '@llama-orch/contracts';

export interface RetryPolicy {
  /** Total tries, the first included. */
  maxAttempts: number;
  /** Sum of all waits before giving up. */
  maxTotalWaitMs: number;
  /** Absolute time (ms since epoch) after which waiting is pointless: the task's own deadline. */
  deadlineAt?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, maxTotalWaitMs: 60_000 };

/** Used when a retriable refusal names no wait at all. */
export const FALLBACK_WAIT_MS = 1_000;

/** What a failed attempt looked like, reduced to what the decision needs. */
export interface FailedAttempt {
  status: number | undefined;
  retriable: boolean;
  /** The wait the server asked for, when it named one. */
  serverWaitMs: number | undefined;
}

export type RetryDecision =
  | { type: 'retry'; delayMs: number }
  | { type: 'give-up'; reason: 'not-retriable' | 'attempts' | 'total-wait' | 'deadline' };

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** CLI-009: `X-Backoff-Ms` first (finer), then `Retry-After` seconds, then the body's hint. */
export function serverWaitMs(headers: Headers, envelope: ErrorEnvelope | undefined): number | undefined {
  const backoff = intHeader(headers, 'x-backoff-ms');
  if (backoff !== undefined) return backoff;
  const retryAfter = intHeader(headers, 'retry-after');
  if (retryAfter !== undefined) return retryAfter * 1000;
  return envelope?.retry_after_ms;
}

/** Spreads clients that were refused together so they do not all come back in the same millisecond. */
export function withJitter(waitMs: number, random: () => number): number {
  return waitMs + Math.floor(random() * Math.max(100, waitMs * 0.2));
}

export interface RetryState {
  /** Attempts made so far (>= 1 when deciding). */
  attempts: number;
  waitedMs: number;
  now: number;
}

export function decideRetry(
  failure: FailedAttempt,
  state: RetryState,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  if (!failure.retriable) return { type: 'give-up', reason: 'not-retriable' };
  if (state.attempts >= policy.maxAttempts) return { type: 'give-up', reason: 'attempts' };
  const delayMs = withJitter(failure.serverWaitMs ?? FALLBACK_WAIT_MS, random);
  if (state.waitedMs + delayMs > policy.maxTotalWaitMs) return { type: 'give-up', reason: 'total-wait' };
  if (policy.deadlineAt !== undefined && state.now + delayMs > policy.deadlineAt) {
    return { type: 'give-up', reason: 'deadline' };
  }
  return { type: 'retry', delayMs };
}

export function describeGiveUp(
  reason: Exclude<RetryDecision, { type: 'retry' }>['reason'],
  policy: RetryPolicy,
): string {
  switch (reason) {
    case 'attempts':
      return `gave up after ${policy.maxAttempts} attempts`;
    case 'total-wait':
      return `gave up: the next wait would exceed the ${policy.maxTotalWaitMs} ms retry budget`;
    case 'deadline':
      return 'gave up: the task deadline would pass before the next retry';
    case 'not-retriable':
      return 'the server marked this refusal as not retriable';
  }
}
