// The one root check (`pnpm test` / `pnpm run ci`): exactly what CI runs.
// Runs every gate and every suite even after a failure, then prints one
// summary line `N passed, N failed, N skipped` summed over all suites, so a CI
// log is always counted and a skip is never silent. Under CI an inherited
// REQUIRE_REAL_LLAMA other than 1 stops the run before any step (OC-027). Gates (regen drift, typecheck, lint, OpenAPI lint, trace)
// count as one check each; suites contribute their own test counts.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ciEnvironmentError,
  sumTallies,
  summarizeCucumberMessages,
  failedVitestTests,
  summarizeVitestJson,
  summaryLine,
  type SuiteTally,
} from './ci-report.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(repoRoot, '.cache', 'ci');

interface StepResult {
  name: string;
  tally: SuiteTally;
  seconds: number;
}

function run(command: string, args: string[], cwd = repoRoot, env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`[ci] could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);

async function gate(name: string, action: () => Promise<number>): Promise<StepResult> {
  const started = Date.now();
  console.log(`\n[ci] ▶ ${name}`);
  const code = await action();
  const ok = code === 0;
  console.log(`[ci] ${ok ? '✔' : '✘'} ${name} (exit ${code})`);
  return {
    name,
    tally: { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 },
    seconds: (Date.now() - started) / 1000,
  };
}

async function suite(
  name: string,
  action: () => Promise<number>,
  read: () => Promise<SuiteTally>,
): Promise<StepResult> {
  const started = Date.now();
  console.log(`\n[ci] ▶ ${name}`);
  const code = await action();
  let tally: SuiteTally;
  try {
    tally = await read();
  } catch (error) {
    console.error(`[ci] ${name}: no readable report (${(error as Error).message})`);
    tally = { passed: 0, failed: 1, skipped: 0 };
  }
  // A runner that exits non-zero without a counted failure (crash, load error) still fails.
  if (code !== 0 && tally.failed === 0) tally = { ...tally, failed: 1 };
  if (tally.passed + tally.failed === 0) {
    console.error(`[ci] ${name} executed no test`);
    tally = { ...tally, failed: 1 };
  }
  console.log(`[ci] ${tally.failed === 0 ? '✔' : '✘'} ${name}: ${summaryLine(tally)}`);
  return { name, tally, seconds: (Date.now() - started) / 1000 };
}

async function regenDrift(): Promise<number> {
  const code = await run(bin('tsx'), ['tools/src/regen.ts']);
  if (code !== 0) return code;
  const insideGit = (await run('git', ['rev-parse', '--is-inside-work-tree'])) === 0;
  if (!insideGit) {
    console.log('[ci] not a git checkout: drift check skipped');
    return 0;
  }
  // Untracked generated files are drift too, so include them via `git add -N` semantics: status.
  const diff = await run('git', ['diff', '--exit-code', '--stat', '--', ...GENERATED]);
  const untracked = await run('bash', [
    '-c',
    `test -z "$(git status --porcelain --untracked-files=all -- ${GENERATED.join(' ')})"`,
  ]);
  if (diff !== 0 || untracked !== 0)
    console.error('[ci] generated files differ from the committed ones: run `pnpm regen` and commit');
  return diff !== 0 || untracked !== 0 ? 1 : 0;
}

const GENERATED = ['contracts/src/generated', 'contracts/config-schema', '.specs/requirements.index.json'];

/** Which vitest tests failed, just above the closing line (the part of a CI log that is kept). */
async function printVitestFailures(reportPath: string): Promise<void> {
  let failures: string[];
  try {
    failures = failedVitestTests(await readFile(reportPath, 'utf8'), repoRoot);
  } catch {
    return; // no report: the suite's own line already counts it as a failure
  }
  if (failures.length === 0) return;
  console.log(`[ci] failed tests (${failures.length}):`);
  for (const line of failures.slice(0, MAX_LISTED_FAILURES)) console.log(`  ${line}`);
  if (failures.length > MAX_LISTED_FAILURES)
    console.log(`  … and ${failures.length - MAX_LISTED_FAILURES} more`);
}

const MAX_LISTED_FAILURES = 12;

async function main(): Promise<void> {
  const refused = ciEnvironmentError(process.env);
  if (refused !== undefined) {
    console.error(`[ci] ${refused}`);
    console.log(summaryLine({ passed: 0, failed: 1, skipped: 0 }));
    process.exitCode = 1;
    return;
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const vitestJson = path.join(outDir, 'vitest.json');
  const cucumberNdjson = path.join(repoRoot, 'test-harness', 'bdd', 'out', 'cucumber-messages.ndjson');
  const results: StepResult[] = [];

  results.push(await gate('regen drift (pnpm regen && git diff --exit-code)', regenDrift));
  results.push(await gate('typecheck', () => run(bin('tsc'), ['-p', 'tsconfig.json'])));
  results.push(await gate('eslint', () => run(bin('eslint'), ['.'])));
  results.push(await gate('prettier', () => run(bin('prettier'), ['--check', '.'])));
  results.push(
    await gate('openapi lint', () =>
      run(bin('redocly'), [
        'lint',
        'contracts/openapi/data.yaml',
        'contracts/openapi/control.yaml',
        'contracts/openapi/pool.yaml',
        'contracts/openapi/compat.yaml',
      ]),
    ),
  );
  results.push(
    await gate('llama-server (build once, then cached)', () =>
      run(bin('tsx'), ['packages/engine-provision/src/llama-server-cli.ts']),
    ),
  );
  process.env['REQUIRE_REAL_LLAMA'] ??= '1'; // llama-server is built above: the Haiku run must not skip
  results.push(
    await suite(
      'vitest (all projects)',
      () =>
        run(bin('vitest'), [
          'run',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${vitestJson}`,
        ]),
      async () => summarizeVitestJson(await readFile(vitestJson, 'utf8')),
    ),
  );
  results.push(
    await suite(
      'cucumber (test-harness/bdd)',
      () => run('pnpm', ['--filter', '@llama-orch/bdd', 'test']),
      async () => summarizeCucumberMessages(await readFile(cucumberNdjson, 'utf8')),
    ),
  );
  results.push(await gate('requirement trace (pnpm trace)', () => run(bin('tsx'), ['tools/src/trace.ts'])));

  console.log('\n[ci] summary');
  for (const r of results) {
    const t = r.tally;
    console.log(
      `  ${t.failed === 0 ? 'ok  ' : 'FAIL'} ${r.name}: ${summaryLine(t)} (${r.seconds.toFixed(1)} s)`,
    );
  }
  await printVitestFailures(vitestJson);
  const total = sumTallies(results.map((r) => r.tally));
  console.log(summaryLine(total));
  process.exitCode = total.failed === 0 ? 0 : 1;
}

await main();
