// HOME-020: a Haiku run keeps its metrics and logs for audit: the scrapes
// taken before and after, every SSE frame, the daemon's own log lines and the
// config it ran with, under test-harness/haiku-e2e/out/<run>/ (ignored by git).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from './public-api.js';

export const AUDIT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'out');

export interface AuditRecord {
  summary: Record<string, unknown>;
  config: string;
  metricsBefore: string;
  metricsAfter: string;
  frames: readonly Frame[];
  daemonOutput: readonly string[];
}

export const AUDIT_FILES = [
  'summary.json',
  'config.json',
  'metrics-before.prom',
  'metrics-after.prom',
  'stream.ndjson',
  'daemon.log',
] as const;

/** Writes one run's record and returns its directory. */
export async function keepAudit(record: AuditRecord, at: Date = new Date()): Promise<string> {
  const dir = join(AUDIT_ROOT, at.toISOString().replace(/[:.]/g, '-'));
  await mkdir(dir, { recursive: true });
  const ndjson = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const contents: Record<(typeof AUDIT_FILES)[number], string> = {
    'summary.json': `${JSON.stringify(record.summary, null, 2)}\n`,
    'config.json': record.config,
    'metrics-before.prom': record.metricsBefore,
    'metrics-after.prom': record.metricsAfter,
    'stream.ndjson': ndjson(record.frames),
    'daemon.log': `${record.daemonOutput.join('\n')}\n`,
  };
  await Promise.all(AUDIT_FILES.map((name) => writeFile(join(dir, name), contents[name])));
  return dir;
}
