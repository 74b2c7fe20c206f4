// Makes every path in a parsed config absolute (CFG-013): relative paths mean
// "next to the config file", `~/` means the home directory. Doing it once here
// keeps the daemons from resolving paths against whatever their cwd happens to be.
// Engine secret files (CFG-017) and clients' token files (CFG-030) resolve exactly like server.token_file.
import { isAbsolute, join, resolve } from 'node:path';
import type { LaunchOptions, PoolConfig } from './schema-pool.js';
import type { LlorchConfig } from './schema.js';

export interface PathResolutionOptions {
  /** Directory relative paths are resolved against; relative paths stay relative when unset. */
  baseDir?: string;
  /** Directory `~` stands for; `~` stays literal when unset. */
  homeDir?: string;
}

export function resolvePath(path: string, options: PathResolutionOptions): string {
  const { baseDir, homeDir } = options;
  if ((path === '~' || path.startsWith('~/')) && homeDir !== undefined) return join(homeDir, path.slice(1));
  if (isAbsolute(path) || baseDir === undefined || path.startsWith('~')) return path;
  return resolve(baseDir, path);
}

/** A bare command name (`llama-server`) is looked up on PATH, so only paths with a slash are resolved. */
function resolveBinary(binary: string, options: PathResolutionOptions): string {
  return binary.includes('/') ? resolvePath(binary, options) : binary;
}

function resolveLaunch(launch: LaunchOptions, options: PathResolutionOptions): LaunchOptions {
  const { binary } = launch;
  const secretEnv = Object.fromEntries(
    Object.entries(launch.secret_env).map(([name, source]) => [
      name,
      'file' in source ? { file: resolvePath(source.file, options) } : source,
    ]),
  );
  return {
    ...launch,
    ...(binary === undefined ? {} : { binary: resolveBinary(binary, options) }),
    secret_env: secretEnv,
  };
}

function resolvePool(pool: PoolConfig, options: PathResolutionOptions): PoolConfig {
  const path = pool.model.path;
  const model = path === undefined ? pool.model : { ...pool.model, path: resolvePath(path, options) };
  if (pool.launch === undefined) return { ...pool, model };
  return { ...pool, model, launch: resolveLaunch(pool.launch, options) };
}

export function resolveConfigPaths(config: LlorchConfig, options: PathResolutionOptions): LlorchConfig {
  const { server } = config;
  const tokenFile = server.token_file;
  return {
    ...config,
    server: {
      ...server,
      state_dir: resolvePath(server.state_dir, options),
      ...(tokenFile === undefined ? {} : { token_file: resolvePath(tokenFile, options) }),
    },
    pools: config.pools.map((pool) => resolvePool(pool, options)),
    clients: config.clients.map((client) =>
      client.token_file === undefined
        ? client
        : { ...client, token_file: resolvePath(client.token_file, options) },
    ),
    catalog: { ...config.catalog, dir: resolvePath(config.catalog.dir, options) },
    artifacts: { ...config.artifacts, dir: resolvePath(config.artifacts.dir, options) },
  };
}
