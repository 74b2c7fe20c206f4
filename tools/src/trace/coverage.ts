// OC-014, OC-015: coverage is counted, not claimed. A requirement is covered
// when at least one test file cites its ID; an ID cited by a test that no spec
// declares is an error, because it points at a requirement that does not exist.
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
  /** Citations whose ID no spec declares, in scan order. */
  unknownCitations: Citation[];
  /** For each covered ID, the distinct test files citing it. */
  citedBy: ReadonlyMap<string, readonly string[]>;
}

export function ratio(covered: number, total: number): Ratio {
  return { covered, total, percent: total === 0 ? null : Math.round((covered / total) * 1000) / 10 };
}

export function computeCoverage(
  requirements: readonly Requirement[],
  citations: readonly Citation[],
  areas: readonly RequirementArea[],
): CoverageReport {
  const declared = new Set(requirements.map((r) => r.id));
  const citedBy = new Map<string, string[]>();
  const unknownCitations: Citation[] = [];
  for (const c of citations) {
    if (!declared.has(c.id)) {
      unknownCitations.push(c);
      continue;
    }
    const files = citedBy.get(c.id) ?? [];
    if (!files.includes(c.file)) files.push(c.file);
    citedBy.set(c.id, files);
  }
  const isCovered = (r: Requirement) => citedBy.has(r.id);
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
    unknownCitations,
    citedBy,
  };
}

function show(r: Ratio): string {
  return `${r.covered}/${r.total}${r.percent === null ? '' : ` (${r.percent.toFixed(1)}%)`}`;
}

/** Human report for `pnpm trace`; plain text so it reads well in a CI log. */
export function formatCoverageReport(report: CoverageReport): string {
  const out: string[] = ['Requirement coverage (an ID counts as covered when a test cites it)', ''];
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
