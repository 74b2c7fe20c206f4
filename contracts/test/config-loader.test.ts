// CFG-013, CFG-015: the file loader (YAML only, positions, path resolution) and the examples.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '@llama-orch/contracts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

async function loadError(file: string): Promise<ConfigError> {
  const error = await loadConfigFile(file, { homeDir: '/home/op' }).catch((e: unknown) => e);
  if (error instanceof ConfigError) return error;
  throw new Error(`expected a ConfigError, got ${String(error)}`);
}

const POOL = 'pools:\n  - id: p\n    model:\n      ref: m\n';

describe('YAML files', () => {
  it('points a schema problem at its line and column [CFG-003] [CFG-013]', async () => {
    const file = await write('llorch.yaml', `${POOL}    queue:\n      capcity: 3\n    replicas: two\n`);
    const error = await loadError(file);
    expect(error.issues).toEqual([
      expect.objectContaining({ path: 'pools[0].queue.capcity', line: 6, column: 7 }),
      expect.objectContaining({ path: 'pools[0].replicas', line: 7, column: 5, expected: 'integer' }),
    ]);
    expect(error.message).toContain(
      `${file}:6:7: pools[0].queue.capcity: unknown key; did you mean capacity?`,
    );
    expect(error.message).toContain(
      `${file}:7:5: pools[0].replicas: wrong type (expected integer, got string)`,
    );
  });

  it('reports YAML syntax errors with line and column, without quoting the line [CFG-013] [CFG-005]', async () => {
    const file = await write(
      'broken.yaml',
      `server:\n  port: 8080\n  token_file: "/x: s3cr3t-value\n${POOL}`,
    );
    const error = await loadError(file);
    expect(error.issues[0]).toMatchObject({ path: '', message: expect.stringMatching(/^YAML syntax error/) });
    expect(error.issues[0]?.line).toBeGreaterThanOrEqual(3);
    expect(error.message).not.toContain('s3cr3t');
  });

  it('rejects duplicate keys [CFG-013]', async () => {
    const file = await write('dup.yaml', `server:\n  port: 1\n  port: 2\n${POOL}`);
    expect((await loadError(file)).issues[0]).toMatchObject({
      line: 3,
      message: expect.stringMatching(/unique/),
    });
  });

  it('refuses TOML and other extensions with a clear message [CFG-013]', async () => {
    const toml = await write('llorch.toml', '[server]\nport = 8080\n');
    expect((await loadError(toml)).message).toMatch(/TOML configs are not supported.*\.yaml/);
    const ini = await write('llorch.ini', 'x');
    expect((await loadError(ini)).message).toMatch(/unsupported extension "\.ini"/);
  });

  it('says so when the file is missing or empty [CFG-013]', async () => {
    expect((await loadError(join(dir, 'nope.yaml'))).message).toContain('config file not found');
    expect((await loadError(await write('empty.yaml', '# nothing yet\n'))).message).toContain(
      'the config is empty',
    );
  });

  it('resolves relative paths against the file and ~ against the home dir [CFG-013]', async () => {
    const file = await write(
      'llorch.yaml',
      [
        'server:',
        '  state_dir: state',
        '  token_file: ~/.config/llorch/token',
        'pools:',
        '  - id: p',
        '    model: { ref: m, path: models/m.gguf }',
        '    launch: { binary: ./bin/llama-server }',
        '  - id: q',
        '    model: { ref: m }',
        '    launch: { binary: llama-server }',
        '',
      ].join('\n'),
    );
    const config = await loadConfigFile(file, { homeDir: '/home/op' });
    expect(config.server.state_dir).toBe(join(dir, 'state'));
    expect(config.server.token_file).toBe('/home/op/.config/llorch/token');
    expect(config.catalog.dir).toBe(join(dir, 'state', 'catalog'));
    expect(config.pools[0]?.model.path).toBe(join(dir, 'models', 'm.gguf'));
    expect(config.pools[0]?.launch?.binary).toBe(join(dir, 'bin', 'llama-server'));
    expect(config.pools[1]?.launch?.binary).toBe('llama-server');
  });

  it('accepts JSON, the YAML subset [CFG-013]', async () => {
    const file = await write('llorch.json', JSON.stringify({ pools: [{ id: 'p', model: { ref: 'm' } }] }));
    expect((await loadConfigFile(file)).pools[0]?.id).toBe('p');
  });
});

describe('examples', () => {
  it('loads the reference RTX 3090 + RTX 3060 workstation config [CFG-015]', async () => {
    const config = await loadConfigFile(join(repoRoot, 'examples/home-3090-3060.yaml'), {
      homeDir: '/home/op',
    });
    expect(config.server.bind).toBe('127.0.0.1');
    expect(config.server.token_file).toBe('/home/op/.config/llama-orch/api-token');
    const byId = new Map(config.pools.map((p) => [p.id, p]));
    expect(byId.get('coder-14b')?.devices).toEqual([0]);
    expect(byId.get('llama-3b')).toMatchObject({ devices: [0, 1], replicas: 2 });
    expect(byId.get('coder-7b-vllm')).toMatchObject({ engine: 'vllm', endpoints: ['http://127.0.0.1:8000'] });
    expect(byId.get('coder-7b-vllm')?.launch).toBeUndefined();
    // On-demand models (CFG-022): one pinned on the 3060, one unloaded when idle.
    expect(config.pools.filter((p) => p.residency !== undefined).map((p) => p.id)).toEqual([
      'coder-7b-long',
      'autocomplete-1.5b',
      'nomic-embed',
    ]);
    expect(byId.get('coder-7b-long')).toMatchObject({
      devices: [0],
      preload: false,
      model: {
        ref: 'coder-7b-long',
        path: '/home/op/models/qwen2.5-coder-7b-instruct-q5_k_m.gguf',
      },
    });
    expect(byId.get('autocomplete-1.5b')).toMatchObject({
      devices: [1],
      preload: true,
      residency: { pinned: true },
    });
    expect(byId.get('nomic-embed')?.residency).toEqual({ pinned: false, idle_unload_ms: 600_000 });
  });

  it('loads the CPU development fallback config, labelled as such [CFG-015] [CFG-006]', async () => {
    const config = await loadConfigFile(join(repoRoot, 'examples/cpu-dev.yaml'));
    expect(config.server.state_dir).toBe(join(repoRoot, '.llorch'));
    for (const pool of config.pools) expect(pool).toMatchObject({ devices: 'cpu', allow_cpu_fallback: true });
  });
});
