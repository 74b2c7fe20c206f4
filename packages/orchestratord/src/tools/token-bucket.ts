// ORCHD-056: the deployment-wide fetch rate as a token bucket on an injected
// clock. It starts full (a burst of `perMinute` is allowed) and refills
// continuously; a refusal says exactly how long until the next token, so the
// caller's Retry-After is computed, never a constant.
export interface TokenBucketOptions {
  perMinute: number;
  /** Milliseconds, monotonic enough for a rate; the daemon passes its own clock. */
  now: () => number;
}

export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

export interface TokenBucket {
  take(): TakeResult;
}

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  // Counted in token-milliseconds-per-minute units (one token = 60 000 units, each ms adds
  // `perMinute` units) so that whole-millisecond clocks give exact waits, free of float drift.
  const perToken = 60_000;
  const capacity = options.perMinute * perToken;
  let units = capacity;
  let last = options.now();
  return {
    take() {
      const now = options.now();
      // A clock that steps back must not mint or burn tokens.
      units = Math.min(capacity, units + Math.max(0, now - last) * options.perMinute);
      last = Math.max(last, now);
      if (units >= perToken) {
        units -= perToken;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil((perToken - units) / options.perMinute) };
    },
  };
}
