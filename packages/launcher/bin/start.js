#!/usr/bin/env node
// `npm start` (issue 15 item 3): runs the compiled launcher with plain node, in
// this process (no tsx loader, no wrapper chain). A missing or stale build
// (sources changed since `npm run build`) is rebuilt first, so `npm start`
// never runs code older than the checkout.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { staleBuildReason } from '@llama-orch/contracts/build-freshness';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const stale = staleBuildReason(repoRoot);
if (stale !== undefined) {
  console.error(`llama-orch: building first (${stale}; \`npm run build\` does this alone)`);
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const built = spawnSync(process.execPath, [tsx, 'tools/src/build.ts'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('llama-orch: the build failed (above); nothing started');
    process.exit(1);
  }
}
await import('../dist/main.js');
