// The metrics contract (MET-002..MET-010, MET-012): ci/metrics.lint.json names
// every series, its type, help, exact label set, buckets and cardinality budget.
// This module loads and validates that file and lints a Prometheus text
// exposition against it. The linter is pure so the daemon's tests and CI can
// run it on a live `/metrics` body without a Prometheus install.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TypedError } from './typed-error.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;

const MetricEntrySchema = z.strictObject({
  name: z.string().regex(SNAKE),
  type: z.enum(['counter', 'gauge', 'histogram']),
  help: z.string().min(1),
  labels: z.array(z.string().regex(SNAKE)),
  buckets: z.array(z.number()).optional(),
  max_series: z.number().int().positive(),
});

const MetricsContractSchema = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(1),
  rules: z.strictObject({
    foreign_metric_prefixes: z.array(z.string().min(1)),
    allowed_labels: z.array(z.string().regex(SNAKE)),
    forbidden_labels: z.array(z.string().regex(SNAKE)),
    placeholder_value: z.string().min(1),
    label_values: z.record(z.string(), z.array(z.string().min(1))),
  }),
  metrics: z.array(MetricEntrySchema).min(1),
});

export type MetricsContract = z.infer<typeof MetricsContractSchema>;
export type MetricContractEntry = z.infer<typeof MetricEntrySchema>;
export type MetricType = MetricContractEntry['type'];

export class MetricsContractError extends TypedError<
  'METRICS_CONTRACT_INVALID',
  { readonly problems: readonly string[] }
> {
  override readonly name = 'MetricsContractError';
  constructor(
    message: string,
    context: { readonly problems: readonly string[] },
    options?: { cause?: unknown },
  ) {
    super('METRICS_CONTRACT_INVALID', message, { retriable: false, context, cause: options?.cause });
  }
}

/** Where the contract lives in this repository. */
export const METRICS_CONTRACT_URL = new URL('../../ci/metrics.lint.json', import.meta.url);

/** Validates the contract's shape and its naming/label rules; throws MetricsContractError listing every problem. */
export function parseMetricsContract(json: unknown): MetricsContract {
  const parsed = MetricsContractSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new MetricsContractError(`metrics contract has the wrong shape:\n  ${problems.join('\n  ')}`, {
      problems,
    });
  }
  const contract = parsed.data;
  const { rules } = contract;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const m of contract.metrics) {
    if (seen.has(m.name)) problems.push(`${m.name}: declared twice; keep one entry`);
    seen.add(m.name);
    // Counter/`_total` pairing follows the Prometheus naming conventions promtool checks.
    if (m.type === 'counter' && !m.name.endsWith('_total'))
      problems.push(`${m.name}: counters must end in _total`);
    if (m.type !== 'counter' && m.name.endsWith('_total'))
      problems.push(`${m.name}: only counters may end in _total`);
    if (rules.foreign_metric_prefixes.some((p) => m.name.startsWith(p))) {
      problems.push(`${m.name}: uses a prefix reserved for default runtime metrics`);
    }
    if (m.type === 'histogram') {
      const b = m.buckets ?? [];
      const increasing = b.every((v, i) => Number.isFinite(v) && (i === 0 || v > (b[i - 1] ?? -Infinity)));
      if (b.length === 0 || !increasing)
        problems.push(`${m.name}: histogram buckets must be finite and strictly increasing`);
    } else if (m.buckets) {
      problems.push(`${m.name}: only histograms take buckets`);
    }
    if (new Set(m.labels).size !== m.labels.length) problems.push(`${m.name}: repeats a label`);
    for (const label of m.labels) {
      if (!rules.allowed_labels.includes(label))
        problems.push(`${m.name}: label ${label} is not in rules.allowed_labels`);
      if (rules.forbidden_labels.includes(label)) problems.push(`${m.name}: label ${label} is forbidden`);
      if (label === 'le' || label === 'quantile') problems.push(`${m.name}: label ${label} is reserved`);
    }
  }
  for (const label of Object.keys(rules.label_values)) {
    if (!rules.allowed_labels.includes(label))
      problems.push(`rules.label_values.${label}: not an allowed label`);
  }
  if (problems.length > 0) {
    throw new MetricsContractError(`metrics contract is inconsistent:\n  ${problems.join('\n  ')}`, {
      problems,
    });
  }
  return contract;
}

/** Reads and validates ci/metrics.lint.json (or the file at `path`). */
export async function loadMetricsContract(
  path: string | URL = METRICS_CONTRACT_URL,
): Promise<MetricsContract> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new MetricsContractError(
      `cannot read the metrics contract at ${String(path)}`,
      { problems: [] },
      { cause },
    );
  }
  try {
    return parseMetricsContract(JSON.parse(text));
  } catch (cause) {
    if (cause instanceof MetricsContractError) throw cause;
    throw new MetricsContractError(`${String(path)} is not valid JSON`, { problems: [] }, { cause });
  }
}

