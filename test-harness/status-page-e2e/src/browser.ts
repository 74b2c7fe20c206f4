// ORCHD-081: the browser the status page test drives is Debian's chromium, never one that
// playwright downloads. Whether the run may skip is decided here, once: without
// REQUIRE_REAL_LLAMA=1 it skips (no real engine asked for), and without chromium it skips
// locally but fails in CI (CI=true), where .ci/run installs the package.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Why this run skips, or undefined when it runs (and must pass). */
export function skipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['REQUIRE_REAL_LLAMA'] !== '1') {
    return 'REQUIRE_REAL_LLAMA is not 1: the status page test needs the real product (REQUIRE_REAL_LLAMA=1 npx vitest run --project status-page-e2e)';
  }
  if (!existsSync(CHROMIUM) && env['CI'] !== 'true') {
    return `no ${CHROMIUM}: install Debian's chromium (apt-get install chromium) to run the status page test`;
  }
  return undefined;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (.ci/run does, as root)`);
  }
  // --no-sandbox: CI runs as root in a container, where chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}
