// MET-040, MET-032: the four Grafana dashboards under ci/dashboards/, written
// against the metrics contract (ci/metrics.lint.json) only. Rates use Grafana's
// $__rate_interval, so a panel stays right whatever the scrape interval is.
import { dashboard, type Dashboard } from './grafana-model.js';

const R = '$__rate_interval';

/** p-th percentile of a latency histogram per pool (and priority), in milliseconds. */
const quantile = (q: number, histogram: string): string =>
  `histogram_quantile(${q}, sum by (pool_id, priority, le) (rate(${histogram}_bucket[${R}])))`;

export const overview: Dashboard = dashboard(
  'llama-orch-overview',
  'llama-orch / Overview',
  'Who is admitted, who is refused and why, who waits and what runs.',
  [
    {
      title: 'Admissions per second',
      description: 'Tasks admitted into a pool queue (tasks_enqueued_total), per pool and priority.',
      unit: 'reqps',
      targets: [
        {
          expr: `sum by (pool_id, priority) (rate(tasks_enqueued_total[${R}]))`,
          legend: '{{pool_id}} {{priority}}',
        },
      ],
    },
    {
      title: 'Rejections per second by reason',
      description: 'Submissions refused before enqueue, by wire error code (tasks_rejected_total).',
      unit: 'reqps',
      targets: [{ expr: `sum by (reason) (rate(tasks_rejected_total[${R}]))`, legend: '{{reason}}' }],
    },
    {
      title: 'Queue depth per pool and priority',
      description: 'Tasks waiting (not running) in each pool queue (queue_depth).',
      unit: 'short',
      targets: [{ expr: 'sum by (pool_id, priority) (queue_depth)', legend: '{{pool_id}} {{priority}}' }],
    },
    {
      title: 'Running tasks',
      description: 'Tasks an engine replica accepted and is decoding (tasks_running), per pool and priority.',
      unit: 'short',
      targets: [{ expr: 'sum by (pool_id, priority) (tasks_running)', legend: '{{pool_id}} {{priority}}' }],
    },
    {
      title: 'Backpressure events per second',
      description:
        '429 answers under the reject policy and drop-lru evictions (admission_backpressure_events_total).',
      unit: 'reqps',
      targets: [
        {
          expr: `sum by (policy) (rate(admission_backpressure_events_total[${R}]))`,
          legend: '{{policy}}',
        },
      ],
    },
    {
      title: 'Cancellations per second by reason',
      description:
        'Tasks ended by cancellation (tasks_canceled_total): client, deadline, watchdog, drain, shutdown, abandoned.',
      unit: 'reqps',
      targets: [{ expr: `sum by (reason) (rate(tasks_canceled_total[${R}]))`, legend: '{{reason}}' }],
    },
  ],
);

export const latency: Dashboard = dashboard(
  'llama-orch-latency',
  'llama-orch / Latency',
  'First-token latency (admission to first token, queue wait included) and decode time, per pool.',
  [
    ...[0.5, 0.95, 0.99].map((q) => ({
      title: `First-token latency p${Math.round(q * 100)}`,
      description: 'From the 202 to the first token frame, queue wait included (latency_first_token_ms).',
      unit: 'ms',
      width: 8,
      targets: [{ expr: quantile(q, 'latency_first_token_ms'), legend: '{{pool_id}} {{priority}}' }],
    })),
    ...[0.5, 0.95, 0.99].map((q) => ({
      title: `Decode time p${Math.round(q * 100)}`,
      description: 'From the first token frame to the terminal frame (latency_decode_ms).',
      unit: 'ms',
      width: 8,
      targets: [{ expr: quantile(q, 'latency_decode_ms'), legend: '{{pool_id}} {{priority}}' }],
    })),
    {
      title: 'Mean first-token latency',
      description: 'Sum over count of latency_first_token_ms: the mean, per pool.',
      unit: 'ms',
      targets: [
        {
          expr: `sum by (pool_id) (rate(latency_first_token_ms_sum[${R}])) / sum by (pool_id) (rate(latency_first_token_ms_count[${R}]))`,
          legend: '{{pool_id}}',
        },
      ],
    },
    {
      title: 'Model load time p95',
      description: 'From asking for an on-demand model to its replica being Ready (model_load_ms).',
      unit: 'ms',
      targets: [
        {
          expr: `histogram_quantile(0.95, sum by (pool_id, le) (rate(model_load_ms_bucket[${R}])))`,
          legend: '{{pool_id}}',
        },
      ],
    },
  ],
);

