// CFG-005, POOL-025: the shared token for a workstation that has none yet.
// The env var or an existing token file wins; otherwise a fresh random token is
// written to server.token_file (mode 0600) so the operator can read it once and
// hand it to the CLI. The token itself is never logged. It sits beside the
// resolver so every process (the launcher, pool-managerd alone) bootstraps the
// token the same way without depending on another daemon.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveApiToken } from './api-token.js';
import type { LlorchConfig } from './schema.js';

export interface EnsuredToken {
  token: string;
  source: 'env' | 'file' | 'generated';
  /** The token file, when the token lives in one. */
  file: string | null;
}

export async function ensureApiToken(
  config: Pick<LlorchConfig, 'server'>,
  env: NodeJS.ProcessEnv,
): Promise<EnsuredToken> {
  const found = await resolveApiToken(config, env);
  const file = config.server.token_file ?? null;
  if (found !== null)
    return { token: found.token, source: found.source, file: found.source === 'file' ? file : null };
  if (file === null) {
    throw new Error(
      'no API token: set LLORCH_API_TOKEN or server.token_file in the config (a fresh token is written there on first start)',
    );
  }
  const token = randomBytes(32).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' }).catch(
    async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    },
  );
  const again = await resolveApiToken(config, env);
  return { token: again?.token ?? token, source: 'generated', file };
}
