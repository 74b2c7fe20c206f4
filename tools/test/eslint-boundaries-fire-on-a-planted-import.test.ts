// The dependency rules of HOUSE_STYLE (one direction for every dependency) are
// enforced by eslint, not remembered: this plants a forbidden import in each
// package's source and checks that the repo's own lint config rejects it with
// its message, and that the allowed direction still passes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULE = 'import-x/no-restricted-paths';

// Only the boundary rule runs: the typed rules need the file on disk in a tsconfig project.
const eslint = new ESLint({
  cwd: repoRoot,
  ruleFilter: ({ ruleId }) => ruleId === RULE,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});

async function boundaryMessages(plantedIn: string, specifier: string): Promise<string[]> {
  const filePath = path.join(repoRoot, plantedIn);
  const [result] = await eslint.lintText(`import * as planted from '${specifier}';\nexport { planted };\n`, {
    filePath,
  });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('package boundaries are an eslint rule', () => {
  const forbidden: Array<[string, string, RegExp]> = [
    ['packages/orchestrator-core/src/planted.ts', '@llama-orch/worker-adapters', /pure core/],
    ['packages/orchestrator-core/src/planted.ts', '@llama-orch/orchestratord', /pure core/],
    [
      'packages/worker-adapters/src/planted.ts',
      '@llama-orch/orchestrator-core',
      /must not import the core or a daemon/,
    ],
    [
      'packages/worker-adapters/src/planted.ts',
      '@llama-orch/pool-managerd',
      /must not import the core or a daemon/,
    ],
    [
      'packages/worker-adapters/src/planted.ts',
      '@llama-orch/orchestratord',
      /must not import the core or a daemon/,
    ],
    ['packages/cli/src/planted.ts', '@llama-orch/orchestratord', /HTTP client/],
    ['packages/cli/src/planted.ts', '@llama-orch/orchestrator-core', /HTTP client/],
    ['packages/orchestratord/src/planted.ts', '@llama-orch/pool-managerd', /typed pool client/],
    [
      'packages/pool-managerd/src/planted.ts',
      '@llama-orch/orchestratord',
      /must not depend on orchestratord/,
    ],
    [
      'packages/orchestratord/src/engines/planted.ts',
      '../../../pool-managerd/src/index.js',
      /typed pool client/,
    ],
    ['packages/orchestratord/src/planted.ts', '@llama-orch/launcher', /Only the launcher knows both daemons/],
    ['packages/pool-managerd/src/planted.ts', '@llama-orch/launcher', /Only the launcher knows both daemons/],
    ['packages/engine-provision/src/planted.ts', '@llama-orch/pool-managerd', /depends on no other package/],
    [
      'packages/engine-provision/src/planted.ts',
      '@llama-orch/worker-adapters',
      /depends on no other package/,
    ],
  ];

  it.each(forbidden)('%s importing %s is rejected', async (plantedIn, specifier, message) => {
    const messages = await boundaryMessages(plantedIn, specifier);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(RULE);
    expect(messages[0]).toMatch(message);
  });

  const allowed: Array<[string, string]> = [
    ['packages/orchestrator-core/src/planted.ts', '@llama-orch/contracts'],
    ['packages/cli/src/planted.ts', '@llama-orch/contracts'],
    ['packages/orchestratord/src/planted.ts', '@llama-orch/orchestrator-core'],
    ['packages/orchestratord/src/planted.ts', '@llama-orch/worker-adapters'],
    ['packages/pool-managerd/src/planted.ts', '@llama-orch/worker-adapters'],
    ['packages/pool-managerd/src/planted.ts', '@llama-orch/engine-provision'],
    ['packages/launcher/src/planted.ts', '@llama-orch/orchestratord'],
    ['packages/launcher/src/planted.ts', '@llama-orch/pool-managerd'],
  ];

  it.each(allowed)('%s importing %s is allowed', async (plantedIn, specifier) => {
    expect(await boundaryMessages(plantedIn, specifier)).toEqual([]);
  });
});
