// ORCHD metrics (MET-002..MET-005, MET-009, ORCHD-051): the daemon's Prometheus series are built from the
// metrics contract itself (ci/metrics.lint.json), so names, types, help,
// label sets and buckets cannot drift from it. A private registry per daemon
// keeps tests isolated and leaves out runtime metrics the contract does not own.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The part of the metrics contract this module needs (structural, so any contract version fits). */
export interface MetricsContractShape {
  rules: { placeholder_value: string };
  metrics: readonly {
    name: string;
    type: 'counter' | 'gauge' | 'histogram';
    help: string;
    labels: readonly string[];
    buckets?: readonly number[] | undefined;
  }[];
}

export type CounterName =
  | 'tasks_enqueued_total'
  | 'tasks_started_total'
  | 'tasks_canceled_total'
  | 'tasks_rejected_total'
  | 'tokens_in_total'
  | 'tokens_out_total'
  | 'admission_backpressure_events_total'
  | 'catalog_verifications_total'
  | 'model_loads_total'
  | 'model_evictions_total'
  | 'replica_restarts_total'
  | 'client_tasks_total'
  | 'client_refusals_total'
  | 'client_tokens_total'
  | 'client_gpu_seconds_total';
export type GaugeName =
  | 'queue_depth'
  | 'gpu_utilization'
  | 'vram_used_bytes'
  | 'kv_cache_usage_ratio'
  | 'model_state'
  | 'pool_cpu_fallback'
  | 'model_resident'
  | 'transcripts_retained'
  | 'tasks_running'
  | 'replica_state'
  | 'vram_total_bytes'
  | 'client_tasks_queued'
  | 'client_tasks_running';
export type HistogramName = 'latency_first_token_ms' | 'latency_decode_ms' | 'model_load_ms';

export type Labels = Record<string, string>;

export interface DaemonMetrics {
  readonly registry: Registry;
  readonly placeholder: string;
  inc(name: CounterName, labels: Labels, by?: number): void;
  set(name: GaugeName, labels: Labels, value: number): void;
  /** Drops one gauge sample, so a figure nobody reports any more is omitted rather than left stale. */
  remove(name: GaugeName, labels: Labels): void;
  observe(name: HistogramName, labels: Labels, value: number): void;
  /** Drops every sample of a gauge, so a figure rebuilt from scratch keeps no stale label set. */
  reset(name: GaugeName): void;
  /** Runs `hook` before each render: for figures read from live state at scrape time (MET-036). */
  beforeRender(hook: () => void): void;
  /** Prometheus text exposition of every series. */
  render(): Promise<string>;
  readonly contentType: string;
}

export function createDaemonMetrics(contract: MetricsContractShape): DaemonMetrics {
  const registry = new Registry();
  const placeholder = contract.rules.placeholder_value;
  const counters = new Map<string, Counter>();
  const gauges = new Map<string, Gauge>();
  const histograms = new Map<string, Histogram>();
  const labelNames = new Map<string, readonly string[]>();
  const renderHooks: (() => void)[] = [];

  for (const m of contract.metrics) {
    const common = { name: m.name, help: m.help, labelNames: [...m.labels], registers: [registry] };
    labelNames.set(m.name, m.labels);
    if (m.type === 'counter') counters.set(m.name, new Counter(common));
    else if (m.type === 'gauge') gauges.set(m.name, new Gauge(common));
    else histograms.set(m.name, new Histogram({ ...common, buckets: [...(m.buckets ?? [])] }));
  }

  // Exactly the contract's label set: unknown keys dropped, missing or empty ones get the placeholder.
  const shape = (name: string, labels: Labels): Labels => {
    const out: Labels = {};
    for (const label of labelNames.get(name) ?? []) {
      const value = labels[label];
      out[label] = value === undefined || value === '' ? placeholder : value;
    }
    return out;
  };
  const missing = (name: string): Error =>
    new Error(`metric ${name} is not in the metrics contract; add it to ci/metrics.lint.json first`);

  return {
    registry,
    placeholder,
    inc(name, labels, by = 1) {
      const counter = counters.get(name);
      if (counter === undefined) throw missing(name);
      counter.inc(shape(name, labels), by);
    },
    set(name, labels, value) {
      const gauge = gauges.get(name);
      if (gauge === undefined) throw missing(name);
      gauge.set(shape(name, labels), value);
    },
    remove(name, labels) {
      const gauge = gauges.get(name);
      if (gauge === undefined) throw missing(name);
      gauge.remove(shape(name, labels));
    },
    observe(name, labels, value) {
      const histogram = histograms.get(name);
      if (histogram === undefined) throw missing(name);
      histogram.observe(shape(name, labels), value);
    },
    reset(name) {
      const gauge = gauges.get(name);
      if (gauge === undefined) throw missing(name);
      gauge.reset();
    },
    beforeRender(hook) {
      renderHooks.push(hook);
    },
    render: () => {
      for (const hook of renderHooks) hook();
      return registry.metrics();
    },
    contentType: registry.contentType,
  };
}
