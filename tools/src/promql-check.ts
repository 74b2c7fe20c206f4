// MET-040: the checks every query under ci/ passes. `metricNames` lists the
// series a PromQL expression reads (label matchers, strings, ranges, grouping
// label lists and function names taken out), `unknownMetrics` keeps those the
// metrics contract does not declare, and `promtoolParses` hands expressions to
// the real promtool as recording rules, so its parser is the judge, not ours.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/** Prometheus' own per-target series, which every scrape job has. */
export const PROMETHEUS_OWN = ['up'] as const;

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'group_left',
  'group_right',
  'inf',
  'nan',
  'atan2',
]);

/** Grafana's interval variables, given the value promtool sees in their place. */
const GRAFANA_VARIABLES: Readonly<Record<string, string>> = {
  $__rate_interval: '5m',
  $__interval: '1m',
  $__range: '1h',
};

/** The expression as Prometheus would receive it from Grafana (its interval variables filled in). */
export function withGrafanaVariables(expr: string): string {
  return expr.replace(/\$__[a-z_]+/g, (name) => GRAFANA_VARIABLES[name] ?? name);
}

/** Series names an expression reads, in order of first use. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\S+/g, ' ');
  const names: string[] = [];
  for (const match of bare.matchAll(/(?<![\w.$])[A-Za-z_:][A-Za-z0-9_:]*(?![A-Za-z0-9_:]|\s*\()/g)) {
    const name = match[0];
    if (KEYWORDS.has(name.toLowerCase()) || names.includes(name)) continue;
    names.push(name);
  }
  return names;
}

export interface ContractNames {
  metrics: readonly { name: string; type: string }[];
}

/** The series of `expr` that neither the contract (histogram suffixes included) nor Prometheus declares. */
export function unknownMetrics(expr: string, contract: ContractNames): string[] {
  const known = new Set<string>(PROMETHEUS_OWN);
  for (const m of contract.metrics) {
    known.add(m.name);
    if (m.type === 'histogram') for (const s of HISTOGRAM_SUFFIXES) known.add(m.name + s);
  }
  return metricNames(expr).filter((name) => !known.has(name));
}

export interface PromtoolResult {
  ok: boolean;
  output: string;
}

/** Runs promtool with `args`; a missing promtool is an error that says how to install it. */
export function promtool(args: readonly string[], cwd?: string): PromtoolResult {
  const run = spawnSync('promtool', args, { encoding: 'utf8', cwd, timeout: 60_000 });
  if (run.error !== undefined) {
    throw new Error(`promtool did not run (${run.error.message}); install the Debian package prometheus`);
  }
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** `promtool check rules` over the expressions written as recording rules. */
export async function promtoolParses(exprs: readonly string[]): Promise<PromtoolResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'llorch-promql-'));
  try {
    const rules = exprs.map((expr, i) => ({ record: `llorch:check:${i}`, expr: withGrafanaVariables(expr) }));
    const file = path.join(dir, 'queries.rules.yml');
    await writeFile(file, stringify({ groups: [{ name: 'queries', rules }] }));
    return promtool(['check', 'rules', file]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
