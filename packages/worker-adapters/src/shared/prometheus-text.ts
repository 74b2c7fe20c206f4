// WA-007: every engine exposes Prometheus text; adapters read a handful of
// series from it. A small lenient reader (labels with quoted spaces, escaped
// quotes, optional timestamps, NaN/Inf) is enough — no client library needed.

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LABEL = /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;

function unescapeLabel(value: string): string {
  return value.replace(/\\(["\\n])/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch));
}

function closingBrace(line: string, from: number): number {
  let inQuotes = false;
  for (let i = from; i < line.length; i += 1) {
    const ch = line[i];
    if (ch === '\\' && inQuotes) i += 1;
    else if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '}' && !inQuotes) return i;
  }
  return -1;
}

function parseValue(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (raw === '+Inf' || raw === 'Inf') return Number.POSITIVE_INFINITY;
  if (raw === '-Inf') return Number.NEGATIVE_INFINITY;
  if (raw === 'NaN') return Number.NaN;
  const value = Number(raw);
  return raw.trim() === '' || Number.isNaN(value) ? undefined : value;
}

/** Parses exposition text; malformed lines are skipped rather than failing the scrape. */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.search(/\s/);
    let name: string;
    let rest: string;
    const labels: Record<string, string> = {};
    if (brace !== -1 && (space === -1 || brace < space)) {
      const close = closingBrace(line, brace + 1);
      if (close === -1) continue;
      name = line.slice(0, brace);
      for (const match of line.slice(brace + 1, close).matchAll(LABEL)) {
        labels[match[1] ?? ''] = unescapeLabel(match[2] ?? '');
      }
      rest = line.slice(close + 1);
    } else {
      if (space === -1) continue;
      name = line.slice(0, space);
      rest = line.slice(space);
    }
    const value = parseValue(rest.trim().split(/\s+/)[0]);
    if (value !== undefined && name !== '') samples.push({ name, labels, value });
  }
  return samples;
}

/** Sums every sample of one series (all label sets); null when the series is absent. */
export function sumSeries(samples: readonly PrometheusSample[], name: string): number | null {
  let found = false;
  let total = 0;
  for (const sample of samples) {
    if (sample.name !== name) continue;
    found = true;
    total += sample.value;
  }
  return found ? total : null;
}
