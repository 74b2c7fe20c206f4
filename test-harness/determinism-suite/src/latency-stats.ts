// DET-008: the determinism gate doubles as a latency probe; per-replica
// percentiles make a slow or throttled replica visible next to the verdict.

export interface RequestTiming {
  firstTokenMs: number | null;
  totalMs: number;
  tokensOut: number;
}

export interface LatencySummary {
  requests: number;
  firstTokenP50: number | null;
  firstTokenP95: number | null;
  totalP50: number;
  totalP95: number;
  /** Token events (streamed pieces) over the summed request wall time. */
  tokensPerSecond: number;
  /** Engine-counted generated tokens over the same time, when the engine's counter was read. */
  engineTokensPerSecond: number | null;
}

/** Nearest-rank percentile (no interpolation): always a value that was actually observed. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty sample');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/**
 * `engineTokens` is the engine's own generated-token count for these requests
 * (a /metrics delta). It can exceed the piece count: llama-server merges tokens
 * that end mid-UTF-8-character into one piece and drops a trailing partial one.
 */
export function summarise(timings: readonly RequestTiming[], engineTokens?: number | null): LatencySummary {
  const first = timings.flatMap((t) => (t.firstTokenMs === null ? [] : [t.firstTokenMs]));
  const totals = timings.map((t) => t.totalMs);
  const wallMs = totals.reduce((sum, ms) => sum + ms, 0);
  const tokens = timings.reduce((sum, t) => sum + t.tokensOut, 0);
  return {
    requests: timings.length,
    firstTokenP50: first.length > 0 ? percentile(first, 50) : null,
    firstTokenP95: first.length > 0 ? percentile(first, 95) : null,
    totalP50: percentile(totals, 50),
    totalP95: percentile(totals, 95),
    tokensPerSecond: wallMs > 0 ? (tokens * 1000) / wallMs : 0,
    engineTokensPerSecond:
      engineTokens === undefined || engineTokens === null || wallMs <= 0
        ? null
        : (engineTokens * 1000) / wallMs,
  };
}

const ms = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)} ms`);

export function formatSummary(replica: string, s: LatencySummary): string {
  return (
    `${replica}: ${s.requests} requests, first token p50 ${ms(s.firstTokenP50)} p95 ${ms(s.firstTokenP95)}, ` +
    `total p50 ${ms(s.totalP50)} p95 ${ms(s.totalP95)}, ${s.tokensPerSecond.toFixed(0)} streamed pieces/s` +
    (s.engineTokensPerSecond === null ? '' : `, ${s.engineTokensPerSecond.toFixed(0)} engine tokens/s`)
  );
}
