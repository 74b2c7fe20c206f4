// Each agent client's token (CFG-030, CFG-031): from its token file, read like the owner's
// server.token_file, or from its environment variable. Every refusal names the client and
// where its token lives, never the token. Two holders of one token would make a request's
// client ambiguous, so a token shared by two clients, or by a client and the owner, is refused.
import { ConfigError, type ConfigIssue } from './config-error.js';
import type { ClientConfig } from './schema-clients.js';
import type { LlorchConfig } from './schema.js';
import { readTokenFile } from './token-file.js';

export type ClientTokenSource =
  { readonly type: 'file'; readonly file: string } | { readonly type: 'env'; readonly variable: string };

export interface ClientToken {
  readonly name: string;
  readonly token: string;
  readonly source: ClientTokenSource;
}

/** Where a client's token lives: its token_file, else its token_env. */
export function clientTokenSource(client: ClientConfig): ClientTokenSource {
  return client.token_file !== undefined
    ? { type: 'file', file: client.token_file }
    : { type: 'env', variable: client.token_env ?? '' };
}

/**
 * The client's token now, or a ConfigError saying why there is none (`index` is the
 * client's place in `clients`, for the error's path). The daemon calls it at start and
 * again whenever the token file changes.
 */
export async function readClientToken(
  client: ClientConfig,
  index: number,
  env: NodeJS.ProcessEnv,
): Promise<ClientToken> {
  const source = clientTokenSource(client);
  const refuse = (message: string, cause?: unknown): ConfigError =>
    new ConfigError(
      [
        {
          path: `clients[${index}].${source.type === 'file' ? 'token_file' : 'token_env'}`,
          message: `client "${client.name}": ${message}`,
        },
      ],
      { source: source.type === 'file' ? source.file : `env ${source.variable}`, cause },
    );
  if (source.type === 'env') {
    const token = env[source.variable]?.trim() ?? '';
    if (token === '') throw refuse(`environment variable ${source.variable} is unset or empty`);
    if (/\s/.test(token)) throw refuse(`${source.variable} must hold exactly one token, with no spaces`);
    return { name: client.name, token, source };
  }
  const read = await readTokenFile(source.file);
  switch (read.type) {
    case 'token':
      return { name: client.name, token: read.token, source };
    case 'missing':
      throw refuse(
        `the token file does not exist; create it with \`umask 077; openssl rand -hex 32 > ${source.file}\``,
      );
    case 'empty':
      throw refuse('the token file is empty; write the client’s token into it');
    case 'refused':
      throw refuse(read.message, read.cause);
  }
}

/** Names the holder that already has `token`, if any: the owner, or an earlier client. */
export function sharedTokenHolder(
  token: string,
  others: readonly { readonly name: string; readonly token: string }[],
  ownerToken: string | null,
): string | undefined {
  if (ownerToken !== null && token === ownerToken) return "the owner's token";
  const other = others.find((o) => o.token === token);
  return other === undefined ? undefined : `the same token as client "${other.name}"`;
}

/**
 * Every client's token, read at start; refuses the start (ConfigError) when any is missing
 * or unreadable, or when two holders share one token.
 */
export async function resolveClientTokens(
  config: Pick<LlorchConfig, 'clients'>,
  env: NodeJS.ProcessEnv,
  ownerToken: string | null,
): Promise<ClientToken[]> {
  const tokens: ClientToken[] = [];
  for (const [index, client] of config.clients.entries())
    tokens.push(await readClientToken(client, index, env));
  const issues: ConfigIssue[] = [];
  tokens.forEach((entry, index) => {
    const holder = sharedTokenHolder(entry.token, tokens.slice(0, index), ownerToken);
    if (holder !== undefined) {
      issues.push({
        path: `clients[${index}]`,
        message: `client "${entry.name}" holds ${holder}; give each client its own token`,
      });
    }
  });
  if (issues.length > 0) throw new ConfigError(issues, { source: 'client tokens' });
  return tokens;
}
