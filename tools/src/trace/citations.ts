// OC-015: tests prove requirements by citing their IDs (in titles, tags or
// comments). Pure: which files count as tests, and which IDs a text cites.
import type { SkipState } from './test-units.js';

export interface Citation {
  id: string;
  /** Repository-relative path with forward slashes. */
  file: string;
  line: number;
  /** Titles of the suite/test holding the citation, outermost first; absent for file-level text. */
  titles?: readonly string[];
  /** Whether that test (or, for a suite or header, the best test inside it) runs; `runs` when absent. */
  state?: SkipState;
  /** Why a `conditional` citation may not run, e.g. `skipIf(!REQUIRED)`. */
  condition?: string;
}

const IGNORED_DIRS = new Set(['node_modules', '.git', 'coverage', '.cache', '.llorch', 'dist']);

/** True for a directory name the test scan never descends into. */
export function isIgnoredDir(name: string): boolean {
  return IGNORED_DIRS.has(name);
}

/**
 * Test files: `**\/test/**\/*.ts`, `**\/*.test.ts`, and under `test-harness/` the
 * cucumber `.feature` files and their step definitions.
 */
export function isTestFile(relPath: string): boolean {
  const parts = relPath.split('/');
  if (parts.some((p) => isIgnoredDir(p))) return false;
  const name = parts.at(-1) ?? '';
  const dirs = parts.slice(0, -1);
  if (name.endsWith('.test.ts')) return true;
  if (name.endsWith('.ts') && !name.endsWith('.d.ts') && dirs.includes('test')) return true;
  if (parts[0] === 'test-harness' && (dirs.includes('features') || dirs.includes('steps'))) {
    return name.endsWith('.feature') || (name.endsWith('.ts') && !name.endsWith('.d.ts'));
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every citation of an ID with one of `prefixes` in `text`, in order, repeats included. */
export function extractCitations(file: string, text: string, prefixes: readonly string[]): Citation[] {
  if (prefixes.length === 0) return [];
  const alternatives = [...prefixes].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // The look-arounds keep `XCORE-001`, `CORE-0012` and `CORE-001a` from counting.
  const pattern = new RegExp(`(?<![A-Za-z0-9_])(?:${alternatives.join('|')})-\\d{3}(?![A-Za-z0-9_])`, 'g');
  const citations: Citation[] = [];
  text.split(/\r?\n/).forEach((lineText, index) => {
    for (const match of lineText.matchAll(pattern)) {
      citations.push({ id: match[0], file, line: index + 1 });
    }
  });
  return citations;
}
