// The llama-orch config file, defined once here in zod (CFG-001, CFG-002, CFG-014).
// The JSON Schema under contracts/config-schema/ is generated from this value;
// the loader, the daemons and the CLI all validate through it.
import { join } from 'node:path';
import { z } from 'zod';
import { checkConfig, toSink } from './config-rules.js';
import { clientsSchema, fairShareSchema } from './schema-clients.js';
import { poolSchema } from './schema-pool.js';
import { modelAsPool, residencySchema, servableModelSchema } from './schema-models.js';
import {
  artifactsSchema,
  catalogSchema,
  compatSchema,
  observabilitySchema,
  policySchema,
  poolManagerSchema,
  serverSchema,
  sessionsSchema,
} from './schema-sections.js';

const configObject = z
  .strictObject({
    server: serverSchema.prefault({}),
    pool_manager: poolManagerSchema.prefault({}),
    pools: z
      .array(poolSchema)
      .default([])
      .describe(
        'Engine pools, each serving one model on fixed replicas; pools and models together name at least one.',
      ),
    models: z
      .array(servableModelSchema)
      .default([])
      .describe(
        'Models served on demand: loaded when a request names one, evicted or unloaded when idle (CFG-022).',
      ),
    residency: residencySchema.prefault({}),
    sessions: sessionsSchema.prefault({}),
    catalog: catalogSchema.prefault({}),
    artifacts: artifactsSchema.prefault({}),
    observability: observabilitySchema.prefault({}),
    policy: policySchema.prefault({}),
    compat: compatSchema.prefault({}),
    clients: clientsSchema,
    fair_share: fairShareSchema,
  })
  .meta({
    title: 'llama-orch configuration',
    description: 'One file per deployment. Secrets come from env LLORCH_API_TOKEN or server.token_file only.',
  });

type ConfigFields = z.output<typeof configObject>;

/**
 * Directories left out default to subfolders of the state dir, so one setting moves all state (CFG-012);
 * every `models` entry joins `pools` as the on-demand pool it stands for (CFG-022).
 */
function deriveStateDirs(config: ConfigFields) {
  const { state_dir } = config.server;
  const { models, ...rest } = config;
  return {
    ...rest,
    // The output holds pools only, so a validated config written back out loads to the same thing.
    pools: [...config.pools, ...models.map(modelAsPool)],
    catalog: { ...config.catalog, dir: config.catalog.dir ?? join(state_dir, 'catalog') },
    artifacts: { ...config.artifacts, dir: config.artifacts.dir ?? join(state_dir, 'artifacts') },
  };
}

export const llorchConfigSchema = configObject
  .superRefine((config, ctx) => checkConfig(config, toSink(ctx)))
  .transform(deriveStateDirs);

/** A validated config with every default filled in. */
export type LlorchConfig = z.output<typeof llorchConfigSchema>;
/** What a config file may contain (defaults optional). */
export type LlorchConfigInput = z.input<typeof llorchConfigSchema>;
export type ServerConfig = LlorchConfig['server'];
export type PoolManagerConfig = LlorchConfig['pool_manager'];
export type SessionsConfig = LlorchConfig['sessions'];
export type CatalogConfig = LlorchConfig['catalog'];
export type ArtifactsConfig = LlorchConfig['artifacts'];
export type ObservabilityConfig = LlorchConfig['observability'];
export type PolicyConfig = LlorchConfig['policy'];
export type CompatConfig = LlorchConfig['compat'];