export const engines: Dashboard = dashboard(
  'llama-orch-engines',
  'llama-orch / Engines',
  'What each replica does: tokens per second, KV cache, state, restarts, and the on-demand models.',
  [
    {
      title: 'Tokens out per second',
      description: 'Tokens streamed to clients (tokens_out_total), per replica.',
      unit: 'short',
      targets: [
        { expr: `sum by (pool_id, replica_id) (rate(tokens_out_total[${R}]))`, legend: '{{replica_id}}' },
      ],
    },
    {
      title: 'Prompt tokens per second',
      description: 'Prompt tokens sent to engines (tokens_in_total), per replica.',
      unit: 'short',
      targets: [
        { expr: `sum by (pool_id, replica_id) (rate(tokens_in_total[${R}]))`, legend: '{{replica_id}}' },
      ],
    },
    {
      title: 'KV cache usage',
      description: "The engine's own KV cache usage ratio; absent where an engine does not report it.",
      unit: 'percentunit',
      targets: [{ expr: 'max by (pool_id, replica_id) (kv_cache_usage_ratio)', legend: '{{replica_id}}' }],
    },
    {
      title: 'Replica states',
      description: 'The current state of each replica as pool-managerd reports it, with its engine version.',
      unit: 'short',
      kind: 'table',
      targets: [{ expr: 'replica_state == 1', legend: '{{replica_id}}', instant: true }],
    },
    {
      title: 'Replica restarts (1h)',
      description: 'Engine restarts pool-managerd performed after a crash, a wedge or a failed start.',
      unit: 'short',
      targets: [
        {
          expr: 'sum by (pool_id, replica_id) (increase(replica_restarts_total[1h]))',
          legend: '{{replica_id}}',
        },
      ],
    },
    {
      title: 'Replicas not Ready',
      description: 'Replicas in any state but Ready, per pool and state.',
      unit: 'short',
      targets: [
        {
          expr: 'sum by (pool_id, replica_state) (replica_state{replica_state!="Ready"} == 1)',
          legend: '{{pool_id}} {{replica_state}}',
        },
      ],
    },
    {
      title: 'On-demand models resident',
      description: '1 while an on-demand model has a Ready replica (model_resident).',
      unit: 'short',
      targets: [{ expr: 'max by (pool_id) (model_resident)', legend: '{{pool_id}}' }],
    },
    {
      title: 'Model loads and evictions (1h)',
      description: 'Finished loads by outcome and unloads by reason (make-room, idle).',
      unit: 'short',
      targets: [
        {
          expr: 'sum by (pool_id, outcome) (increase(model_loads_total[1h]))',
          legend: 'load {{pool_id}} {{outcome}}',
        },
        {
          expr: 'sum by (pool_id, reason) (increase(model_evictions_total[1h]))',
          legend: 'evict {{pool_id}} {{reason}}',
        },
      ],
    },
  ],
);

export const gpus: Dashboard = dashboard(
  'llama-orch-gpus',
  'llama-orch / GPUs',
  'Each card by nvidia-smi UUID: memory used and free, and utilisation. Empty on the CPU fallback.',
  [
    {
      title: 'VRAM used',
      description: 'GPU memory in use per device (vram_used_bytes; the same card under each replica on it).',
      unit: 'bytes',
      targets: [{ expr: 'max by (device) (vram_used_bytes)', legend: '{{device}}' }],
    },
    {
      title: 'VRAM free',
      description: 'Card size minus memory in use (vram_total_bytes - vram_used_bytes).',
      unit: 'bytes',
      targets: [
        {
          expr: 'max by (device) (vram_total_bytes) - max by (device) (vram_used_bytes)',
          legend: '{{device}}',
        },
      ],
    },
    {
      title: 'GPU utilisation',
      description: 'Compute utilisation per device as a ratio (gpu_utilization).',
      unit: 'percentunit',
      targets: [{ expr: 'max by (device) (gpu_utilization)', legend: '{{device}}' }],
    },
    {
      title: 'Replicas per device',
      description: 'Which replicas use which card, and their engine version.',
      unit: 'bytes',
      kind: 'table',
      targets: [{ expr: 'vram_used_bytes', legend: '{{replica_id}}', instant: true }],
    },
    {
      title: 'Pools on the CPU fallback',
      description:
        '1 while a pool serves on the explicitly allowed CPU development fallback (pool_cpu_fallback).',
      unit: 'short',
      kind: 'stat',
      width: 24,
      targets: [{ expr: 'pool_cpu_fallback', legend: '{{pool_id}}' }],
    },
  ],
);

/** File name under ci/dashboards/ → dashboard. */
export const DASHBOARDS: Readonly<Record<string, Dashboard>> = {
  'overview.json': overview,
  'latency.json': latency,
  'engines.json': engines,
  'gpus.json': gpus,
};
