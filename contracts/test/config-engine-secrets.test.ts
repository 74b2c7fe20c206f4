// OC-007, CFG-017: engine secrets (HF tokens, engine API keys) never sit in the
// config text. launch.env refuses literal values for secret-looking names,
// extra_args refuses secret-bearing flags for every engine, and
// launch.secret_env names where each secret comes from instead.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '@llama-orch/contracts';

const SECRET = 'hf_secretvalue9d41c7';

const pool = (engine: string, launch: Record<string, unknown>) => ({
  id: 'p',
  engine,
  determinism: 'best_effort',
  model: { ref: 'm' },
  launch,
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('launch.env', () => {
  it('refuses a literal value for a secret-looking name, naming the path but not the value [OC-007] [CFG-017]', () => {
    const names = [
      'HF_TOKEN',
      'VLLM_API_KEY',
      'AWS_SECRET_ACCESS_KEY',
      'db_password',
      'PG_PASSWD',
      'GCP_CREDENTIALS',
    ];
    const env = Object.fromEntries(names.map((name) => [name, SECRET]));
    const error = configError(() => parseConfig({ pools: [pool('vllm', { env })] }));
    expect(error.issues.map((issue) => issue.path)).toEqual(
      names.map((name) => `pools[0].launch.env.${name}`),
    );
    for (const issue of error.issues) expect(issue.message).toContain('launch.secret_env');
    expect(error.message).not.toContain(SECRET);
  });

  it('accepts names that only look like secrets: the last part decides [CFG-017]', () => {
    const env = {
      KEYBOARD_LAYOUT: 'us',
      TOKENIZERS_PARALLELISM: 'false',
      FAKE_ENGINE_TOKEN_DELAY_MS: '30',
      HF_TOKEN_PATH: '/run/secrets/hf',
      MAX_TOKENS: '512',
      KEYS: 'a,b',
    };
    const [parsed] = parseConfig({ pools: [pool('vllm', { env })] }).pools;
    expect(parsed?.launch?.env).toEqual(env);
  });
});

describe('launch.extra_args', () => {
  it.each(['vllm', 'tgi', 'triton'])(
    'refuses secret-bearing flags for %s, naming only the flag [OC-007] [CFG-017]',
    (engine) => {
      const extra_args = [
        '--api-key',
        SECRET,
        `--hf-token=${SECRET}`,
        '--token',
        SECRET,
        `--huggingface-hub-token=${SECRET}`,
        `--http-restricted-api=model-repository:admin-key=${SECRET}`,
      ];
      const error = configError(() => parseConfig({ pools: [pool(engine, { extra_args })] }));
      expect(error.issues.map((issue) => [issue.path, issue.message.split(' ')[0]])).toEqual([
        ['pools[0].launch.extra_args[0]', '--api-key'],
        ['pools[0].launch.extra_args[2]', '--hf-token'],
        ['pools[0].launch.extra_args[3]', '--token'],
        ['pools[0].launch.extra_args[5]', '--huggingface-hub-token'],
        ['pools[0].launch.extra_args[6]', '--http-restricted-api'],
      ]);
      expect(error.issues[0]?.message).toContain('launch.secret_env');
      expect(error.message).not.toContain(SECRET);
    },
  );

  it('refuses --hf-token for llama.cpp too, and keeps the owned-flag message for --api-key [CFG-017] [CFG-008]', () => {
    const llamacpp = { ...pool('llamacpp', { extra_args: [`--api-key=${SECRET}`, '--hf-token', SECRET] }) };
    const error = configError(() => parseConfig({ pools: [llamacpp] }));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'pools[0].launch.extra_args[0]',
      'pools[0].launch.extra_args[1]',
    ]);
    expect(error.issues[0]?.message).toContain('--api-key is set by llama-orch');
    expect(error.issues[1]?.message).toContain('--hf-token takes a secret');
    expect(error.message).not.toContain(SECRET);
  });

  it('accepts flags whose names only contain a secret word [CFG-017]', () => {
    const extra_args = [
      '--max-num-batched-tokens',
      '8192',
      '--tokenizer-mode',
      'auto',
      '--ssl-keyfile',
      'k.pem',
    ];
    const [parsed] = parseConfig({ pools: [pool('vllm', { extra_args })] }).pools;
    expect(parsed?.launch?.extra_args).toEqual(extra_args);
  });
});

describe('launch.secret_env', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llorch-secret-env-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts a secret from an env var or from a file, resolving the file like token_file [OC-007] [CFG-017] [CFG-013]', async () => {
    const file = join(dir, 'llorch.yaml');
    await writeFile(
      file,
      [
        'pools:',
        '  - id: p',
        '    engine: vllm',
        '    determinism: best_effort',
        '    model: { ref: m }',
        '    launch:',
        '      env: { HF_HOME: /cache }',
        '      secret_env:',
        '        VLLM_API_KEY: { env: LLORCH_VLLM_KEY }',
        '        HF_TOKEN: { file: secrets/hf-token }',
        '        WANDB_API_KEY: { file: ~/wandb-key }',
        '',
      ].join('\n'),
    );
    const config = await loadConfigFile(file, { homeDir: '/home/op' });
    expect(config.pools[0]?.launch?.secret_env).toEqual({
      VLLM_API_KEY: { env: 'LLORCH_VLLM_KEY' },
      HF_TOKEN: { file: join(dir, 'secrets', 'hf-token') },
      WANDB_API_KEY: { file: '/home/op/wandb-key' },
    });
    // Validating the result again changes nothing (CFG-004).
    expect(parseConfig(config).pools[0]?.launch?.secret_env).toEqual(config.pools[0]?.launch?.secret_env);
  });

  it('refuses one name in both env and secret_env [CFG-017]', () => {
    const launch = { env: { HF_TOKEN: SECRET }, secret_env: { HF_TOKEN: { env: 'LLORCH_HF' } } };
    const error = configError(() => parseConfig({ pools: [pool('vllm', launch)] }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: 'pools[0].launch.env.HF_TOKEN' });
    expect(error.issues[0]?.message).toMatch(/also set in launch\.secret_env/);
    expect(error.message).not.toContain(SECRET);
  });

  it('wants exactly one source per name and never takes the value itself [CFG-017]', () => {
    const secret_env = {
      A_TOKEN: { env: 'X', file: '/run/x' },
      B_TOKEN: {},
      C_TOKEN: SECRET,
      D_TOKEN: { value: SECRET },
    };
    const error = configError(() => parseConfig({ pools: [pool('tgi', { secret_env })] }));
    const byPath = Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message]));
    expect(byPath['pools[0].launch.secret_env.A_TOKEN']).toMatch(/exactly one source/);
    expect(byPath['pools[0].launch.secret_env.B_TOKEN']).toMatch(/names no source/);
    expect(byPath['pools[0].launch.secret_env.C_TOKEN']).toBe('wrong type');
    expect(byPath['pools[0].launch.secret_env.D_TOKEN.value']).toMatch(/^unknown key/);
    expect(error.message).not.toContain(SECRET);
  });
});
