// `pnpm trace` (OC-014, OC-015): index every requirement declared in
// .specs/*.md, find which tests cite each one, and report coverage honestly:
// per requirement the titles of its citing tests, so a reviewer can check the
// claims, and a requirement that only skipped tests cite is not covered.
// Exit code 1 when a spec is malformed (duplicate IDs, near-miss declarations)
// or a test cites an ID no spec declares; low coverage alone is not a failure.
// `regenRequirementIndex` is also called by `pnpm regen` (tools/src/regen.ts).
import { readdir, readFile } from 'node:fs/promises';
import { writeFileIfChanged } from './write-if-changed.js';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REQUIREMENT_AREAS } from './trace/areas.js';
import { extractCitations, isIgnoredDir, isTestFile, type Citation } from './trace/citations.js';
import { computeCoverage, formatCoverageReport, formatRequirementListing } from './trace/coverage.js';
import {
  checkRequirements,
  parseSpec,
  renderRequirementIndex,
  sortRequirements,
  type Requirement,
  type SpecProblem,
} from './trace/parse-specs.js';
import { citationState, parseTestUnits } from './trace/test-units.js';

export { REQUIREMENT_AREAS, REQUIREMENT_LEVELS } from './trace/areas.js';
export type { RequirementArea, RequirementLevel } from './trace/areas.js';
export { extractCitations, isTestFile } from './trace/citations.js';
export type { Citation } from './trace/citations.js';
export {
  computeCoverage,
  describeCitation,
  formatCoverageReport,
  formatRequirementListing,
  ratio,
} from './trace/coverage.js';
export type { AreaCoverage, CoverageReport, Ratio } from './trace/coverage.js';
export {
  checkRequirements,
  parseSpec,
  renderRequirementIndex,
  sortRequirements,
} from './trace/parse-specs.js';
export type { Requirement, SpecProblem } from './trace/parse-specs.js';
export { SKIP_TAGS, citationState, parseTestUnits, unitAt } from './trace/test-units.js';
export type { SkipState, TestUnit } from './trace/test-units.js';

export const SPECS_DIR = '.specs';
export const REQUIREMENT_INDEX = '.specs/requirements.index.json';

export type TraceErrorCode = 'SPEC_INVALID' | 'SPECS_MISSING';

export class TraceError extends Error {
  override readonly name = 'TraceError';
  readonly retriable = false;
  constructor(
    readonly code: TraceErrorCode,
    message: string,
    readonly context: { readonly problems: readonly SpecProblem[] } = { problems: [] },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** Parse every `.specs/*.md`; returns declarations and all spec problems (per-file and cross-file). */
export async function scanSpecs(
  repoRoot: string,
): Promise<{ requirements: Requirement[]; problems: SpecProblem[] }> {
  let names: string[];
  try {
    names = (await readdir(path.join(repoRoot, SPECS_DIR))).filter((n) => n.endsWith('.md')).sort();
  } catch (cause) {
    throw new TraceError(
      'SPECS_MISSING',
      `cannot read ${SPECS_DIR}/ under ${repoRoot}; run from the repository root`,
      undefined,
      {
        cause,
      },
    );
  }
  const requirements: Requirement[] = [];
  const problems: SpecProblem[] = [];
  for (const name of names) {
    const rel = `${SPECS_DIR}/${name}`;
    const parsed = parseSpec(rel, await readFile(path.join(repoRoot, rel), 'utf8'));
    requirements.push(...parsed.requirements);
    problems.push(...parsed.problems);
  }
  problems.push(...checkRequirements(requirements, REQUIREMENT_AREAS));
  return { requirements, problems };
}

async function listTestFiles(repoRoot: string, dir = ''): Promise<string[]> {
  const entries = await readdir(path.join(repoRoot, dir), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: string[] = [];
  for (const entry of entries) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      // Dot-directories hold git data, specs, docs and caches, never tests.
      if (!isIgnoredDir(entry.name) && !entry.name.startsWith('.'))
        found.push(...(await listTestFiles(repoRoot, rel)));
    } else if (entry.isFile() && isTestFile(toPosix(rel))) {
      found.push(toPosix(rel));
    }
  }
  return found;
}

/** Every requirement citation in one test file, tied to the test (or suite) that carries it. */
export function citationsInFile(file: string, text: string, prefixes: readonly string[]): Citation[] {
  const found = extractCitations(file, text, prefixes);
  if (found.length === 0) return found;
  const units = parseTestUnits(file, text);
  return found.map((c) => {
    const { unit, state } = citationState(units, c.line);
    const cited: Citation = { ...c, state };
    if (unit) cited.titles = unit.titles;
    if (unit?.condition !== undefined && state !== 'runs') cited.condition = unit.condition;
    if (units.every((u) => u.kind !== 'test')) cited.condition = 'no tests in this file';
    return cited;
  });
}

/** Every requirement citation in the repository's test files. */
export async function scanTests(repoRoot: string): Promise<{ files: string[]; citations: Citation[] }> {
  const prefixes = REQUIREMENT_AREAS.map((a) => a.prefix);
  const files = await listTestFiles(repoRoot);
  const citations: Citation[] = [];
  for (const file of files) {
    citations.push(...citationsInFile(file, await readFile(path.join(repoRoot, file), 'utf8'), prefixes));
  }
  return { files, citations };
}

function describe(problems: readonly SpecProblem[]): string {
  return problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n');
}

/** Writes `.specs/requirements.index.json` (only that file); throws TraceError on malformed specs. */
export async function regenRequirementIndex(repoRoot: string): Promise<string[]> {
  const { requirements, problems } = await scanSpecs(repoRoot);
  if (problems.length > 0) {
    throw new TraceError(
      'SPEC_INVALID',
      `the specs have ${problems.length} problem(s):\n${describe(problems)}`,
      {
        problems,
      },
    );
  }
  await writeFileIfChanged(
    path.join(repoRoot, REQUIREMENT_INDEX),
    renderRequirementIndex(requirements, REQUIREMENT_AREAS),
  );
  return [REQUIREMENT_INDEX];
}

/** The whole `pnpm trace` run; returns the process exit code. */
export async function runTrace(
  repoRoot: string,
  print: (line: string) => void = console.log,
): Promise<number> {
  const { requirements, problems } = await scanSpecs(repoRoot);
  if (problems.length > 0) {
    print(
      `ERROR: the specs have ${problems.length} problem(s); the index was not written:\n${describe(problems)}`,
    );
    return 1;
  }
  await writeFileIfChanged(
    path.join(repoRoot, REQUIREMENT_INDEX),
    renderRequirementIndex(requirements, REQUIREMENT_AREAS),
  );
  const { files, citations } = await scanTests(repoRoot);
  const report = computeCoverage(requirements, citations, REQUIREMENT_AREAS);
  print(`${formatRequirementListing(sortRequirements(requirements, REQUIREMENT_AREAS), report)}\n`);
  print(
    `Indexed ${requirements.length} requirement(s) into ${REQUIREMENT_INDEX}; scanned ${files.length} test file(s).\n`,
  );
  print(formatCoverageReport(report));
  return report.unknownCitations.length > 0 ? 1 : 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  try {
    process.exitCode = await runTrace(repoRoot);
  } catch (error) {
    console.error(error instanceof Error ? `trace: ${error.message}` : error);
    process.exitCode = 1;
  }
}
