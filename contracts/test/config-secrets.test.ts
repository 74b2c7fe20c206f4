// CFG-005: the API token comes from env LLORCH_API_TOKEN or server.token_file,
// never from the config itself, and never shows up in an error message.
import { chmod, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  API_TOKEN_ENV,
  ConfigError,
  loadConfigFile,
  parseConfig,
  resolveApiToken,
} from '@llama-orch/contracts';

const TOKEN = 'llorch-test-token-3f9c2a7d';
const pools = [{ id: 'p', model: { ref: 'm' } }];

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('inline tokens', () => {
  it('rejects server.token and says where the token belongs instead [CFG-005]', () => {
    const message = messageOf(() => parseConfig({ server: { token: TOKEN }, pools }));
    expect(message).toContain('server.token: unknown key');
    expect(message).toContain(API_TOKEN_ENV);
    expect(message).toContain('server.token_file');
    expect(message).not.toContain(TOKEN);
  });

  it('rejects other secret-looking keys anywhere, without echoing them [CFG-005]', () => {
    const config = { api_key: TOKEN, pools: [{ ...pools[0], launch: { password: TOKEN } }] };
    const message = messageOf(() => parseConfig(config));
    expect(message).toMatch(/api_key: unknown key: inline secrets are not allowed/);
    expect(message).toMatch(/pools\[0\]\.launch\.password: unknown key: inline secrets/);
    expect(message).not.toContain(TOKEN);
  });

  it('never echoes a token pasted into a field of the wrong type [CFG-005]', () => {
    const message = messageOf(() => parseConfig({ server: { port: TOKEN, token_file: 42 }, pools }));
    expect(message).toContain('server.port: wrong type (expected integer, got string)');
    expect(message).not.toContain(TOKEN);
  });

  it('never echoes a llama.cpp --api-key given through extra_args [CFG-005] [CFG-008]', () => {
    const config = { pools: [{ ...pools[0], launch: { extra_args: [`--api-key=${TOKEN}`] } }] };
    const message = messageOf(() => parseConfig(config));
    expect(message).toContain('pools[0].launch.extra_args[0]: --api-key is set by llama-orch');
    expect(message).not.toContain(TOKEN);
  });
});

describe('token sources', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llorch-token-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const withTokenFile = (tokenFile: string | undefined) =>
    parseConfig({ server: tokenFile === undefined ? {} : { token_file: tokenFile }, pools });

  it('prefers the environment over the token file [CFG-005]', async () => {
    const file = join(dir, 'api-token');
    await writeFile(file, 'from-file\n', { mode: 0o600 });
    const resolved = await resolveApiToken(withTokenFile(file), { [API_TOKEN_ENV]: 'from-env' });
    expect(resolved).toEqual({ token: 'from-env', source: 'env' });
  });

  it('reads and trims the token file when the environment has none [CFG-005]', async () => {
    const file = join(dir, 'api-token');
    await writeFile(file, '  from-file \n', { mode: 0o600 });
    expect(await resolveApiToken(withTokenFile(file), {})).toEqual({ token: 'from-file', source: 'file' });
    expect(await resolveApiToken(withTokenFile(file), { [API_TOKEN_ENV]: '  ' })).toEqual({
      token: 'from-file',
      source: 'file',
    });
  });

  it('returns null when no source provides a token [CFG-005]', async () => {
    expect(await resolveApiToken(withTokenFile(undefined), {})).toBeNull();
    expect(await resolveApiToken(withTokenFile(join(dir, 'not-yet-created')), {})).toBeNull();
  });

  it('refuses an empty or malformed token file without quoting it [CFG-005]', async () => {
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n', { mode: 0o600 });
    await expect(resolveApiToken(withTokenFile(empty), {})).rejects.toThrow(/token file is empty/);
    const two = join(dir, 'two');
    await writeFile(two, `${TOKEN} second-${TOKEN}\n`, { mode: 0o600 });
    const error = await resolveApiToken(withTokenFile(two), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]?.path).toBe('server.token_file');
    expect((error as ConfigError).message).not.toContain(TOKEN);
  });

  it('refuses a token file that group or others can read, naming the fix and not the token [CFG-005]', async () => {
    const file = join(dir, 'api-token');
    await writeFile(file, `${TOKEN}\n`, { mode: 0o600 });
    expect(await resolveApiToken(withTokenFile(file), {})).toEqual({ token: TOKEN, source: 'file' });
    for (const mode of [0o644, 0o640, 0o604]) {
      await chmod(file, mode);
      const error = await resolveApiToken(withTokenFile(file), {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(`mode ${mode.toString(8)}`);
      expect((error as ConfigError).message).toContain(`chmod 600 ${file}`);
      expect((error as ConfigError).message).not.toContain(TOKEN);
    }
  });

  it('reports a token file that cannot be read [CFG-005]', async () => {
    const folder = join(dir, 'a-directory');
    await mkdir(folder);
    await expect(resolveApiToken(withTokenFile(folder), {})).rejects.toThrow(
      /cannot read the token file \(EISDIR\)/,
    );
  });

  it('resolves a relative token_file next to the config file [CFG-005] [CFG-013]', async () => {
    await mkdir(join(dir, 'secrets'));
    await writeFile(join(dir, 'secrets', 'token'), `${TOKEN}\n`);
    await chmod(join(dir, 'secrets', 'token'), 0o600);
    const configFile = join(dir, 'llorch.yaml');
    await writeFile(
      configFile,
      'server:\n  token_file: secrets/token\npools:\n  - id: p\n    model: { ref: m }\n',
    );
    const config = await loadConfigFile(configFile);
    expect(await resolveApiToken(config, {})).toEqual({ token: TOKEN, source: 'file' });
  });
});