export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  line: number;
}

export interface ExpositionFamily {
  name: string;
  type: string | undefined;
  help: string | undefined;
  samples: ExpositionSample[];
}

const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count', '_created'],
  summary: ['_sum', '_count', '_created'],
};

function parseValue(raw: string): number | undefined {
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  if (raw === 'NaN') return NaN;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : undefined;
}

/** Labels from `{a="x",b="y"}` starting at `start`; returns the index after `}`. */
function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } | string {
  const labels: Record<string, string> = {};
  let i = start + 1;
  const skip = () => {
    while (line[i] === ' ' || line[i] === '\t') i++;
  };
  for (;;) {
    skip();
    if (line[i] === '}') return { labels, end: i + 1 };
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i))?.[0];
    if (!name) return 'bad label name';
    i += name.length;
    skip();
    if (line[i++] !== '=') return `missing = after label ${name}`;
    skip();
    if (line[i++] !== '"') return `label ${name} value must be quoted`;
    let value = '';
    while (i < line.length && line[i] !== '"') {
      if (line[i] === '\\') {
        const next = line[i + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        i += 2;
      } else value += line[i++];
    }
    if (line[i++] !== '"') return `unterminated value for label ${name}`;
    if (name in labels) return `label ${name} repeated`;
    labels[name] = value;
    skip();
    if (line[i] === ',') i++;
    else if (line[i] !== '}') return `expected , or } after label ${name}`;
  }
}

/** Parses Prometheus text exposition (format 0.0.4); malformed lines become problems, not exceptions. */
export function parsePrometheusText(text: string): {
  families: Map<string, ExpositionFamily>;
  problems: string[];
} {
  const families = new Map<string, ExpositionFamily>();
  const problems: string[] = [];
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: undefined, help: undefined, samples: [] }));
    return f;
  };
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const at = `line ${index + 1}`;
    if (line === '') return;
    const meta = /^#\s*(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (!METRIC_NAME.test(name)) return void problems.push(`${at}: invalid metric name ${name}`);
      const f = family(name);
      if (kind === 'HELP') {
        if (f.help !== undefined) problems.push(`${name}: more than one HELP line (${at})`);
        f.help = rest.replace(/\\(n|\\)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
      } else {
        if (f.type !== undefined) problems.push(`${name}: more than one TYPE line (${at})`);
        if (f.samples.length > 0)
          problems.push(`${name}: TYPE must come before the family's samples (${at})`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest.trim())) {
          problems.push(`${name}: unknown type "${rest.trim()}" (${at})`);
        }
        f.type = rest.trim();
      }
      return;
    }
    if (line.startsWith('#')) return;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) return void problems.push(`${at}: not a sample, HELP, TYPE or comment line`);
    let labels: Record<string, string> = {};
    let rest = line.slice(name.length);
    if (rest.startsWith('{')) {
      const parsed = parseLabels(rest, 0);
      if (typeof parsed === 'string') return void problems.push(`${at}: ${name}: ${parsed}`);
      labels = parsed.labels;
      rest = rest.slice(parsed.end);
    }
    const [rawValue = '', timestamp, extra] = rest.trim().split(/\s+/);
    const value = parseValue(rawValue);
    if (
      value === undefined ||
      extra !== undefined ||
      (timestamp !== undefined && !/^-?\d+$/.test(timestamp))
    ) {
      return void problems.push(`${at}: ${name}: cannot read value "${rest.trim()}"`);
    }
    const owner = [...families.values()].find(
      (f) => f.type !== undefined && (SUFFIXES[f.type] ?? []).some((s) => name === f.name + s),
    );
    (families.get(name)?.type !== undefined ? family(name) : (owner ?? family(name))).samples.push({
      name,
      labels,
      value,
      line: index + 1,
    });
  });
  return { families, problems };
}

export interface ExpositionLintResult {
  ok: boolean;
  problems: string[];
}

const seriesKey = (labels: Record<string, string>, omit?: string) =>
  Object.keys(labels)
    .filter((k) => k !== omit)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');

