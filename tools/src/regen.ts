// `pnpm regen`: regenerate every generated artefact from its source of truth
// (OpenAPI → types/clients, zod → JSON Schema, specs → requirement index,
// dashboard sources → ci/dashboards/*.json).
// Deterministic: running it twice in a row leaves no diff (CI checks this).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { regenConfigSchema } from './regen-config-schema.js';
import { regenDashboards } from './regen-dashboards.js';
import { regenOpenapi } from './regen-openapi.js';
import { regenValueLists } from './regen-value-lists.js';
import { regenRequirementIndex } from './trace.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const written = [
  ...(await regenOpenapi(repoRoot)),
  ...(await regenValueLists(repoRoot)),
  ...(await regenConfigSchema(repoRoot)),
  ...(await regenRequirementIndex(repoRoot)),
  ...(await regenDashboards(repoRoot)),
];
for (const file of written) console.log(`regen: wrote ${file}`);
