// OC-027: how the real-engine gates are checked: run one end-to-end test file in
// a child vitest, as CI would, with a chosen environment layered over a clean
// copy of ours, and read its JSON report.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './product.js';

const VITEST = join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');

export interface NestedRun {
  code: number | null;
  output: string;
  report: { numFailedTests: number; numPassedTests: number; numPendingTests: number };
}

export interface NestedVitestOptions {
  project: string;
  /** A filter matching the one test file to run. */
  file: string;
  /** Where the JSON report goes. */
  reportFile: string;
  env: NodeJS.ProcessEnv;
}

export async function runNestedVitest(options: NestedVitestOptions): Promise<NestedRun> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'REQUIRE_REAL_LLAMA'),
  );
  const child = spawn(
    process.execPath,
    [
      VITEST,
      'run',
      '--project',
      options.project,
      options.file,
      '--reporter=verbose',
      '--reporter=json',
      `--outputFile.json=${options.reportFile}`,
    ],
    { cwd: REPO_ROOT, env: { ...base, NODE_OPTIONS: '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  const report = JSON.parse(await readFile(options.reportFile, 'utf8')) as NestedRun['report'];
  return { code, output, report };
}
