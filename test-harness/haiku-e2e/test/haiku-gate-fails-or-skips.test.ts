// OC-027: the Haiku run's gate, checked by running it as CI does (a nested
// vitest on the Haiku file). Without REQUIRE_REAL_LLAMA=1 it is skipped and
// says why; with it and no reachable engine (no cached llama-server and no
// build tools on PATH) it fails, counted as a failed test, with a message
// that names what is missing. Needs no engine itself, so it always runs.
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNestedVitest, type NestedRun } from '../src/nested-vitest.js';

let dir = '';

/** Runs the Haiku test file in a child vitest with `env` layered over a clean copy of ours. */
function runHaiku(name: string, env: NodeJS.ProcessEnv): Promise<NestedRun> {
  return runNestedVitest({
    project: 'haiku-e2e',
    file: 'test/haiku-through-the-public-api',
    reportFile: join(dir, `${name}.json`),
    env,
  });
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
