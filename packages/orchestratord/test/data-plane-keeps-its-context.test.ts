// The data plane keeps its internals (issue 14 A.3): its shared state (data-plane-context.ts)
// is imported only by the plane's own modules (data-plane*.ts, tasks/, dispatch/, residency/). Routes, the
// pool-managerd link and the agents' endpoints go through DataPlane's named operations.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({
    file: file.split(path.sep).join('/'),
    text: readFileSync(path.join(srcDir, file), 'utf8'),
  }));

// residency/ (ORCHD-076) is the plane's own too: it plans over the queues and replicas and ends waiters.
const insidePlane = (file: string): boolean =>
  /^data-plane[^/]*\.ts$/.test(file) ||
  file.startsWith('tasks/') ||
  file.startsWith('dispatch/') ||
  file.startsWith('residency/');

const importsContext = (text: string): boolean => /from\s+['"][./]*\/?data-plane-context\.js['"]/.test(text);

describe('data plane boundary', () => {
  it('finds the context module and its users', () => {
    expect(sources.some((s) => s.file === 'data-plane-context.ts')).toBe(true);
    expect(sources.filter((s) => importsContext(s.text)).length).toBeGreaterThan(3);
  });

  it('lets only the plane’s own modules import its context', () => {
    const offenders = sources
      .filter((s) => !insidePlane(s.file) && importsContext(s.text))
      .map((s) => s.file);
    expect(offenders).toEqual([]);
  });

  it('offers no way to the context on the DataPlane object', () => {
    const plane = sources.find((s) => s.file === 'data-plane.ts')!.text;
    expect(plane).not.toMatch(/\bcontext\s*[:?]/);
    expect(plane).not.toMatch(/export\s+(type\s+)?\{[^}]*\bDataPlaneContext\b/);
  });
});
