// Config schema, loader and defaults (.specs/60-config.md, CFG-001..CFG-017).
export { llorchConfigSchema } from './schema.js';
export type {
  ArtifactsConfig,
  CatalogConfig,
  LlorchConfig,
  LlorchConfigInput,
  ObservabilityConfig,
  PolicyConfig,
  PoolManagerConfig,
  ServerConfig,
  SessionsConfig,
} from './schema.js';
export type {
  ExternalPoolConfig,
  LaunchedPoolConfig,
  LaunchOptions,
  ModelConfig,
  PoolConfig,
  SecretSource,
} from './schema-pool.js';
export { MAX_SESSION_TTL_MS } from './schema-sections.js';
export { OWNER_CLIENT } from './schema-clients.js';
export type { ClientConfig } from './schema-clients.js';
export { ed25519PublicKey, TRUSTED_KEY_HINT } from './trusted-key.js';
export { ConfigError, formatConfigIssue, formatConfigPath } from './config-error.js';
export type { ConfigErrorOptions, ConfigIssue } from './config-error.js';
export { loadConfigFile, parseConfig } from './load-config.js';
export type { LoadConfigOptions, ParseConfigOptions } from './load-config.js';
export { API_TOKEN_ENV, resolveApiToken } from './api-token.js';
export type { ApiToken } from './api-token.js';
export {
  clientTokenSource,
  readClientToken,
  resolveClientTokens,
  sharedTokenHolder,
} from './client-tokens.js';
export type { ClientToken, ClientTokenSource } from './client-tokens.js';
export { ensureApiToken } from './api-token-bootstrap.js';
export type { EnsuredToken } from './api-token-bootstrap.js';
export { DEFAULT_CONFIG_LABEL, defaultConfig, defaultConfigInput } from './default-config.js';
export type { DefaultConfigOptions } from './default-config.js';
export { CONFIG_JSON_SCHEMA_PATH, configJsonSchema, renderConfigJsonSchema } from './json-schema.js';
