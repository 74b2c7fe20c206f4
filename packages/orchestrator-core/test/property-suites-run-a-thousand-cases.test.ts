// CORE-060: every property in this package runs at least 1,000 generated
// cases. Checked from the sources so a new property cannot quietly run fewer.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUNS } from './support/arbitraries.js';

const testDir = path.dirname(fileURLToPath(import.meta.url));
const suites = readdirSync(testDir)
  .filter((file) => file.endsWith('.test.ts') && file !== path.basename(fileURLToPath(import.meta.url)))
  .map((file) => ({ file, text: readFileSync(path.join(testDir, file), 'utf8') }));

describe('property suite size', () => {
  it('sets at least 1,000 runs per property [CORE-060]', () => {
    expect(RUNS.numRuns).toBeGreaterThanOrEqual(1000);
  });

  it('passes the shared run count to every fc.assert [CORE-060]', () => {
    const offenders = suites.flatMap(({ file, text }) => {
      const asserts = (text.match(/^\s*fc\.assert\(/gm) ?? []).length;
      // Each assertion ends `fc.assert(property, RUNS)`; count those closings.
      const withRuns = (text.match(/\bRUNS,?\s*\)/g) ?? []).length;
      return asserts === withRuns ? [] : [`${file}: ${asserts} fc.assert, ${withRuns} with RUNS`];
    });
    expect(suites.some(({ text }) => text.includes('fc.assert('))).toBe(true);
    expect(offenders).toEqual([]);
  });
});
