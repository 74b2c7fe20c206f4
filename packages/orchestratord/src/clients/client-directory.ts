// ORCHD-083, ORCHD-086, CFG-031: the keys the daemon knows. Built at start from the
// owner's token and every configured client's (a bad or shared token stops the start);
// afterwards each client's token file is watched and re-read, and reload() re-reads them
// all (SIGHUP). A file that turns unreadable, empty or into another holder's token locks
// its client out until it holds a good token again: never a fallback to an older token.
import {
  OWNER_CLIENT,
  readClientToken,
  resolveClientTokens,
  type ClientConfig,
  type LlorchConfig,
} from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { OWNER_IDENTITY, type ClientIdentity } from './client-identity.js';
import { watchFiles, type FileWatchOptions } from './file-watch.js';
import { createKeyRing } from './key-ring.js';

export interface ClientDirectoryOptions {
  config: Pick<LlorchConfig, 'clients'>;
  /** The deployment token: its holder is the owner. */
  ownerToken: string;
  /** Where token_env variables are read (at start only). */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  watch?: FileWatchOptions;
}

export interface ClientDirectory {
  /** The owner or client holding `presented`; undefined for a token nobody holds. */
  identify(presented: string): ClientIdentity | undefined;
  /** Re-reads every client's token file now (SIGHUP); resolves once each is read. */
  reload(trigger: string): Promise<void>;
  /** Stops watching the token files. */
  close(): void;
}

interface FileClient {
  readonly client: ClientConfig;
  readonly index: number;
  readonly file: string;
  /** Reads of this client's file run one after another. */
  chain: Promise<void>;
  /** Why the client is locked out, if it is. */
  problem: string | undefined;
}

function holderName(holder: string): string {
  return holder === OWNER_CLIENT ? "the owner's token" : `client "${holder}"'s token`;
}

export async function openClientDirectory(options: ClientDirectoryOptions): Promise<ClientDirectory> {
  const { config, logger } = options;
  const tokens = await resolveClientTokens(config, options.env, options.ownerToken);
  const ring = createKeyRing();
  ring.set(OWNER_CLIENT, options.ownerToken);
  for (const { name, token } of tokens) ring.set(name, token);
  const identities = new Map<string, ClientIdentity>([[OWNER_CLIENT, OWNER_IDENTITY]]);
  for (const client of config.clients) {
    identities.set(client.name, Object.freeze({ name: client.name, owner: false, config: client }));
  }

  const fileClients: FileClient[] = config.clients.flatMap((client, index) =>
    client.token_file === undefined
      ? []
      : [{ client, index, file: client.token_file, chain: Promise.resolve(), problem: undefined }],
  );

  async function reread(entry: FileClient, trigger: string): Promise<void> {
    const { name } = entry.client;
    let token: string | undefined;
    let problem: string | undefined;
    try {
      token = (await readClientToken(entry.client, entry.index, options.env)).token;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (token !== undefined) {
      const holder = ring.holderOf(token);
      if (holder === name) return; // unchanged
      if (holder !== undefined) {
        problem = `client "${name}": ${entry.file} now holds ${holderName(holder)}; give each client its own token`;
      }
    }
    if (problem !== undefined) {
      ring.set(name, null);
      if (entry.problem !== problem) {
        logger.warn(
          { client: name, token_file: entry.file, trigger, reason: problem },
          'client locked out: its token file holds no usable token',
        );
      }
      entry.problem = problem;
      return;
    }
    ring.set(name, token ?? null);
    entry.problem = undefined;
    logger.info({ client: name, token_file: entry.file, trigger }, 'client token replaced');
  }

  const queue = (entry: FileClient, trigger: string): Promise<void> =>
    (entry.chain = entry.chain.then(() => reread(entry, trigger)));

  const watch = watchFiles(
    fileClients.map((e) => e.file),
    (file) => {
      for (const entry of fileClients) if (entry.file === file) void queue(entry, 'file changed');
    },
    options.watch,
  );

  return {
    identify(presented) {
      const holder = ring.holderOf(presented);
      return holder === undefined ? undefined : identities.get(holder);
    },
    async reload(trigger) {
      await Promise.all(fileClients.map((entry) => queue(entry, trigger)));
      logger.info({ trigger, clients: fileClients.length }, 'client token files re-read');
    },
    close: () => watch.close(),
  };
}
