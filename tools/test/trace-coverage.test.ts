// Coverage math and unknown-citation detection over fixture requirements
// (made-up prefixes, so this file cites no real requirement by accident).
import { describe, expect, it } from 'vitest';
import type { Citation, Requirement, RequirementArea } from '../src/trace.js';
import {
  computeCoverage,
  formatCoverageReport,
  formatRequirementListing,
  parseSpec,
  ratio,
} from '../src/trace.js';

const AREAS: RequirementArea[] = [
  { prefix: 'ALPHA', file: 'alpha.md', title: 'alpha' },
  { prefix: 'BETA', file: 'beta.md', title: 'beta' },
];

const requirements: Requirement[] = [
  ...parseSpec(
    '.specs/alpha.md',
    ['- **ALPHA-001** (MUST) a.', '- **ALPHA-002** (MUST) b.', '- **ALPHA-003** (SHOULD) c.'].join('\n'),
  ).requirements,
  ...parseSpec('.specs/beta.md', ['- **BETA-001** (MUST) d.', '- **BETA-002** (MAY) e.'].join('\n'))
    .requirements,
];

const cite = (id: string, file = 'pkg/test/x.test.ts', line = 1): Citation => ({ id, file, line });

describe('coverage', () => {
  it('counts a requirement covered once any test cites it, per area and overall [OC-015]', () => {
    const report = computeCoverage(
      requirements,
      [cite('ALPHA-001'), cite('ALPHA-001', 'other/test/y.test.ts'), cite('ALPHA-003'), cite('BETA-002')],
      AREAS,
    );
    expect(report.areas).toEqual([
      { prefix: 'ALPHA', title: 'alpha', all: ratio(2, 3), must: ratio(1, 2) },
      { prefix: 'BETA', title: 'beta', all: ratio(1, 2), must: ratio(0, 1) },
    ]);
    expect(report.must).toEqual({ covered: 1, total: 3, percent: 33.3 });
    expect(report.all).toEqual({ covered: 3, total: 5, percent: 60 });
    expect(report.uncoveredMust.map((r) => r.id)).toEqual(['ALPHA-002', 'BETA-001']);
    expect(report.citedBy.get('ALPHA-001')?.map((c) => c.file)).toEqual([
      'pkg/test/x.test.ts',
      'other/test/y.test.ts',
    ]);
  });

  it('does not count a requirement that only skipped tests cite, and says so [OC-015]', () => {
    const skipped = (id: string, file: string): Citation => ({ ...cite(id, file), state: 'skipped' });
    const report = computeCoverage(
      requirements,
      [skipped('ALPHA-001', 'a/test/s.test.ts'), skipped('ALPHA-002', 'a/test/s.test.ts'), cite('ALPHA-002')],
      AREAS,
    );
    expect(report.skippedOnly.map((r) => r.id)).toEqual(['ALPHA-001']);
    expect(report.uncoveredMust.map((r) => r.id)).toEqual(['ALPHA-001', 'BETA-001']);
    expect(report.areas[0]?.must).toEqual(ratio(1, 2));
    expect(formatCoverageReport(report)).toContain('Cited only by skipped tests, so not covered: ALPHA-001');
    expect(formatRequirementListing(requirements, report)).toContain(
      'ALPHA-001 (MUST) a.\n    [skipped] a/test/s.test.ts (whole file)\n    NOT COVERED: only skipped tests cite it',
    );
  });

  it('counts a test that may skip, but lists the requirements that rest on one alone [OC-015]', () => {
    const report = computeCoverage(
      requirements,
      [
        {
          ...cite('BETA-001'),
          titles: ['real engines', 'streams'],
          state: 'conditional',
          condition: 'skipIf(!REAL)',
        },
      ],
      AREAS,
    );
    expect(report.uncoveredMust.map((r) => r.id)).toEqual(['ALPHA-001', 'ALPHA-002']);
    expect(report.conditionalOnly.map((r) => r.id)).toEqual(['BETA-001']);
    expect(formatRequirementListing(requirements, report)).toContain(
      'BETA-001 (MUST) d.\n    [may skip: skipIf(!REAL)] pkg/test/x.test.ts › real engines › streams\n',
    );
  });

  it('lists under each requirement the title of every test citing it, once per test [OC-015]', () => {
    const inTest = (title: string, line: number): Citation => ({
      ...cite('ALPHA-003', 'p/test/q.test.ts', line),
      titles: ['queue', title],
    });
    const report = computeCoverage(
      requirements,
      [inTest('keeps order', 4), inTest('keeps order', 6), inTest('drops stale', 9)],
      AREAS,
    );
    const listing = formatRequirementListing(requirements, report).split('\n');
    const at = listing.indexOf('ALPHA-003 (SHOULD) c.');
    expect(listing.slice(at, at + 4)).toEqual([
      'ALPHA-003 (SHOULD) c.',
      '    p/test/q.test.ts › queue › keeps order',
      '    p/test/q.test.ts › queue › drops stale',
      'BETA-001 (MUST) d.',
    ]);
    expect(listing).toContain('    NOT COVERED: no test cites it');
  });

  it('reports no percentage when an area declares nothing, rather than 0% or 100% [OC-015]', () => {
    expect(ratio(0, 0)).toEqual({ covered: 0, total: 0, percent: null });
    const report = computeCoverage([], [], AREAS);
    expect(report.must.percent).toBeNull();
    expect(formatCoverageReport(report)).toContain('Overall MUST coverage: 0/0\n');
  });

  it('flags citations of IDs that no spec declares [OC-015]', () => {
    const report = computeCoverage(
      requirements,
      [cite('ALPHA-001'), cite('ALPHA-099', 'a/test/z.test.ts', 7), cite('ALPHA-099', 'a/test/z.test.ts', 9)],
      AREAS,
    );
    expect(report.unknownCitations.map((c) => `${c.id}@${c.line}`)).toEqual(['ALPHA-099@7', 'ALPHA-099@9']);
    const text = formatCoverageReport(report);
    expect(text).toContain('ERROR: tests cite 1 ID(s) that no spec declares');
    expect(text).toContain('ALPHA-099  a/test/z.test.ts:7, a/test/z.test.ts:9');
  });

  it('lists every uncovered MUST with its location in the printed report [OC-015]', () => {
    const text = formatCoverageReport(computeCoverage(requirements, [], AREAS));
    expect(text).toContain('Uncovered MUST ids (3):');
    expect(text).toContain('ALPHA-002  .specs/alpha.md:2');
    expect(text).toContain('Unknown citations: none');
  });
});
