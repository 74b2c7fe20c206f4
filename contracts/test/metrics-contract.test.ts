// The committed metrics contract: it loads, it carries the series the product
// prescribes, it agrees with .specs/80-metrics.md, and the loader refuses
// contracts that break the naming and label rules.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  MetricsContractError,
  loadMetricsContract,
  parseMetricsContract,
  type MetricsContract,
} from '@llama-orch/contracts';

const contract = await loadMetricsContract();
const raw = JSON.parse(
  await readFile(new URL('../../ci/metrics.lint.json', import.meta.url), 'utf8'),
) as unknown;
const spec = await readFile(new URL('../../.specs/80-metrics.md', import.meta.url), 'utf8');

const R5 = ['engine', 'engine_version', 'pool_id', 'replica_id', 'priority'];
const R4 = ['engine', 'engine_version', 'pool_id', 'replica_id'];
const Q4 = ['engine', 'engine_version', 'pool_id', 'priority'];

// Transcribed from MISSION "Observability" (where it writes `{…}` it repeats the previous labels).
const MISSION_SERIES: Array<[string, string, string[]]> = [
  ['tasks_enqueued_total', 'counter', R5],
  ['tasks_started_total', 'counter', R5],
  ['tasks_canceled_total', 'counter', [...R5, 'reason']],
  ['tasks_rejected_total', 'counter', ['engine', 'reason']],
  ['queue_depth', 'gauge', Q4],
  ['tokens_in_total', 'counter', R4],
  ['tokens_out_total', 'counter', R4],
  ['gpu_utilization', 'gauge', [...R4, 'device']],
  ['vram_used_bytes', 'gauge', [...R4, 'device']],
  ['kv_cache_usage_ratio', 'gauge', R4],
  ['latency_first_token_ms', 'histogram', Q4],
  ['latency_decode_ms', 'histogram', Q4],
  ['admission_backpressure_events_total', 'counter', ['engine', 'policy']],
  ['catalog_verifications_total', 'counter', ['result', 'reason']],
  ['model_state', 'gauge', ['model_id', 'state']],
  // Added by MET-033: issue 6 asks for the CPU development fallback to be labelled in /metrics.
  ['pool_cpu_fallback', 'gauge', ['pool_id']],
  // Added by MET-034: issue 13's model residency.
  ['model_loads_total', 'counter', ['pool_id', 'outcome']],
  ['model_evictions_total', 'counter', ['pool_id', 'reason']],
  ['model_load_ms', 'histogram', ['pool_id']],
  ['model_resident', 'gauge', ['pool_id']],
  // Added by MET-035: issue 15's retained-transcript memory.
  ['transcripts_retained', 'gauge', []],
  // Added by MET-036..MET-039: issue 16's dashboards and alerts need running tasks, replica states,
  // restarts and each card's size.
  ['tasks_running', 'gauge', R5],
  ['replica_state', 'gauge', [...R4, 'replica_state']],
  ['replica_restarts_total', 'counter', ['pool_id', 'replica_id']],
  ['vram_total_bytes', 'gauge', [...R4, 'device']],
  // Added by MET-041..MET-043: issue 17's accounting per agent client.
  ['client_tasks_total', 'counter', ['client', 'task_outcome']],
  ['client_refusals_total', 'counter', ['client', 'limit']],
  ['client_tokens_total', 'counter', ['client', 'direction']],
  ['client_gpu_seconds_total', 'counter', ['client']],
  ['client_tasks_queued', 'gauge', ['client']],
  ['client_tasks_running', 'gauge', ['client']],
];

const clone = (): MetricsContract => structuredClone(contract);
const rejects = (mutate: (c: MetricsContract) => void, fragment: string) => {
  const c = clone();
  mutate(c);
  expect(() => parseMetricsContract(c)).toThrow(MetricsContractError);
  expect(() => parseMetricsContract(c)).toThrow(fragment);
};

describe('the committed metrics contract', () => {
  it('loads and validates from ci/metrics.lint.json [MET-002]', () => {
    expect(parseMetricsContract(raw)).toEqual(contract);
    expect(contract.metrics.length).toBe(31);
  });

  it('carries exactly the product series, types and label sets [MET-003]', () => {
    expect(contract.metrics.map((m) => [m.name, m.type, m.labels])).toEqual(MISSION_SERIES);
  });

  it('forbids the per-request labels and gives the histograms buckets [MET-006] [MET-008]', () => {
    for (const label of ['task_id', 'session_id', 'correlation_id']) {
      expect(contract.rules.forbidden_labels).toContain(label);
    }
    const histograms = contract.metrics.filter((m) => m.type === 'histogram');
    expect(histograms.map((m) => m.buckets?.length)).toEqual([11, 11, 10]);
  });

  it('agrees with the series and bucket tables in .specs/80-metrics.md [MET-012]', () => {
    const cells = (line: string) =>
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
    const rows = spec
      .split('\n')
      .filter((l) => /^\|\s*`[a-z_]+`\s*\|/.test(l))
      .map(cells);
    const seriesRows = rows.filter((r) => r.length === 4);
    const bucketRows = rows.filter((r) => r.length === 2);
    expect(seriesRows.map(([name, type, labels, budget]) => [name, type, labels, budget])).toEqual(
      contract.metrics.map((m) => [`\`${m.name}\``, m.type, m.labels.join(', '), String(m.max_series)]),
    );
    expect(bucketRows).toEqual(
      contract.metrics
        .filter((m) => m.type === 'histogram')
        .map((m) => [`\`${m.name}\``, (m.buckets ?? []).join(', ')]),
    );
  });
});

describe('contract validation refuses', () => {
  it('a counter without _total, or a gauge with it [MET-002]', () => {
    rejects((c) => void (c.metrics[0]!.name = 'tasks_enqueued'), 'counters must end in _total');
    rejects((c) => void (c.metrics[4]!.name = 'queue_depth_total'), 'only counters may end in _total');
  });

  it('a forbidden or unlisted label on a series [MET-006]', () => {
    rejects((c) => void c.metrics[5]!.labels.push('session_id'), 'label session_id is forbidden');
    rejects((c) => void c.metrics[5]!.labels.push('slot'), 'label slot is not in rules.allowed_labels');
  });

  it('histogram buckets that are missing or not increasing [MET-008]', () => {
    rejects((c) => void (c.metrics[10]!.buckets = [100, 50]), 'strictly increasing');
    rejects((c) => void delete c.metrics[11]!.buckets, 'strictly increasing');
  });

  it('a series declared twice, or a shape error such as a zero budget [MET-002]', () => {
    rejects((c) => void c.metrics.push({ ...c.metrics[0]! }), 'declared twice');
    rejects((c) => void (c.metrics[0]!.max_series = 0), 'metrics.0.max_series');
  });

  it('a missing contract file, with the path in the message [MET-002]', async () => {
    await expect(loadMetricsContract('/nonexistent/metrics.lint.json')).rejects.toThrow(
      'cannot read the metrics contract at /nonexistent/metrics.lint.json',
    );
  });
});
