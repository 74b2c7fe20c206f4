// Which workspace packages the compiled build covers, and how an import of one
// of them by name becomes a relative import of its compiled entry (issue 15
// item 3). Runtime packages are `contracts` and `packages/*`; test-harness and
// tools stay source-only, so a runtime import of them fails the build.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface WorkspacePackage {
  /** The package's folder relative to the repository root, e.g. `packages/cli`. */
  readonly dir: string;
  /** Its npm name, e.g. `@llama-orch/cli`. */
  readonly name: string;
}

const SCOPE = '@llama-orch/';

export function workspacePackages(repoRoot: string): WorkspacePackage[] {
  const dirs = [
    'contracts',
    ...readdirSync(path.join(repoRoot, 'packages'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join('packages', e.name)),
  ];
  return dirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8')) as {
      name: string;
    };
    return { dir, name: manifest.name };
  });
}

// A static, re-export, side-effect or dynamic import of a scoped workspace name in emitted JavaScript.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(@llama-orch\/[a-z0-9-]+)\2/g;

/**
 * Rewrites every import of a runtime workspace package in `text` (the compiled
 * file that will be written at `target`) to the relative path of that
 * package's `dist/index.js`. An import of a package the build does not cover
 * (test-harness, tools) is an error: compiled code could not load it.
 */
export function rewriteWorkspaceSpecifiers(
  text: string,
  target: string,
  repoRoot: string,
  packages: readonly WorkspacePackage[],
): string {
  return text.replace(SPECIFIER, (_match, lead: string, quote: string, name: string) => {
    const dep = packages.find((p) => p.name === name);
    if (dep === undefined || !name.startsWith(SCOPE)) {
      throw new Error(
        `build: ${path.relative(repoRoot, target)} imports ${name}, which is not a runtime package`,
      );
    }
    let rel = path.relative(path.dirname(target), path.join(repoRoot, dep.dir, 'dist', 'index.js'));
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${lead}${quote}${rel.split(path.sep).join('/')}${quote}`;
  });
}
