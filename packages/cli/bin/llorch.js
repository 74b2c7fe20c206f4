#!/usr/bin/env node
// `llorch`: the compiled CLI (`npm run build`) with plain node when the build is
// current; otherwise the TypeScript sources through tsx's loader in this
// process, so a stale build never answers and Ctrl-C reaches the CLI directly.
import { fileURLToPath } from 'node:url';
import { staleBuildReason } from '@llama-orch/contracts/build-freshness';

if (staleBuildReason(fileURLToPath(new URL('../../../', import.meta.url))) === undefined) {
  await import('../dist/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
