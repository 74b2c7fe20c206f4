// OC-023: metric series and log field names are part of the contract, so
// renaming one must fail CI. The product runs as `pnpm start --config FILE`
// does (its own process, both daemons logging to stdout) against a llama.cpp
// simulator; one task completes, one is canceled and one is refused. The live
// /metrics must match ci/metrics.lint.json in both directions, and the log
// lines of those tasks may only use field names declared for logs: the ones
// MET-027/MET-028 name, pino's and Fastify's own, and the few listed below.
import { readFile } from 'node:fs/promises';
import { lintMetricsExposition, loadMetricsContract } from '@llama-orch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, streamHeaders } from './support/client.js';
import { taskBody } from './support/harness.js';
import { startProductOnSimulator, type ProductOnSimulator } from './support/product-on-simulator.js';
import type { ProductProcess } from './support/product-process.js';
import { readSse } from './support/sse-client.js';

const SPEC = new URL('../../../.specs/80-metrics.md', import.meta.url);
/** pino's own fields, and Fastify's request-log fields (its standard serializers). */
const LOGGER_OWN = ['level', 'time', 'pid', 'hostname', 'msg', 'err', 'req', 'res', 'responseTime'];
/**
 * Named by the spec in words, not as field names: MET-027's "emitting component"
 * (`service` on every line, `component` on pool-managerd's).
 */
const NAMED_IN_WORDS = ['service', 'component'];
let running: ProductOnSimulator | undefined;
let product: ProductProcess;
let exposition = '';
const correlationIds: string[] = [];
const jobIds: string[] = [];

/** The backticked snake_case names in the MET-027 and MET-028 declarations. */
async function specLogFields(): Promise<string[]> {
  const text = await readFile(SPEC, 'utf8');
  const declarations = text.split('\n').filter((l) => /^- \*\*MET-02[78]\*\*/.test(l));
  expect(declarations).toHaveLength(2);
  return [...declarations.join(' ').matchAll(/`([a-z][a-z0-9_]*)`/g)].map((m) => m[1] ?? '');
}

/** Field names of the lines about our tasks that no declaration covers. */
function undeclaredFields(lines: readonly string[], declared: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const line of lines) {
    const record = JSON.parse(line) as Record<string, unknown>;
    const ours =
      correlationIds.includes(String(record.correlation_id)) || jobIds.includes(String(record.job_id));
    if (!ours) continue;
    for (const key of Object.keys(record)) if (!declared.has(key)) found.add(key);
  }
  return [...found].sort();
}

beforeAll(async () => {
  running = await startProductOnSimulator('names');
  product = running.product;
  const { url } = product;
  const send = async (path: string, body: unknown) => {
    const id = `names-${correlationIds.length}`;
    correlationIds.push(id);
    return call(url, 'POST', path, body, { 'x-correlation-id': id });
  };
  const done = taskBody({ model_ref: 'golden', max_tokens: 8, ctx: 512 });
  const long = taskBody({ model_ref: 'golden', max_tokens: 400, ctx: 512 });
  jobIds.push(String(done.task_id), String(long.task_id));
  expect((await send('/v1/tasks', done)).status).toBe(202);
  await readSse(`${url}/v1/tasks/${String(done.task_id)}/stream`, { headers: streamHeaders });
  expect((await send('/v1/tasks', long)).status).toBe(202);
  await readSse(`${url}/v1/tasks/${String(long.task_id)}/stream`, {
    headers: streamHeaders,
    until: (messages) => messages.some((m) => m.event === 'token'),
  });
  expect((await send(`/v1/tasks/${String(long.task_id)}/cancel`, undefined)).status).toBeLessThan(300);
  expect((await send('/v1/tasks', taskBody({ model_ref: 'no-such-model' }))).status).toBeGreaterThanOrEqual(
    400,
  );
  const res = await fetch(`${url}/metrics`, { headers: streamHeaders });
  exposition = await res.text();
  await product.stop();
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

describe('metric series names', () => {
  it('are exactly the contract: every live series is declared and every declared series is live [OC-023]', async () => {
    const contract = await loadMetricsContract();
    expect(lintMetricsExposition(exposition, contract).problems).toEqual([]);
    for (const m of contract.metrics) expect(exposition).toContain(`# TYPE ${m.name} `);
    // A rename is caught both ways: the old name goes missing and the new one is undeclared.
    const renamed = exposition.replaceAll('tasks_started_total', 'tasks_begun_total');
    const problems = lintMetricsExposition(renamed, contract).problems.join('\n');
    expect(problems).toMatch(/^tasks_started_total: missing from the exposition/m);
    expect(problems).toMatch(/^tasks_begun_total: not in ci\/metrics\.lint\.json/m);
  });
});

describe('log field names', () => {
  it('on the lines of a completed, a canceled and a refused task are declared names only [OC-023]', async () => {
    const fromSpec = await specLogFields();
    expect(fromSpec).toEqual(
      expect.arrayContaining(['correlation_id', 'job_id', 'tokens_out', 'decode_time_ms']),
    );
    const declared = new Set([...fromSpec, ...LOGGER_OWN, ...NAMED_IN_WORDS]);
    const ours = product.stdout.filter((l) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      return correlationIds.includes(String(r.correlation_id)) || jobIds.includes(String(r.job_id));
    });
    // The life of each task is there: admission and the terminal outcome, the request lines, the refusal.
    const messages = ours.map((l) => String((JSON.parse(l) as { msg?: unknown }).msg));
    expect(messages).toEqual(
      expect.arrayContaining(['task admitted', 'task ended', 'request completed', 'request rejected']),
    );
    // MET-029's cancel reason is on the canceled task's terminal line, under the declared name.
    const ended = ours
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r.msg === 'task ended');
    expect(ended.find((r) => r.job_id === jobIds[1])).toMatchObject({
      outcome: 'canceled',
      reason: 'client',
    });
    expect(undeclaredFields(product.stdout, declared)).toEqual([]);
    // Every field the spec declares for task lines is really emitted under that name.
    const emitted = new Set(ours.flatMap((l) => Object.keys(JSON.parse(l) as object)));
    for (const name of fromSpec) expect(emitted).toContain(name);
    // A renamed field shows up as undeclared.
    const renamed = ours.map((l) => l.replaceAll('"session_id":', '"sessionId":'));
    expect(undeclaredFields(renamed, declared)).toEqual(['sessionId']);
  });
});
