// Reads samples out of a live /metrics scrape, the way Prometheus would see
// them, so metric tests assert on the exposition rather than on internals.
import { streamHeaders } from './client.js';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseSamples(exposition: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of exposition.split('\n')) {
    const match = SAMPLE_LINE.exec(line);
    if (match === null || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(LABEL_PAIR)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Samples of `name` whose labels include every pair in `where`. */
export function samplesOf(exposition: string, name: string, where: Record<string, string> = {}): Sample[] {
  return parseSamples(exposition).filter(
    (s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v),
  );
}

/** Sum of the matching samples; undefined when there is none (an omitted series is not a 0). */
export function valueOf(
  exposition: string,
  name: string,
  where: Record<string, string> = {},
): number | undefined {
  const found = samplesOf(exposition, name, where);
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}

export async function scrape(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: streamHeaders });
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  return res.text();
}

/** Scrapes until `predicate` holds for the exposition; returns that exposition. */
export async function scrapeUntil(
  baseUrl: string,
  predicate: (exposition: string) => boolean,
  timeoutMs = 5_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await scrape(baseUrl);
    if (predicate(text)) return text;
    if (Date.now() > deadline)
      throw new Error(`no scrape met the condition within ${timeoutMs} ms:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
