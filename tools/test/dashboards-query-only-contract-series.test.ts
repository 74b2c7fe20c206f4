// MET-040, MET-032: the Grafana dashboards under ci/dashboards/ are what the
// generator in tools/src/dashboards/ writes, import into Grafana 10+ (schema
// 39, a Prometheus data source variable), and every query of every panel
// parses under the real promtool and reads only series of the metrics
// contract. The checker itself is shown to refuse a planted bad query.
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadMetricsContract } from '@llama-orch/contracts';
import { dashboardQueries, SCHEMA_VERSION, type Dashboard } from '../src/dashboards/grafana-model.js';
import { metricNames, promtoolParses, unknownMetrics } from '../src/promql-check.js';
import { renderDashboards } from '../src/regen-dashboards.js';

const DIR = new URL('../../ci/dashboards/', import.meta.url);
const contract = await loadMetricsContract();
const files = (await readdir(DIR)).filter((f) => f.endsWith('.json')).sort();
const boards = await Promise.all(
  files.map(async (f) => JSON.parse(await readFile(new URL(f, DIR), 'utf8')) as Dashboard),
);
const queries = boards.flatMap(dashboardQueries);

describe('the committed dashboards', () => {
  it('are exactly what `npm run regen` writes: overview, latency, engines and GPUs [MET-040]', async () => {
    const rendered = renderDashboards();
    expect(files).toEqual(Object.keys(rendered).sort());
    for (const file of files) expect(await readFile(new URL(file, DIR), 'utf8'), file).toBe(rendered[file]);
  });

  it('are Grafana 10+ dashboards on a chosen Prometheus data source, with unique uids and panel ids', () => {
    expect(new Set(boards.map((b) => b.uid)).size).toBe(boards.length);
    for (const board of boards) {
      expect(board.schemaVersion).toBe(SCHEMA_VERSION);
      expect(board.templating.list).toContainEqual(
        expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
      );
      const ids = board.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const panel of board.panels) {
        expect(panel.datasource.uid, panel.title).toBe('${datasource}');
        expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      }
    }
  });

  it('have queries that all parse under promtool [MET-040]', async () => {
    expect(queries.length).toBeGreaterThan(20);
    const result = await promtoolParses(queries.map((q) => q.expr));
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('read only series of ci/metrics.lint.json [MET-040]', () => {
    const unknown = queries.flatMap((q) => unknownMetrics(q.expr, contract).map((m) => `${q.panel}: ${m}`));
    expect(unknown).toEqual([]);
    // Each query names at least one series: a check that found none would pass anything.
    for (const q of queries) expect(metricNames(q.expr).length, q.panel).toBeGreaterThan(0);
  });

  it('cover the series an operator asked for', () => {
    const used = new Set(queries.flatMap((q) => metricNames(q.expr)));
    for (const name of [
      'tasks_enqueued_total',
      'tasks_rejected_total',
      'queue_depth',
      'tasks_running',
      'latency_first_token_ms_bucket',
      'latency_decode_ms_bucket',
      'tokens_out_total',
      'kv_cache_usage_ratio',
      'replica_state',
      'replica_restarts_total',
      'model_resident',
      'vram_used_bytes',
      'vram_total_bytes',
      'gpu_utilization',
    ])
      expect(used, name).toContain(name);
  });
});

describe('the query checks refuse a bad query', () => {
  it('names a series the contract lacks, and allows histogram suffixes and up', () => {
    const bad = 'sum by (pool_id) (rate(tasks_finished_total{pool_id="a"}[5m])) / on (pool_id) queue_depth';
    expect(unknownMetrics(bad, contract)).toEqual(['tasks_finished_total']);
    expect(unknownMetrics('rate(latency_decode_ms_count[5m]) + on () group_left up', contract)).toEqual([]);
    expect(unknownMetrics('queue_depth_bucket', contract)).toEqual(['queue_depth_bucket']);
  });

  it('fails promtool on a query that does not parse', async () => {
    const result = await promtoolParses(['sum(rate(queue_depth[5m])']);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/unclosed|unexpected|parse error/i);
  });
});
