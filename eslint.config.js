// Lint policy: no floating promises (vital for SSE), no import cycles,
// no deep imports into another package's src/, and dependencies that point
// one way (contracts → orchestrator-core → worker-adapters / pool-managerd →
// orchestratord; the CLI speaks HTTP only). The boundary zones are checked by
// tools/test/eslint-boundaries-fire-on-a-planted-import.test.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const packageZone = (target, from, message, except) => ({
  target: `./packages/${target}`,
  from: `./packages/${from}`,
  ...(except ? { except } : {}),
  message,
});

export const boundaryZones = [
  packageZone(
    'orchestrator-core',
    '',
    'orchestrator-core is the pure core: it imports @llama-orch/contracts and its own modules only.',
    ['./orchestrator-core'],
  ),
  ...['orchestrator-core', 'orchestratord', 'pool-managerd', 'launcher'].map((from) =>
    packageZone(
      'worker-adapters',
      from,
      'worker-adapters speak to engines for any daemon: they must not import the core or a daemon (pass what they need in).',
    ),
  ),
  packageZone(
    'cli',
    '',
    'The CLI is an HTTP client: it imports @llama-orch/contracts only, never another package.',
    ['./cli'],
  ),
  packageZone(
    'orchestratord',
    'pool-managerd',
    'orchestratord talks to pool-managerd only over the typed pool client (@llama-orch/contracts); the launcher wires the two.',
  ),
  packageZone(
    'pool-managerd',
    'orchestratord',
    'pool-managerd must not depend on orchestratord; the launcher wires the two.',
  ),
  ...['orchestratord', 'pool-managerd'].map((target) =>
    packageZone(
      target,
      'launcher',
      'Only the launcher knows both daemons: nothing imports it; it starts them and wires them by URL.',
    ),
  ),
  packageZone(
    'engine-provision',
    '',
    'engine-provision builds and starts engines for daemons, tools and tests alike: it depends on no other package.',
    ['./engine-provision'],
  ),
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'contracts/src/generated/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'coverage/**',
      '**/dist/**',
      '.build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: boundaryZones }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@llama-orch/*/src/*', '**/packages/*/src/*', '../../*/src/*'],
              message: 'Import another package through its public door (package name), never its src/.',
            },
          ],
        },
      ],
    },
  },
);
