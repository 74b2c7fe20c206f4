// OC-014: requirement declarations are list items of exactly one shape,
// `- **AREA-NNN** (LEVEL) text.`, so both humans and this parser can find them.
// Pure: text in, declarations and problems out; file access lives in trace.ts.
import type { RequirementArea, RequirementLevel } from './areas.js';

export interface Requirement {
  id: string;
  area: string;
  level: RequirementLevel;
  /** Repository-relative path with forward slashes, e.g. `.specs/20-orchestratord.md`. */
  file: string;
  /** 1-based line of the declaration. */
  line: number;
  text: string;
}

export interface SpecProblem {
  file: string;
  line: number;
  message: string;
}

const DECLARATION = /^- \*\*([A-Z]+)-(\d{3})\*\* \((MUST|SHOULD|MAY)\) (\S.*)$/;
// Anything that starts like a declaration but fails the exact form is reported,
// because a silently skipped requirement would vanish from the index.
const NEAR_MISS = /^\s*[-*+]\s+\*{1,2}[A-Z]+-\d+/;
const FENCE = /^\s*(```|~~~)/;
const CONTINUATION = /^ {2,}\S/;

export function parseSpec(
  file: string,
  text: string,
): { requirements: Requirement[]; problems: SpecProblem[] } {
  const requirements: Requirement[] = [];
  const problems: SpecProblem[] = [];
  const lines = text.split(/\r?\n/);
  let inFence = false;
  let current: Requirement | undefined;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (FENCE.test(raw)) {
      inFence = !inFence;
      current = undefined;
      return;
    }
    if (inFence) return;
    const match = DECLARATION.exec(raw);
    if (match) {
      const [, area = '', number = '', level = 'MUST', body = ''] = match;
      current = {
        id: `${area}-${number}`,
        area,
        level: level as RequirementLevel,
        file,
        line,
        text: body.trim(),
      };
      requirements.push(current);
      return;
    }
    if (NEAR_MISS.test(raw)) {
      problems.push({
        file,
        line,
        message:
          'looks like a requirement but is not `- **AREA-NNN** (MUST|SHOULD|MAY) text.`; fix the form so it is indexed',
      });
      current = undefined;
      return;
    }
    // Indented lines continue the list item above, so long requirements may wrap.
    if (current && CONTINUATION.test(raw) && !/^\s*[-*+]\s/.test(raw)) {
      current.text = `${current.text} ${raw.trim()}`;
      return;
    }
    current = undefined;
  });
  return { requirements, problems };
}

/** Cross-file checks: unique IDs, known prefixes, each prefix declared only in its own spec file. */
export function checkRequirements(
  requirements: readonly Requirement[],
  areas: readonly RequirementArea[],
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const byPrefix = new Map(areas.map((a) => [a.prefix, a]));
  const firstSeen = new Map<string, Requirement>();
  for (const req of requirements) {
    const earlier = firstSeen.get(req.id);
    if (earlier) {
      problems.push({
        file: req.file,
        line: req.line,
        message: `duplicate requirement ID ${req.id} (first declared at ${earlier.file}:${earlier.line}); give one of them a new number`,
      });
    } else {
      firstSeen.set(req.id, req);
    }
    const area = byPrefix.get(req.area);
    if (!area) {
      const known = areas.map((a) => a.prefix).join(', ');
      problems.push({
        file: req.file,
        line: req.line,
        message: `unknown area prefix ${req.area} in ${req.id}; use one of ${known}`,
      });
    } else if (!req.file.endsWith(`/${area.file}`) && req.file !== area.file) {
      problems.push({
        file: req.file,
        line: req.line,
        message: `${req.id} belongs in .specs/${area.file}, not ${req.file}; move it there`,
      });
    }
  }
  return problems;
}

/** Stable order: by area as listed, then by number; unknown areas last, alphabetically. */
export function sortRequirements(
  requirements: readonly Requirement[],
  areas: readonly RequirementArea[],
): Requirement[] {
  const rank = new Map(areas.map((a, i) => [a.prefix, i]));
  return [...requirements].sort((a, b) => {
    const ra = rank.get(a.area) ?? areas.length;
    const rb = rank.get(b.area) ?? areas.length;
    if (ra !== rb) return ra - rb;
    if (a.id !== b.id) return a.id < b.id ? -1 : 1;
    return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
  });
}

/** The committed index: deterministic JSON so `pnpm regen` twice leaves no diff. */
export function renderRequirementIndex(
  requirements: readonly Requirement[],
  areas: readonly RequirementArea[],
): string {
  const rows = sortRequirements(requirements, areas).map(({ id, level, file, line, text }) => ({
    id,
    level,
    file,
    line,
    text,
  }));
  const doc = {
    $comment: 'Generated from .specs/*.md by `pnpm regen` / `pnpm trace`. Do not edit by hand.',
    requirements: rows,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