function lintFamily(
  m: MetricContractEntry,
  f: ExpositionFamily,
  contract: MetricsContract,
  problems: string[],
): void {
  const { rules } = contract;
  const names = m.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => m.name + s) : [m.name];
  const seen = new Set<string>();
  const children = new Map<string, { buckets: Map<number, number>; sum?: number; count?: number }>();
  for (const s of f.samples) {
    if (!names.includes(s.name)) {
      problems.push(
        `${m.name}: unexpected sample ${s.name} (line ${s.line}); a ${m.type} exposes ${names.join(', ')}`,
      );
      continue;
    }
    const key = `${s.name}{${seriesKey(s.labels)}}`;
    if (seen.has(key)) problems.push(`${m.name}: duplicate series ${key} (line ${s.line})`);
    seen.add(key);
    const isBucket = s.name.endsWith('_bucket') && m.type === 'histogram';
    const present = Object.keys(s.labels).filter((k) => !(isBucket && k === 'le'));
    const missing = m.labels.filter((l) => !present.includes(l));
    const extra = present.filter((l) => !m.labels.includes(l));
    if (missing.length > 0)
      problems.push(
        `${m.name}: series lack label(s) ${missing.join(', ')}; the contract requires ${m.labels.join(', ')}`,
      );
    if (extra.length > 0)
      problems.push(`${m.name}: series carry label(s) ${extra.join(', ')} that the contract does not list`);
    for (const l of m.labels) {
      const v = s.labels[l];
      if (v === '')
        problems.push(
          `${m.name}: label ${l} is empty; use "${rules.placeholder_value}" when the value is unknown`,
        );
      const allowed = rules.label_values[l];
      if (v !== undefined && v !== '' && allowed && !allowed.includes(v)) {
        problems.push(`${m.name}: label ${l}="${v}" is not one of ${allowed.join(', ')}`);
      }
    }
    const child = children.get(seriesKey(s.labels, 'le')) ?? { buckets: new Map<number, number>() };
    children.set(seriesKey(s.labels, 'le'), child);
    if (isBucket) {
      const le = parseValue(s.labels.le ?? '');
      if (le === undefined || Number.isNaN(le))
        problems.push(`${m.name}: bucket without a numeric le (line ${s.line})`);
      else child.buckets.set(le, s.value);
    } else if (s.name.endsWith('_sum') && m.type === 'histogram') child.sum = s.value;
    else if (s.name.endsWith('_count') && m.type === 'histogram') child.count = s.value;
  }
  if (children.size > m.max_series) {
    problems.push(
      `${m.name}: ${children.size} series exceed the budget of ${m.max_series}; a label is carrying unbounded values`,
    );
  }
  if (m.type !== 'histogram') return;
  const expected = [...(m.buckets ?? []), Infinity];
  for (const [key, child] of children) {
    const les = [...child.buckets.keys()].sort((a, b) => a - b);
    if (les.length !== expected.length || les.some((v, i) => v !== expected[i])) {
      problems.push(
        `${m.name}{${key}}: buckets ${les.join(',')} differ from the contract's ${expected.join(',')}`,
      );
    }
    const counts = les.map((le) => child.buckets.get(le) ?? 0);
    if (counts.some((c, i) => i > 0 && c < (counts[i - 1] ?? 0)))
      problems.push(`${m.name}{${key}}: bucket counts are not cumulative`);
    if (child.sum === undefined || child.count === undefined)
      problems.push(`${m.name}{${key}}: missing _sum or _count`);
    else if (child.buckets.has(Infinity) && child.buckets.get(Infinity) !== child.count) {
      problems.push(`${m.name}{${key}}: the +Inf bucket must equal _count`);
    }
  }
}

/** Checks an exposition against the contract; `problems` are actionable, one per finding. */
export function lintMetricsExposition(text: string, contract: MetricsContract): ExpositionLintResult {
  const { families, problems } = parsePrometheusText(text);
  const { rules } = contract;
  for (const m of contract.metrics) {
    const f = families.get(m.name);
    if (!f || f.type === undefined) {
      problems.push(`${m.name}: missing from the exposition (no # TYPE line); register it as a ${m.type}`);
      continue;
    }
    if (f.type !== m.type) problems.push(`${m.name}: exposed as ${f.type} but the contract says ${m.type}`);
    if (f.help === undefined) problems.push(`${m.name}: no # HELP line; use the contract's help text`);
    else if (f.help !== m.help)
      problems.push(`${m.name}: HELP "${f.help}" differs from the contract's "${m.help}"`);
    lintFamily(m, f, contract, problems);
  }
  const declared = new Set(contract.metrics.map((m) => m.name));
  for (const f of families.values()) {
    const foreign = rules.foreign_metric_prefixes.some((p) => f.name.startsWith(p));
    if (!declared.has(f.name) && !foreign) {
      problems.push(
        `${f.name}: not in ci/metrics.lint.json; add it to the contract and .specs/80-metrics.md, or stop exposing it`,
      );
    }
    for (const s of f.samples) {
      for (const l of Object.keys(s.labels)) {
        if (rules.forbidden_labels.includes(l))
          problems.push(`${f.name}: label ${l} is forbidden (unbounded or sensitive)`);
      }
    }
  }
  const unique = [...new Set(problems)];
  return { ok: unique.length === 0, problems: unique };
}
