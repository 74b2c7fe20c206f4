// CFG-031: each client's token comes from its token file (mode 0600, one token) or its
// environment variable; a missing, empty or exposed file, an unset variable, or a token two
// holders share stops the start with an error naming the client and where its token lives,
// never the token itself.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, resolveClientTokens, type LlorchConfig } from '@llama-orch/contracts';

const pools = [{ id: 'p', model: { ref: 'm' } }];
const AIDER = 'aider-token-0d1e2f3a4b5c';
const BATCH = 'batch-token-6a7b8c9d0e1f';
const OWNER = 'owner-token-2b3c4d5e6f70';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-client-tokens-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const configWith = (clients: unknown[]): LlorchConfig => parseConfig({ pools, clients });

async function tokenFile(name: string, text: string, mode = 0o600): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text, { mode });
  await chmod(file, mode);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('client tokens [CFG-031]', () => {
  it('reads each client’s token file and variable, trimmed', async () => {
    const file = await tokenFile('aider.token', `  ${AIDER}\n`);
    const config = configWith([
      { name: 'aider', token_file: file },
      { name: 'batch', token_env: 'LLORCH_TOKEN_BATCH' },
    ]);
    const tokens = await resolveClientTokens(config, { LLORCH_TOKEN_BATCH: ` ${BATCH} ` }, OWNER);
    expect(tokens).toEqual([
      { name: 'aider', token: AIDER, source: { type: 'file', file } },
      { name: 'batch', token: BATCH, source: { type: 'env', variable: 'LLORCH_TOKEN_BATCH' } },
    ]);
  });

  it('needs no token when no client is configured', async () => {
    expect(await resolveClientTokens(configWith([]), {}, OWNER)).toEqual([]);
  });

  it('refuses a missing token file, naming the client, the path and how to make one', async () => {
    const file = join(dir, 'absent.token');
    const error = await failure(
      resolveClientTokens(configWith([{ name: 'aider', token_file: file }]), {}, OWNER),
    );
    expect(error.issues[0]?.path).toBe('clients[0].token_file');
    expect(error.message).toContain('client "aider"');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/does not exist.*umask 077/);
  });

  it('refuses an empty token file and an unset variable', async () => {
    const empty = await tokenFile('empty.token', '\n');
    const fromFile = await failure(
      resolveClientTokens(configWith([{ name: 'aider', token_file: empty }]), {}, OWNER),
    );
    expect(fromFile.message).toMatch(/client "aider".*token file is empty/);
    expect(fromFile.message).toContain(empty);
    const fromEnv = await failure(
      resolveClientTokens(configWith([{ name: 'batch', token_env: 'LLORCH_TOKEN_BATCH' }]), {}, OWNER),
    );
    expect(fromEnv.issues[0]?.path).toBe('clients[0].token_env');
    expect(fromEnv.message).toMatch(/client "batch".*LLORCH_TOKEN_BATCH is unset or empty/);
  });

  it('refuses a token file others can read, without quoting the token', async () => {
    const file = await tokenFile('aider.token', `${AIDER}\n`, 0o644);
    const error = await failure(
      resolveClientTokens(configWith([{ name: 'aider', token_file: file }]), {}, OWNER),
    );
    expect(error.message).toContain('client "aider"');
    expect(error.message).toContain(`chmod 600 ${file}`);
    expect(error.message).not.toContain(AIDER);
  });

  it('refuses a file holding more than one token, without quoting either', async () => {
    const file = await tokenFile('aider.token', `${AIDER} ${BATCH}\n`);
    const error = await failure(
      resolveClientTokens(configWith([{ name: 'aider', token_file: file }]), {}, OWNER),
    );
    expect(error.message).toContain('exactly one token');
    expect(error.message).not.toContain(AIDER);
    expect(error.message).not.toContain(BATCH);
  });

  it('refuses two clients with one token, and a client holding the owner’s token', async () => {
    const a = await tokenFile('a.token', `${AIDER}\n`);
    const b = await tokenFile('b.token', `${AIDER}\n`);
    const shared = await failure(
      resolveClientTokens(
        configWith([
          { name: 'aider', token_file: a },
          { name: 'batch', token_file: b },
        ]),
        {},
        OWNER,
      ),
    );
    expect(shared.issues[0]?.path).toBe('clients[1]');
    expect(shared.message).toMatch(/client "batch" holds the same token as client "aider"/);
    expect(shared.message).not.toContain(AIDER);

    const owner = await failure(
      resolveClientTokens(configWith([{ name: 'batch', token_env: 'T' }]), { T: OWNER }, OWNER),
    );
    expect(owner.message).toMatch(/client "batch" holds the owner's token/);
    expect(owner.message).not.toContain(OWNER);
  });
});
