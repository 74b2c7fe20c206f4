// OC-027: the Haiku run's gate, checked by running it as CI does (a nested
// vitest on the Haiku file). Without REQUIRE_REAL_LLAMA=1 it is skipped and
// says why; with it and no reachable engine (no cached llama-server and no
// build tools on PATH) it fails, counted as a failed test, with a message
// that names what is missing. Needs no engine itself, so it always runs.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/product.js';

const VITEST = join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
let dir = '';

interface NestedRun {
  code: number | null;
  output: string;
  report: { numFailedTests: number; numPassedTests: number; numPendingTests: number };
}

/** Runs the Haiku test file in a child vitest with `env` layered over a clean copy of ours. */
async function runHaiku(name: string, env: NodeJS.ProcessEnv): Promise<NestedRun> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'REQUIRE_REAL_LLAMA'),
  );
  const reportFile = join(dir, `${name}.json`);
  const child = spawn(
    process.execPath,
    [
      VITEST,
      'run',
      '--project',
      'haiku-e2e',
      'test/haiku-through-the-public-api',
      '--reporter=verbose',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
    ],
    { cwd: REPO_ROOT, env: { ...base, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as NestedRun['report'];
  return { code, output, report };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-haiku-gate-'));
});
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('the REQUIRE_REAL_LLAMA gate', () => {
  it('skips with a visible reason when REQUIRE_REAL_LLAMA is not set [OC-027]', async () => {
    const run = await runHaiku('unset', {});
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ numFailedTests: 0, numPassedTests: 0, numPendingTests: 2 });
    expect(run.output).toContain('REQUIRE_REAL_LLAMA is not 1');
  });

  it('fails, not skips, when REQUIRE_REAL_LLAMA=1 and no real engine can be reached [OC-027]', async () => {
    // A PATH with node only (no cmake, g++, git, make, nvidia-smi) and an empty llama-server cache.
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    const run = await runHaiku('no-engine', {
      REQUIRE_REAL_LLAMA: '1',
      PATH: bin,
      XDG_CACHE_HOME: join(dir, 'empty-cache'),
    });
    expect(run.code).not.toBe(0);
    expect(run.report.numFailedTests).toBeGreaterThanOrEqual(1);
    expect(run.report.numPassedTests).toBe(0);
    expect(run.output).toContain('REQUIRE_REAL_LLAMA=1 but no real llama-server is reachable');
    expect(run.output).toMatch(/missing cmake/);
  });
});
