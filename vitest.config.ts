// One vitest program for the whole workspace: each package and harness is a
// project, so `vitest run --project X` runs one of them against source.
import { defineConfig } from 'vitest/config';

const unit = (name: string, root: string) => ({
  test: {
    name,
    root,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      unit('contracts', 'contracts'),
      unit('tools', 'tools'),
      unit('orchestrator-core', 'packages/orchestrator-core'),
      unit('worker-adapters', 'packages/worker-adapters'),
      unit('pool-managerd', 'packages/pool-managerd'),
      unit('orchestratord', 'packages/orchestratord'),
      unit('cli', 'packages/cli'),
      unit('engine-simulators', 'test-harness/engine-simulators'),
      {
        test: {
          name: 'determinism-suite',
          root: 'test-harness/determinism-suite',
          include: ['test/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
