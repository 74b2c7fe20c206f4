// CFG-030, issue 17 rotation: each client's key as an operator hands it out, a
// random token alone in a file of its own (mode 0600) that the config names.
// Rotating a key is rewriting that file in place, as `echo NEW > file` does.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ClientKeys {
  /** The directory holding one `<name>.token` file per client. */
  readonly dir: string;
  /** The client's token as its file holds it now. */
  token(name: string): string;
  file(name: string): string;
  /** Writes a fresh token over the client's file and returns it. */
  rotate(name: string): Promise<string>;
  /** Every token any file ever held, for checks that none leaked. */
  everIssued(): string[];
  /** Empties the client's file (a botched rotation). */
  empty(name: string): Promise<void>;
  remove(): Promise<void>;
}

const freshToken = (name: string): string => `${name}-${randomBytes(24).toString('base64url')}`;

export async function writeClientKeys(names: readonly string[]): Promise<ClientKeys> {
  const dir = await mkdtemp(join(tmpdir(), 'llorch-client-keys-'));
  const tokens = new Map<string, string>();
  const issued: string[] = [];
  const file = (name: string): string => join(dir, `${name}.token`);
  const put = async (name: string, token: string): Promise<void> => {
    await writeFile(file(name), token === '' ? '' : `${token}\n`, { mode: 0o600 });
    await chmod(file(name), 0o600);
    tokens.set(name, token);
    if (token !== '') issued.push(token);
  };
  for (const name of names) await put(name, freshToken(name));
  return {
    dir,
    token(name) {
      const token = tokens.get(name);
      if (token === undefined) throw new Error(`no key written for client ${name}`);
      return token;
    },
    file,
    async rotate(name) {
      const token = freshToken(name);
      await put(name, token);
      return token;
    },
    everIssued: () => [...issued],
    empty: (name) => put(name, ''),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
