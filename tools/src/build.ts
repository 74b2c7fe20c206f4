// `npm run build` (issue 15 item 3): compiles the runtime packages (contracts and
// packages/*/src) to JavaScript, each into its own `dist/` beside `src/`, so
// `npm start` and `llorch` run with plain `node`: no tsx loader, no esbuild child.
// One TypeScript program checks and emits everything; imports of another
// workspace package (`@llama-orch/contracts`) are rewritten to the relative
// path of that package's compiled entry, so the output needs no loader flag and
// the packages' `exports` keep pointing at the sources that tests and tsx use.
// Each package's third-party imports resolve from its own node_modules, because
// its dist/ lives inside it. Tests keep running against the sources.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { writeBuildStamp } from '@llama-orch/contracts/build-freshness';
import { rewriteWorkspaceSpecifiers, workspacePackages, type WorkspacePackage } from './build-paths.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnosticsWithColorAndContext(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => repoRoot,
    getNewLine: () => '\n',
  });
}

/** Maps tsc's `<outDir>/<package>/src/x.js` (tsconfig.build.json's outDir) to `<package>/dist/x.js`. */
function distPathOf(outFile: string, outDir: string, packages: readonly WorkspacePackage[]): string {
  const rel = path.relative(outDir, outFile);
  const owner = packages.find((p) => rel.startsWith(`${p.dir}${path.sep}src${path.sep}`));
  if (owner === undefined) throw new Error(`build: ${rel} belongs to no runtime package`);
  return path.join(repoRoot, owner.dir, 'dist', rel.slice(owner.dir.length + 5));
}

function build(): number {
  const started = Date.now();
  const packages = workspacePackages(repoRoot);
  const configFile = path.join(repoRoot, 'tsconfig.build.json');
  const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  if (read.error !== undefined) {
    console.error(formatDiagnostics([read.error]));
    return 1;
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, configFile);
  if (parsed.errors.length > 0) {
    console.error(formatDiagnostics(parsed.errors));
    return 1;
  }
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const outDir = parsed.options.outDir ?? repoRoot;
  const before = ts.getPreEmitDiagnostics(program);
  if (before.length > 0) {
    console.error(formatDiagnostics(before));
    console.error(`build: ${before.length} TypeScript error(s); nothing written`);
    return 1;
  }
  for (const p of packages) rmSync(path.join(repoRoot, p.dir, 'dist'), { recursive: true, force: true });
  let files = 0;
  const result = program.emit(
    undefined,
    (outFile, text) => {
      const target = distPathOf(outFile, outDir, packages);
      ts.sys.writeFile(target, rewriteWorkspaceSpecifiers(text, target, repoRoot, packages));
      files += 1;
    },
    undefined,
    false,
  );
  if (result.diagnostics.length > 0) {
    console.error(formatDiagnostics(result.diagnostics));
    return 1;
  }
  writeBuildStamp(
    repoRoot,
    packages.map((p) => p.dir),
    started,
  );
  console.log(
    `build: ${files} files into ${packages.map((p) => `${p.dir}/dist`).join(', ')} in ${Date.now() - started} ms`,
  );
  return 0;
}

process.exitCode = build();
