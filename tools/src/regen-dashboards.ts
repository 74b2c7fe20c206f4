// `npm run regen` part (MET-040): writes the Grafana dashboards of
// tools/src/dashboards/ as plain JSON under ci/dashboards/, the files an
// operator imports into Grafana. Committed; CI fails when they drift.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DASHBOARDS } from './dashboards/dashboards.js';

const WIDTH = 100;

/** One-line JSON, spaced as prettier writes a short object or array. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

/** JSON with 2-space indents, where any object or array that fits on one line stays on one line. */
export function compactJson(value: unknown, indent = ''): string {
  const flat = inline(value);
  if (typeof value !== 'object' || value === null || indent.length + flat.length <= WIDTH) return flat;
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => inner + compactJson(v, inner))
    : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length === 0 ? `${open}${close}` : `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

/** The committed text of each dashboard file (stable key order, final newline). */
export function renderDashboards(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(DASHBOARDS).map(([file, board]) => [file, `${compactJson(board)}\n`]),
  );
}

export async function regenDashboards(repoRoot: string): Promise<string[]> {
  const dir = path.join(repoRoot, 'ci/dashboards');
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, text] of Object.entries(renderDashboards())) {
    await writeFile(path.join(dir, file), text);
    written.push(path.join('ci/dashboards', file));
  }
  return written;
}
