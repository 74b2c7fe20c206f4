// ORCHD-041: the SLO snapshot of a replica set: first-token and decode latency
// percentiles over a recent window. Prometheus histograms only keep bucket
// counts since boot, so the daemon also keeps the last samples per pool (by
// count and age) and reads exact nearest-rank percentiles from them. The
// window is fed by tapping the latency histograms, so the two can never
// disagree about which tasks were measured.
import type { SloSnapshot } from '@llama-orch/contracts';
import type { DaemonMetrics } from '../metrics/metrics-registry.js';

export type LatencyKind = 'first_token' | 'decode';

export interface SloWindowOptions {
  /** Samples kept per pool and kind. */
  maxSamples?: number;
  /** Samples older than this leave the window. */
  maxAgeMs?: number;
  now?: () => number;
}

export interface SloWindows {
  record(poolId: string, kind: LatencyKind, ms: number): void;
  snapshot(poolId: string): SloSnapshot;
}

interface Sample {
  ms: number;
  at: number;
}

/** Nearest-rank percentile of ascending values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export function createSloWindows(options: SloWindowOptions = {}): SloWindows {
  const maxSamples = options.maxSamples ?? 512;
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, Sample[]>();
  const key = (poolId: string, kind: LatencyKind) => `${kind}\u0000${poolId}`;

  const recent = (poolId: string, kind: LatencyKind): number[] => {
    const cutoff = now() - maxAgeMs;
    return (windows.get(key(poolId, kind)) ?? [])
      .filter((s) => s.at >= cutoff)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
  };

  return {
    record(poolId, kind, ms) {
      if (!Number.isFinite(ms) || ms < 0) return;
      const k = key(poolId, kind);
      const samples = windows.get(k) ?? [];
      samples.push({ ms, at: now() });
      if (samples.length > maxSamples) samples.splice(0, samples.length - maxSamples);
      windows.set(k, samples);
    },
    snapshot(poolId) {
      const first = recent(poolId, 'first_token');
      const decode = recent(poolId, 'decode');
      return {
        first_token_ms_p50: percentile(first, 50),
        first_token_ms_p95: percentile(first, 95),
        first_token_ms_p99: percentile(first, 99),
        decode_ms_p50: percentile(decode, 50),
        decode_ms_p95: percentile(decode, 95),
        decode_ms_p99: percentile(decode, 99),
      };
    },
  };
}

const TAPPED: Readonly<Record<string, LatencyKind>> = {
  latency_first_token_ms: 'first_token',
  latency_decode_ms: 'decode',
};

/** The same metrics, with every latency observation also recorded in the SLO windows. */
export function tapLatencies(metrics: DaemonMetrics, windows: SloWindows): DaemonMetrics {
  return {
    registry: metrics.registry,
    placeholder: metrics.placeholder,
    contentType: metrics.contentType,
    inc: (name, labels, by) => metrics.inc(name, labels, by),
    set: (name, labels, value) => metrics.set(name, labels, value),
    remove: (name, labels) => metrics.remove(name, labels),
    reset: (name) => metrics.reset(name),
    beforeRender: (hook) => metrics.beforeRender(hook),
    render: () => metrics.render(),
    observe(name, labels, value) {
      metrics.observe(name, labels, value);
      const kind = TAPPED[name];
      const poolId = labels.pool_id;
      if (kind !== undefined && poolId !== undefined) windows.record(poolId, kind, value);
    },
  };
}
