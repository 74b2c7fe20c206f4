// Where the shared API token comes from (CFG-005): env LLORCH_API_TOKEN first,
// then server.token_file. Never from the config file itself, and never echoed:
// errors here describe the file, not what is in it. A token file other users can
// read is refused (as ssh refuses such a key): the token may already have leaked.
import { readFile, stat } from 'node:fs/promises';
import { ConfigError } from './config-error.js';
import type { LlorchConfig } from './schema.js';

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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw tokenFileError(
      file,
      `cannot read the token file (${code ?? 'unknown error'}); check its permissions`,
      cause,
    );
  }
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw tokenFileError(
      file,
      `the token file is readable by group or others (mode ${mode.toString(8).padStart(3, '0')}); ` +
        `run chmod 600 ${file}, and replace the token if others may have read it`,
    );
  }
  const token = text.trim();
  if (token === '') {
    throw tokenFileError(
      file,
      `the token file is empty; write the token into it or set env ${API_TOKEN_ENV}`,
    );
  }
  if (/\s/.test(token)) {
    throw tokenFileError(file, 'the token file must hold exactly one token on one line, with no spaces');
  }
  return { token, source: 'file' };
}

function tokenFileError(file: string, message: string, cause?: unknown): ConfigError {
  return new ConfigError([{ path: 'server.token_file', message }], { source: file, cause });
}
