// One vitest program for the whole workspace: each package and harness is a
// project, so `vitest run --project X` runs one of them against source.
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The provider verification reads the pact file the consumer tests write, so
// consumers must run first (pact files live in contracts/pacts/).
class ConsumerFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isProvider = (f: TestSpecification) =>
      f.moduleId.endsWith('.pact.test.ts') && f.moduleId.includes('/provider');
    return [...sorted.filter((f) => !isProvider(f)), ...sorted.filter(isProvider)];
  }
}

const unit = (name: string, root: string, exclude: string[] = []) => ({
  test: {
    name,
    root,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...exclude],
    testTimeout: 30_000,
  },
});

export default defineConfig({
  test: {
    sequence: { sequencer: ConsumerFirstSequencer },
    projects: [
      unit('contracts', 'contracts'),
      unit('tools', 'tools'),
      unit('orchestrator-core', 'packages/orchestrator-core'),
      unit('worker-adapters', 'packages/worker-adapters'),
      unit('engine-provision', 'packages/engine-provision'),
      unit('pool-managerd', 'packages/pool-managerd'),
      unit('orchestratord', 'packages/orchestratord'),
      unit('launcher', 'packages/launcher'),
      unit('cli', 'packages/cli', ['test/**/*.pact.test.ts']),
      unit('engine-simulators', 'test-harness/engine-simulators'),
      unit('chaos', 'test-harness/chaos'),
      unit('orchestratord-bench', 'test-harness/orchestratord-bench'),
      {
        test: {
          name: 'pact',
          root: 'packages/cli',
          include: ['test/**/*.pact.test.ts'],
          fileParallelism: false,
          env: { PACT_DO_NOT_TRACK: 'true' },
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'haiku-e2e',
          root: 'test-harness/haiku-e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
      {
        test: {
          name: 'agents-e2e',
          root: 'test-harness/agents-e2e',
          include: ['test/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
      {
        test: {
          name: 'clients-e2e',
          root: 'test-harness/clients-e2e',
          include: ['test/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
      {
        test: {
          name: 'status-page-e2e',
          root: 'test-harness/status-page-e2e',
          include: ['test/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
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
