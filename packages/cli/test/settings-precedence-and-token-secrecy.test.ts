// Where the endpoint and token come from (flag > env > config file > default),
// and that the token never shows up in anything the CLI prints.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../src/index.js';
import { json, startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import { runAgainst } from './support/test-io.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'llorch-settings-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function configFile(name: string, text: string, mode = 0o600): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

const resolve = (flags: Record<string, string>, env: NodeJS.ProcessEnv, warnings: string[] = []) =>
  resolveSettings({
    flags,
    env: { HOME: '/nonexistent-home', ...env },
    cwd: dir,
    warn: (l) => warnings.push(l),
  });

describe('settings', () => {
  it('defaults to the loopback endpoint with no token [CLI-005]', async () => {
    const s = await resolve({}, {});
    expect(s.endpoint).toBe('http://127.0.0.1:8080');
    expect(s.tokenSource).toBe('none');
  });

  it('takes flags over env over the config file [CLI-005]', async () => {
    const file = await configFile(
      'full.yaml',
      'endpoint: http://from-file:1\ntoken: file-token\nmodel: tiny-random\n',
    );
    const env = { LLORCH_CONFIG: file, LLORCH_ADDR: 'http://from-env:2', LLORCH_API_TOKEN: 'env-token' };
    expect(await resolve({ endpoint: 'http://from-flag:3', token: 'flag-token' }, env)).toMatchObject({
      endpoint: 'http://from-flag:3',
      token: 'flag-token',
      tokenSource: 'flag',
    });
    expect(await resolve({}, env)).toMatchObject({
      endpoint: 'http://from-env:2',
      token: 'env-token',
      tokenSource: 'env',
    });
    expect(await resolve({}, { LLORCH_CONFIG: file })).toMatchObject({
      endpoint: 'http://from-file:1',
      token: 'file-token',
      tokenSource: 'config',
      model: 'tiny-random',
    });
  });

  it('accepts LLORCH_ENDPOINT and a bare host:port, as over an SSH tunnel [CLI-005, HOME-004]', async () => {
    expect((await resolve({}, { LLORCH_ENDPOINT: 'localhost:18080' })).endpoint).toBe(
      'http://localhost:18080',
    );
    expect((await resolve({}, { LLORCH_ADDR: 'http://192.168.1.20:8080/' })).endpoint).toBe(
      'http://192.168.1.20:8080',
    );
  });

  it('finds the config under XDG_CONFIG_HOME [CLI-005]', async () => {
    const xdg = path.join(dir, 'xdg');
    await mkdir(path.join(xdg, 'llorch'), { recursive: true });
    await writeFile(path.join(xdg, 'llorch', 'config.yaml'), 'endpoint: http://xdg-host:9\n');
    expect((await resolve({}, { XDG_CONFIG_HOME: xdg })).endpoint).toBe('http://xdg-host:9');
  });

  it('warns when a config file holding the token is readable by others [CLI-006]', async () => {
    const open = await configFile('open.yaml', 'token: very-secret\n', 0o644);
    const warnings: string[] = [];
    await resolve({}, { LLORCH_CONFIG: open }, warnings);
    expect(warnings).toEqual([
      `warning: ${open} holds the API token and is readable by group or others; run chmod 600 ${open}`,
    ]);
    const closed = await configFile('closed.yaml', 'token: very-secret\n', 0o600);
    const none: string[] = [];
    await resolve({}, { LLORCH_CONFIG: closed }, none);
    expect(none).toEqual([]);
  });

  it('rejects unknown keys without echoing values [CLI-005, CLI-006]', async () => {
    const file = await configFile('typo.yaml', 'endpiont: http://x\ntoken: 12345\n');
    const error = await resolve({}, { LLORCH_CONFIG: file }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('endpiont');
    expect((error as Error).message).not.toContain('12345');
  });
});

describe('token files', () => {
  it('reads ./.llorch/api-token for a local endpoint when nothing else names a token [CLI-005]', async () => {
    await mkdir(path.join(dir, '.llorch'), { recursive: true });
    await configFile('.llorch/api-token', 'local-daemon-token\n');
    expect(await resolve({}, {})).toMatchObject({ token: 'local-daemon-token', tokenSource: 'token-file' });
    // Never for a remote endpoint, and never over an explicit token.
    expect(await resolve({}, { LLORCH_ADDR: 'http://192.168.1.20:8080' })).toMatchObject({
      tokenSource: 'none',
    });
    expect(await resolve({}, { LLORCH_API_TOKEN: 'env-token' })).toMatchObject({ token: 'env-token' });
    await rm(path.join(dir, '.llorch'), { recursive: true });
  });

  it('reads token_file from the config file, relative to it, and warns when others can read it [CLI-005, CLI-006]', async () => {
    await configFile('copied-token', 'copied-token-value\n', 0o640);
    const file = await configFile(
      'with-token-file.yaml',
      'endpoint: http://192.168.1.20:8080\ntoken_file: copied-token\n',
    );
    const warnings: string[] = [];
    expect(await resolve({}, { LLORCH_CONFIG: file }, warnings)).toMatchObject({
      token: 'copied-token-value',
      tokenSource: 'token-file',
    });
    expect(warnings.join('\n')).toContain('is readable by group or others; run chmod 600');
    expect(warnings.join('\n')).not.toContain('copied-token-value');
  });
});

describe('token secrecy', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
    server.route('GET', '/v1/capabilities', (_r, res) =>
      json(res, 403, { code: 'INVALID_PARAMS', message: 'API token rejected' }),
    );
  });
  afterAll(async () => server.close());

  it('never prints the token, not even with --verbose or on errors [CLI-006]', async () => {
    const token = 'secret-token-123';
    const run = await runAgainst(server.url, ['--verbose', 'caps'], { env: { LLORCH_API_TOKEN: token } });
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('token from env');
    expect(`${run.stdout}${run.stderr}`).not.toContain(token);
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${token}`);
  });
});
