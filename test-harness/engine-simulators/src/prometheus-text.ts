// WA-007, WA-013: Prometheus text exposition for the simulators' /metrics endpoints.
// Why: adapters scrape engine metrics by name; the simulators must publish the same
// names, label sets and number formats the real engines do.

export interface Sample {
  /** Appended to the series name, e.g. `_bucket`, `_sum`, `_count` for histograms. */
  suffix?: string;
  labels?: Readonly<Record<string, string>>;
  value: number;
}

export interface Series {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help?: string;
  samples: readonly Sample[];
}

export interface RenderStyle {
  /** Python's prometheus_client always prints floats (`3.0`); Rust and C++ exporters print `3`. */
  floats: boolean;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(value: number, style: RenderStyle): string {
  if (style.floats && Number.isInteger(value)) return value.toFixed(1);
  return String(value);
}

export function renderPrometheus(series: readonly Series[], style: RenderStyle): string {
  const lines: string[] = [];
  for (const s of series) {
    if (s.help !== undefined) lines.push(`# HELP ${s.name} ${s.help}`);
    lines.push(`# TYPE ${s.name} ${s.type}`);
    for (const sample of s.samples) {
      const labels = Object.entries(sample.labels ?? {})
        .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
        .join(',');
      lines.push(
        `${s.name}${sample.suffix ?? ''}${labels === '' ? '' : `{${labels}}`} ${formatValue(sample.value, style)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Cumulative histogram samples for `values` over `bounds` (a `+Inf` bucket is added). */
export function histogramSamples(values: readonly number[], bounds: readonly number[]): Sample[] {
  const buckets = [...bounds.map(String), '+Inf'].map((le, i) => ({
    suffix: '_bucket',
    labels: { le },
    value: values.filter((v) => i >= bounds.length || v <= (bounds[i] ?? 0)).length,
  }));
  const sum = values.reduce((total, v) => total + v, 0);
  return [...buckets, { suffix: '_sum', value: sum }, { suffix: '_count', value: values.length }];
}
