// ORCHD-090..ORCHD-092: the arithmetic behind an agent client's limits, with the clock passed in
// (CORE-002's rule, kept here too so the properties can replay any timeline). A sliding 60 s
// window of the tokens a client used, and the two Retry-After figures: until enough of the
// window ages out (tokens_per_minute), and until the client's own queue is expected to move
// (max_concurrent). Both are whole milliseconds in [1 s, 60 s] and never grow while time passes
// without new work, so a client that waits as told is not told to wait longer.
import { DEFAULT_MAX_RETRY_AFTER_MS, type DrainRate } from '@llama-orch/orchestrator-core';

export const TOKEN_WINDOW_MS = 60_000;

/** The shortest wait a limit refusal advises: Retry-After is in whole seconds. */
export const MIN_CLIENT_RETRY_AFTER_MS = 1_000;

export interface TokenWindow {
  /** Charges `tokens` at `now_ms`; charges arrive in clock order. */
  charge(now_ms: number, tokens: number): void;
  /** Tokens charged within the last 60 s (strictly after now − 60 s). */
  sum(now_ms: number): number;
  /** Tokens charged in the window, oldest first, as [at, tokens] pairs. */
  entries(now_ms: number): readonly (readonly [number, number])[];
  /** Charges still held (those not yet aged out at the last charge or read). */
  size(): number;
}

export function createTokenWindow(): TokenWindow {
  const held: [number, number][] = [];
  let total = 0;
  const prune = (now_ms: number): void => {
    let drop = 0;
    while (drop < held.length && (held[drop]?.[0] ?? Infinity) <= now_ms - TOKEN_WINDOW_MS) {
      total -= held[drop]?.[1] ?? 0;
      drop += 1;
    }
    if (drop > 0) held.splice(0, drop);
  };
  return {
    charge(now_ms, tokens) {
      prune(now_ms);
      if (!Number.isFinite(tokens) || tokens <= 0) return;
      held.push([now_ms, tokens]);
      total += tokens;
    },
    sum(now_ms) {
      prune(now_ms);
      return total;
    },
    entries(now_ms) {
      prune(now_ms);
      return held.map(([at, tokens]) => [at, tokens] as const);
    },
    size: () => held.length,
  };
}

const clamp = (ms: number): number =>
  Number.isFinite(ms)
    ? Math.min(DEFAULT_MAX_RETRY_AFTER_MS, Math.max(MIN_CLIENT_RETRY_AFTER_MS, Math.ceil(ms)))
    : DEFAULT_MAX_RETRY_AFTER_MS;

/**
 * Milliseconds until the window's sum falls below `limit`: the oldest charges age out first, so
 * the wait ends when the last charge that must go leaves the window.
 */
export function tokenRetryAfterMs(window: TokenWindow, now_ms: number, limit: number): number {
  let remaining = window.sum(now_ms);
  for (const [at, tokens] of window.entries(now_ms)) {
    if (remaining < limit) break;
    remaining -= tokens;
    if (remaining < limit) return clamp(at + TOKEN_WINDOW_MS - now_ms);
  }
  return clamp(0);
}

export interface ConcurrencyRetryInput {
  /** Departures of the client's own tasks from the queue (dispatched, canceled or dropped there). */
  drain: DrainRate;
  now_ms: number;
  /** The client's mean time a task holds an engine slot. */
  service_ms: number;
  max_concurrent: number;
}

/**
 * Milliseconds until the client's next task is expected to leave the queue: the observed gap
 * between its departures (else its service time over its max_concurrent slots), less the time
 * already waited since its last departure.
 */
export function concurrencyRetryAfterMs(input: ConcurrencyRetryInput): number {
  const observed = input.drain.interval;
  const gap =
    observed !== null && observed.samples > 0
      ? observed.mean
      : Math.max(0, input.service_ms) / Math.max(1, Math.floor(input.max_concurrent));
  const last = input.drain.last_drain_at_ms;
  const waited = last === null ? 0 : Math.max(0, input.now_ms - last);
  return clamp(gap - waited);
}
