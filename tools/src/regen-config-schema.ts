// `pnpm regen` step (CFG-014): writes the config JSON Schema generated from the
// zod source in @llama-orch/contracts. Run directly with
// `npx tsx tools/src/regen-config-schema.ts`; output is byte-identical on every run.
import { mkdir } from 'node:fs/promises';
import { writeFileIfChanged } from './write-if-changed.js';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema } from '@llama-orch/contracts';

/** Writes the schema under `repoRoot`; returns the repository-relative paths written. */
export async function regenConfigSchema(repoRoot: string): Promise<string[]> {
  const target = path.join(repoRoot, CONFIG_JSON_SCHEMA_PATH);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileIfChanged(target, renderConfigJsonSchema());
  return [CONFIG_JSON_SCHEMA_PATH];
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  for (const file of await regenConfigSchema(repoRoot)) console.log(`regen: wrote ${file}`);
}
