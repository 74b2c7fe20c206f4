// MET-040, MET-001, MET-026: a real Prometheus server (Debian's prometheus)
// scrapes the product as `npm start` runs it (default config fitted to this
// host, real llama-server) every second, with the API token from a
// credentials_file, and its HTTP API then answers with the series the
// dashboards under ci/dashboards/ read; every dashboard query evaluates there
// and the alert rules load. Runs with REQUIRE_REAL_LLAMA=1, like the Haiku run.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { completionTask, publicApi, REPO_ROOT, startProduct, waitForRealEngine } from '../src/index.js';
import type { PrometheusServer, QueryResult, RunningProduct } from '../src/index.js';
import { startPrometheus } from '../src/index.js';

const REQUIRED = process.env['REQUIRE_REAL_LLAMA'] === '1';
const SKIPPED =
  'REQUIRE_REAL_LLAMA is not 1: this scrape needs the product on a real llama-server (REQUIRE_REAL_LLAMA=1 npx vitest run --project haiku-e2e)';
const RULES = join(REPO_ROOT, 'ci/alerts/llama-orch.rules.yml');
const DASHBOARDS = join(REPO_ROOT, 'ci/dashboards');

let product: RunningProduct | undefined;
let prometheus: PrometheusServer | undefined;
let startFailure: unknown;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}:\n${prometheus?.output() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The samples of an instant query, once it has any. */
const found = (expr: string): Promise<QueryResult[]> =>
  until(expr, async () => {
    const result = await prometheus!.query(expr);
    return result.length > 0 ? result : undefined;
  });

beforeAll(async () => {
  if (!REQUIRED) return;
  try {
    product = await startProduct();
    const api = publicApi(product.url, product.token);
    await waitForRealEngine(product, api, { timeoutMs: 840_000, settledFailureMs: 20_000 });
    // One task, so the token counters and latency histograms have samples to scrape.
    const task = completionTask({ model_ref: 'tiny-bigram', ctx: 256, prompt: 'the', max_tokens: 8 });
    expect((await api.submit(task)).status).toBe(202);
    expect((await api.stream(String(task['task_id']))).at(-1)?.event).toBe('end');
    prometheus = await startPrometheus({
      target: product.url,
      token: product.token,
      ruleFiles: [RULES],
      // The same target without the token: /metrics is behind the token check (MET-001).
      extraJobs: [
        { job_name: 'llama-orch-no-token', static_configs: [{ targets: [new URL(product.url).host] }] },
      ],
    });
    // A few scrape cycles.
    await until('five scrapes of llama-orch', async () => {
      const [sample] = await prometheus!.query('count_over_time(up{job="llama-orch"}[1m])');
      return Number(sample?.value[1] ?? 0) >= 5 ? true : undefined;
    });
  } catch (error) {
    startFailure = error;
  }
}, 900_000);
beforeEach(() => {
  if (startFailure !== undefined) throw startFailure;
});
afterAll(async () => {
  await prometheus?.stop();
  await product?.stop();
});

describe.skipIf(!REQUIRED)(`Prometheus scrapes the product${REQUIRED ? '' : ` (${SKIPPED})`}`, () => {
  it('scrapes orchestratord with the token, and is refused without it [MET-001]', async () => {
    expect((await found('up{job="llama-orch"}'))[0]?.value[1]).toBe('1');
    expect((await found('up{job="llama-orch-no-token"}'))[0]?.value[1]).toBe('0');
  });

  it('holds queue depth, running tasks and replica states for every preloaded default pool [MET-017, MET-036, MET-037]', async () => {
    for (const pool of product!.pools) {
      const depth = await found(`queue_depth{pool_id="${pool}"}`);
      expect(depth.map((s) => s.metric['priority']).sort(), pool).toEqual(['batch', 'interactive']);
      expect((await found(`tasks_running{pool_id="${pool}"}`)).length, pool).toBeGreaterThan(0);
      const ready = await found(`replica_state{pool_id="${pool}",replica_state="Ready"} == 1`);
      expect(ready.length, pool).toBeGreaterThan(0);
      expect(ready[0]?.metric['engine_version'], pool).not.toBe('none');
    }
  });

  it('holds the token counters, latency histograms and restart counters the dashboards read [MET-018, MET-021, MET-038]', async () => {
    const tokens = await found('sum by (pool_id) (tokens_out_total{pool_id="tiny-bigram"})');
    expect(Number(tokens[0]?.value[1])).toBeGreaterThanOrEqual(8);
    expect(
      (await found('latency_first_token_ms_bucket{pool_id="tiny-bigram",le="+Inf"}')).length,
    ).toBeGreaterThan(0);
    expect((await found('latency_decode_ms_count{pool_id="tiny-bigram"}')).length).toBeGreaterThan(0);
    expect((await found('replica_restarts_total')).length).toBeGreaterThan(0);
    expect((await found('pool_cpu_fallback')).length).toBeGreaterThan(0);
  });

  it('evaluates every dashboard query, and the overview and engine panels have data [MET-040]', async () => {
    const files = (await readdir(DASHBOARDS)).filter((f) => f.endsWith('.json'));
    const exprs: string[] = [];
    for (const file of files) {
      const board = JSON.parse(await readFile(join(DASHBOARDS, file), 'utf8')) as {
        panels: { targets: { expr: string }[] }[];
      };
      for (const panel of board.panels) for (const t of panel.targets) exprs.push(t.expr);
    }
    expect(exprs.length).toBeGreaterThan(20);
    // Grafana fills $__rate_interval in; a 1 s scrape makes 30 s a fair window.
    for (const expr of exprs) await prometheus!.query(expr.replaceAll('$__rate_interval', '30s'));
    for (const expr of [
      'sum by (pool_id, priority) (queue_depth)',
      'sum by (pool_id, priority) (tasks_running)',
      'replica_state == 1',
      'sum by (pool_id, replica_id) (increase(replica_restarts_total[1h]))',
    ])
      expect((await prometheus!.query(expr)).length, expr).toBeGreaterThan(0);
  });

  it('loads the alert rules and evaluates them against the live series [MET-040]', async () => {
    const data = (await prometheus!.api('/api/v1/rules')) as {
      groups: { name: string; rules: { name: string; health: string }[] }[];
    };
    const group = data.groups.find((g) => g.name === 'llama-orch');
    expect(group?.rules.length).toBe(10);
    await until('every rule evaluated', async () => {
      const now = (await prometheus!.api('/api/v1/rules')) as typeof data;
      const rules = now.groups.find((g) => g.name === 'llama-orch')?.rules ?? [];
      return rules.every((r) => r.health === 'ok') ? true : undefined;
    });
    // A healthy product with every default pool Ready raises none of them.
    const firing = await prometheus!.query('ALERTS{alertstate="firing",alertname=~"LlamaOrch.*"}');
    expect(firing.map((s) => s.metric['alertname'])).toEqual([]);
  });
});
