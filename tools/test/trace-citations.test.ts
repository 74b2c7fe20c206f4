// Which files count as tests and which strings count as citations.
import { describe, expect, it } from 'vitest';
import { extractCitations, isTestFile } from '../src/trace.js';

describe('citation scan', () => {
  it('finds IDs in titles, tags and comments with their line numbers [OC-015]', () => {
    const text = [
      "it('keeps order [ALPHA-003]', () => {});",
      '@ALPHA-010 @BETA-002',
      '// see ALPHA-003 again',
    ].join('\n');
    expect(extractCitations('t.test.ts', text, ['ALPHA', 'BETA'])).toEqual([
      { id: 'ALPHA-003', file: 't.test.ts', line: 1 },
      { id: 'ALPHA-010', file: 't.test.ts', line: 2 },
      { id: 'BETA-002', file: 't.test.ts', line: 2 },
      { id: 'ALPHA-003', file: 't.test.ts', line: 3 },
    ]);
  });

  it('does not mistake other ID-shaped strings for citations [OC-015]', () => {
    const text = 'sha-256 SHA-256 XALPHA-001 ALPHA-0012 ALPHA-001a ALPHA-12 GAMMA-001';
    expect(extractCitations('t.test.ts', text, ['ALPHA', 'BETA'])).toEqual([]);
  });

  it.each([
    ['packages/cli/test/retry-on-429.test.ts', true],
    ['packages/worker-adapters/test/conformance/suite.ts', true],
    ['tools/test/helpers.ts', true],
    ['test-harness/bdd/features/streaming.feature', true],
    ['test-harness/bdd/features/steps/stream.steps.ts', true],
    ['test-harness/bdd/steps/world.ts', true],
    ['packages/cli/src/index.ts', false],
    ['packages/cli/test/types.d.ts', false],
    ['node_modules/x/test/a.test.ts', false],
    ['packages/cli/node_modules/y/test/b.ts', false],
    ['docs/features/x.feature', false],
  ])('classifies %s as a test file: %s [OC-015]', (file, expected) => {
    expect(isTestFile(file)).toBe(expected);
  });
});
