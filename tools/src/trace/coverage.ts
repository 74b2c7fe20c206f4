// OC-014, OC-015: coverage is counted, not claimed. A requirement is covered
// when at least one test that runs cites its ID; a citation carried only by
// skipped tests (or by a helper file with no tests) does not count. An ID cited
// by a test that no spec declares is an error, because it points at a
// requirement that does not exist.
import type { RequirementArea } from './areas.js';
import type { Citation } from './citations.js';
import type { Requirement } from './parse-specs.js';

export interface Ratio {
  covered: number;
  total: number;
  /** Percentage with one decimal; null when there is nothing to cover. */
  percent: number | null;
}

export interface AreaCoverage {
  prefix: string;
  title: string;
  all: Ratio;
  must: Ratio;
}

export interface CoverageReport {
  areas: AreaCoverage[];
  must: Ratio;
  all: Ratio;
  uncoveredMust: Requirement[];
  /** Cited, but only by skipped tests or test-less files: not covered. */
  skippedOnly: Requirement[];
  /** Covered only by tests that run when a condition holds (`skipIf`, `runIf`, `ctx.skip()`). */
  conditionalOnly: Requirement[];
  /** Citations whose ID no spec declares, in scan order. */
  unknownCitations: Citation[];
  /** For each cited ID, one citation per distinct citing test (file + titles), in scan order. */
  citedBy: ReadonlyMap<string, readonly Citation[]>;
}

export function ratio(covered: number, total: number): Ratio {
  return { covered, total, percent: total === 0 ? null : Math.round((covered / total) * 1000) / 10 };
}

const stateOf = (c: Citation) => c.state ?? 'runs';
const keyOf = (c: Citation) => `${c.file}\u0000${(c.titles ?? []).join('\u0000')}`;

export function computeCoverage(
  requirements: readonly Requirement[],
  citations: readonly Citation[],
  areas: readonly RequirementArea[],
): CoverageReport {
  const declared = new Set(requirements.map((r) => r.id));
  const citedBy = new Map<string, Citation[]>();
  const unknownCitations: Citation[] = [];
  for (const c of citations) {
    if (!declared.has(c.id)) {
      unknownCitations.push(c);
      continue;
    }
    const list = citedBy.get(c.id) ?? [];
    if (!list.some((seen) => keyOf(seen) === keyOf(c))) list.push(c);
    citedBy.set(c.id, list);
  }
  const states = (r: Requirement) => (citedBy.get(r.id) ?? []).map(stateOf);
  const isCovered = (r: Requirement) => states(r).some((s) => s !== 'skipped');
  const count = (reqs: readonly Requirement[]) => ratio(reqs.filter(isCovered).length, reqs.length);

  const areaRows: AreaCoverage[] = areas.map((a) => {
    const own = requirements.filter((r) => r.area === a.prefix);
    return {
      prefix: a.prefix,
      title: a.title,
      all: count(own),
      must: count(own.filter((r) => r.level === 'MUST')),
    };
  });
  const musts = requirements.filter((r) => r.level === 'MUST');
  return {
    areas: areaRows,
    must: count(musts),
    all: count(requirements),
    uncoveredMust: musts.filter((r) => !isCovered(r)),
    skippedOnly: requirements.filter((r) => citedBy.has(r.id) && !isCovered(r)),
    conditionalOnly: requirements.filter(
      (r) => isCovered(r) && !states(r).includes('runs') && states(r).includes('conditional'),
    ),
    unknownCitations,
    citedBy,
  };
}

function show(r: Ratio): string {
  return `${r.covered}/${r.total}${r.percent === null ? '' : ` (${r.percent.toFixed(1)}%)`}`;
}

/** One line naming the test behind a citation, with a marker when it does not (always) run. */
export function describeCitation(c: Citation): string {
  const where =
    c.titles && c.titles.length > 0 ? `${c.file} › ${c.titles.join(' › ')}` : `${c.file} (whole file)`;
  const state = stateOf(c);
  if (state === 'runs') return where;
  const why = c.condition === undefined ? '' : `: ${c.condition}`;
  return state === 'skipped' ? `[skipped${why}] ${where}` : `[may skip${why}] ${where}`;
}

const MAX_TEXT = 110;

/** Per requirement: its level and text, then every test citing it, so a reviewer can check each claim. */
export function formatRequirementListing(
  requirements: readonly Requirement[],
  report: CoverageReport,
): string {
  const out: string[] = ['Requirements and the tests that cite them', ''];
  const skippedOnly = new Set(report.skippedOnly.map((r) => r.id));
  for (const r of requirements) {
    const text = r.text.length > MAX_TEXT ? `${r.text.slice(0, MAX_TEXT - 1)}…` : r.text;
    out.push(`${r.id} (${r.level}) ${text}`);
    const cited = report.citedBy.get(r.id) ?? [];
    for (const c of cited) out.push(`    ${describeCitation(c)}`);
    if (cited.length === 0) out.push('    NOT COVERED: no test cites it');
    else if (skippedOnly.has(r.id)) out.push('    NOT COVERED: only skipped tests cite it');
  }
  return out.join('\n');
}

/** Human report for `pnpm trace`; plain text so it reads well in a CI log. */
export function formatCoverageReport(report: CoverageReport): string {
  const out: string[] = ['Requirement coverage (an ID counts as covered when a test that runs cites it)', ''];
  const width = Math.max(...report.areas.map((a) => a.prefix.length), 4);
  out.push(`  ${'area'.padEnd(width)}  ${'all ids'.padEnd(16)}  MUST ids`);
  for (const a of report.areas) {
    out.push(`  ${a.prefix.padEnd(width)}  ${show(a.all).padEnd(16)}  ${show(a.must)}`);
  }
  out.push('');
  out.push(`Overall MUST coverage: ${show(report.must)}`);
  out.push(`Overall coverage (all levels): ${show(report.all)}`);
  out.push('');
  if (report.uncoveredMust.length === 0) {
    out.push('Uncovered MUST ids: none');
  } else {
    out.push(`Uncovered MUST ids (${report.uncoveredMust.length}):`);
    for (const r of report.uncoveredMust) out.push(`  ${r.id}  ${r.file}:${r.line}`);
  }
  const lists: [string, readonly Requirement[]][] = [
    ['Cited only by skipped tests, so not covered', report.skippedOnly],
    ['Covered only by tests that may skip', report.conditionalOnly],
  ];
  for (const [title, reqs] of lists) {
    out.push('');
    out.push(`${title}: ${reqs.length === 0 ? 'none' : reqs.map((r) => r.id).join(', ')}`);
  }
  out.push('');
  if (report.unknownCitations.length === 0) {
    out.push('Unknown citations: none');
  } else {
    const byId = new Map<string, string[]>();
    for (const c of report.unknownCitations)
      byId.set(c.id, [...(byId.get(c.id) ?? []), `${c.file}:${c.line}`]);
    out.push(`ERROR: tests cite ${byId.size} ID(s) that no spec declares:`);
    for (const [id, places] of byId) out.push(`  ${id}  ${places.join(', ')}`);
    out.push('Declare the requirement in .specs/ or fix the citation.');
  }
  return out.join('\n');
}
