// Where the shared API token comes from (CFG-005): env LLORCH_API_TOKEN first,
// then server.token_file. Never from the config file itself, and never echoed:
// errors here describe the file, not what is in it. A token file other users can
// read is refused (as ssh refuses such a key): the token may already have leaked.
import { ConfigError } from './config-error.js';
import type { LlorchConfig } from './schema.js';
import { readTokenFile } from './token-file.js';

export const API_TOKEN_ENV = 'LLORCH_API_TOKEN';

export interface ApiToken {
  token: string;
  source: 'env' | 'file';
}

/**
 * Returns the token, or null when neither the env var nor the token file provides
 * one (the file is unset or does not exist yet); the caller decides whether to
 * refuse to start or to create the file. Unreadable or malformed files throw.
 */
export async function resolveApiToken(
  config: Pick<LlorchConfig, 'server'>,
  env: NodeJS.ProcessEnv,
): Promise<ApiToken | null> {
  const fromEnv = env[API_TOKEN_ENV]?.trim();
  if (fromEnv !== undefined && fromEnv !== '') return { token: fromEnv, source: 'env' };
  const file = config.server.token_file;
  if (file === undefined) return null;
  const read = await readTokenFile(file);
  if (read.type === 'missing') return null;
  if (read.type === 'refused') throw tokenFileError(file, read.message, read.cause);
  if (read.type === 'empty') {
    throw tokenFileError(
      file,
      `the token file is empty; write the token into it or set env ${API_TOKEN_ENV}`,
    );
  }
  return { token: read.token, source: 'file' };
}

function tokenFileError(file: string, message: string, cause?: unknown): ConfigError {
  return new ConfigError([{ path: 'server.token_file', message }], { source: file, cause });
}
