// `pnpm regen` step (OC-016): turns the OpenAPI contracts (contracts/openapi/*.yaml, the
// source of truth) into the TypeScript types that the typed clients in
// @llama-orch/contracts are built on. Output is byte-identical for identical
// input (no timestamps, no absolute paths), so CI can fail on `git diff`.
// Run directly with `npx tsx tools/src/regen-openapi.ts [repoRoot]`.
import { mkdir } from 'node:fs/promises';
import { writeFileIfChanged } from './write-if-changed.js';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

/** The root documents; the shared component files are pulled in through their `$ref`s. */
export const OPENAPI_DOCUMENTS = ['data', 'control', 'pool', 'compat'] as const;
export type OpenapiDocumentName = (typeof OPENAPI_DOCUMENTS)[number];

/** The component files each root document `$ref`s, named in the generated header. */
export const OPENAPI_SHARED_FILES: Readonly<Record<OpenapiDocumentName, readonly string[]>> = {
  data: ['common'],
  control: ['common'],
  pool: ['common'],
  compat: ['common', 'compat-openai', 'compat-responses', 'compat-anthropic'],
};

export const OPENAPI_SOURCE_DIR = 'contracts/openapi';
export const OPENAPI_GENERATED_DIR = 'contracts/src/generated';

function header(sourcePath: string, shared: readonly string[]): string {
  const sharedPaths = shared.map((name) => `${OPENAPI_SOURCE_DIR}/${name}.yaml`);
  const from =
    sharedPaths.length === 1
      ? [`// Generated from ${sourcePath} (and the shared ${sharedPaths.join('')})`]
      : [`// Generated from ${sourcePath} and the shared`, ...sharedPaths.map((p) => `//   ${p}`)];
  return [
    ...from,
    '// by tools/src/regen-openapi.ts with openapi-typescript. Do not edit by hand:',
    '// change the YAML, then run `pnpm regen`.',
    '',
    '',
  ].join('\n');
}

/** Renders the generated module text for one root document (pure apart from reading the YAML). */
export async function renderOpenapiTypes(repoRoot: string, name: OpenapiDocumentName): Promise<string> {
  const sourcePath = `${OPENAPI_SOURCE_DIR}/${name}.yaml`;
  const ast = await openapiTS(pathToFileURL(path.join(repoRoot, sourcePath)), {
    // Lint findings are `pnpm lint:openapi`'s job; here they would only be noise.
    silent: true,
  });
  return header(sourcePath, OPENAPI_SHARED_FILES[name]) + astToString(ast);
}

/** Writes contracts/src/generated/<name>.ts under `repoRoot`; returns the repo-relative paths written. */
export async function regenOpenapi(repoRoot: string): Promise<string[]> {
  const written: string[] = [];
  await mkdir(path.join(repoRoot, OPENAPI_GENERATED_DIR), { recursive: true });
  for (const name of OPENAPI_DOCUMENTS) {
    const target = `${OPENAPI_GENERATED_DIR}/${name}.ts`;
    await writeFileIfChanged(path.join(repoRoot, target), await renderOpenapiTypes(repoRoot, name));
    written.push(target);
  }
  return written;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const repoRoot = path.resolve(process.argv[2] ?? defaultRoot);
  for (const file of await regenOpenapi(repoRoot)) console.log(`regen: wrote ${file}`);
}
