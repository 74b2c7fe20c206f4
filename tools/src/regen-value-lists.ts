// `pnpm regen` step (OC-016, HOUSE_STYLE 5): the closed value lists of the wire (error codes,
// engines, workloads, priorities, determinism modes, KV hints, cancel reasons, replica states) are
// read out of the OpenAPI YAML, the one place they are written, into `as const` arrays.
// Every package that needs the values at run time (config schema, request validators,
// CLI choices) imports these arrays; the matching types come from the same schemas.
// Run directly with `npx tsx tools/src/regen-value-lists.ts [repoRoot]`.
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileIfChanged } from './write-if-changed.js';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { OPENAPI_GENERATED_DIR, OPENAPI_SOURCE_DIR } from './regen-openapi.js';

interface ValueList {
  /** Exported constant name. */
  name: string;
  /** The OpenAPI document (without `.yaml`) and the schema under components.schemas. */
  document: 'common' | 'data';
  schema: string;
  /** The generated module whose `components` type names the schema; data.ts unless only pool.yaml uses it. */
  typesIn?: 'pool';
}

export const VALUE_LISTS: readonly ValueList[] = [
  { name: 'ERROR_CODES', document: 'common', schema: 'ErrorCode' },
  { name: 'ENGINES', document: 'common', schema: 'Engine' },
  { name: 'WORKLOADS', document: 'common', schema: 'Workload' },
  { name: 'PRIORITIES', document: 'common', schema: 'Priority' },
  { name: 'DETERMINISM_MODES', document: 'common', schema: 'Determinism' },
  { name: 'KV_HINTS', document: 'data', schema: 'KvHint' },
  { name: 'STREAM_CANCEL_REASONS', document: 'data', schema: 'StreamCancelReason' },
  { name: 'REPLICA_STATES', document: 'common', schema: 'ReplicaState', typesIn: 'pool' },
];

export const VALUE_LISTS_TARGET = `${OPENAPI_GENERATED_DIR}/value-lists.ts`;

async function enumOf(repoRoot: string, list: ValueList): Promise<string[]> {
  const file = `${OPENAPI_SOURCE_DIR}/${list.document}.yaml`;
  const doc = parse(await readFile(path.join(repoRoot, file), 'utf8')) as {
    components?: { schemas?: Record<string, { enum?: unknown }> };
  };
  const values = doc.components?.schemas?.[list.schema]?.enum;
  if (!Array.isArray(values) || !values.every((v): v is string => typeof v === 'string')) {
    throw new Error(`${file}: components.schemas.${list.schema} has no string enum; fix the contract`);
  }
  return values;
}

/** The generated module text (pure apart from reading the YAML). */
export async function renderValueLists(repoRoot: string): Promise<string> {
  const lines = [
    `// Generated from ${OPENAPI_SOURCE_DIR}/common.yaml and data.yaml by`,
    '// tools/src/regen-value-lists.ts. Do not edit by hand: change the YAML, then run `pnpm regen`.',
    "import type { components } from './data.js';",
    "import type { components as PoolComponents } from './pool.js';",
    '',
    "type Schemas = components['schemas'];",
    "type PoolSchemas = PoolComponents['schemas'];",
  ];
  for (const list of VALUE_LISTS) {
    const values = (await enumOf(repoRoot, list)).map((v) => `'${v}'`).join(', ');
    lines.push(
      '',
      `/** The values of ${list.document}.yaml \`${list.schema}\`. */`,
      `export const ${list.name} = [${values}] as const satisfies readonly ${list.typesIn === 'pool' ? 'PoolSchemas' : 'Schemas'}['${list.schema}'][];`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function regenValueLists(repoRoot: string): Promise<string[]> {
  await mkdir(path.join(repoRoot, OPENAPI_GENERATED_DIR), { recursive: true });
  await writeFileIfChanged(path.join(repoRoot, VALUE_LISTS_TARGET), await renderValueLists(repoRoot));
  return [VALUE_LISTS_TARGET];
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const repoRoot = path.resolve(process.argv[2] ?? defaultRoot);
  for (const file of await regenValueLists(repoRoot)) console.log(`regen: wrote ${file}`);
}
