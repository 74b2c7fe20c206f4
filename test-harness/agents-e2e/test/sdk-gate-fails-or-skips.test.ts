// The SDK runs' gate [OC-027]: with REQUIRE_REAL_LLAMA=1 and no reachable engine
// (no cached llama-server, no build tools on PATH) the official-SDK file fails,
// counted as failed tests, rather than skipping; without the variable it skips
// and says why. Checked by running that file in a child vitest, as CI does.
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNestedVitest } from '@llama-orch/haiku-e2e';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-sdk-gate-'));
});
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

const runSdks = (name: string, env: NodeJS.ProcessEnv) =>
  runNestedVitest({
    project: 'agents-e2e',
    file: 'test/official-sdks-against-the-product',
    reportFile: join(dir, `${name}.json`),
    env,
  });

describe('the REQUIRE_REAL_LLAMA gate of the SDK runs', () => {
  it('skips with a visible reason when REQUIRE_REAL_LLAMA is not set [OC-027]', async () => {
    const run = await runSdks('unset', {});
    expect(run.code).toBe(0);
    expect(run.report.numFailedTests).toBe(0);
    expect(run.report.numPassedTests).toBe(0);
    expect(run.report.numPendingTests).toBeGreaterThan(10);
    expect(run.output).toContain('REQUIRE_REAL_LLAMA is not 1');
  });

  it('fails, not skips, when REQUIRE_REAL_LLAMA=1 and no real engine can be reached [OC-027]', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    const run = await runSdks('no-engine', {
      REQUIRE_REAL_LLAMA: '1',
      PATH: bin,
      XDG_CACHE_HOME: join(dir, 'empty-cache'),
    });
    expect(run.code).not.toBe(0);
    expect(run.report.numFailedTests).toBeGreaterThan(10);
    expect(run.report.numPassedTests).toBe(0);
    expect(run.output).toContain('REQUIRE_REAL_LLAMA=1 but no real llama-server is reachable');
  }, 300_000);
});
