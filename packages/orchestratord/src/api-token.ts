// ORCHD token bootstrap (CFG-005, MET-030): the daemon never runs open. The
// token comes from env LLORCH_API_TOKEN or server.token_file; when neither
// exists yet and a token file is configured, a random token is generated and
// written there with mode 0600, and only the file's location is ever printed.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { resolveApiToken, type LlorchConfig } from '@llama-orch/contracts';

export interface DaemonToken {
  token: string;
  source: 'env' | 'file' | 'generated';
  /** Where the token lives when it came from (or was written to) a file. */
  file: string | undefined;
}

export async function ensureApiToken(config: LlorchConfig, env: NodeJS.ProcessEnv): Promise<DaemonToken> {
  const file = config.server.token_file;
  const found = await resolveApiToken(config, env);
  if (found !== null)
    return { token: found.token, source: found.source, file: found.source === 'file' ? file : undefined };
  if (file === undefined) {
    throw new Error(
      'no API token: set env LLORCH_API_TOKEN or server.token_file in the config (a token is generated there)',
    );
  }
  const token = randomBytes(32).toString('base64url');
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // `wx`: never overwrite a token file another process created meanwhile.
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { token, source: 'generated', file };
}
