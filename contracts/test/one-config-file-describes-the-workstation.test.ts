// HOME-006: one config file plus environment variables for secrets describes the
// whole workstation (server, pool manager, pools, models, policies), and the
// repository ships such a file for the RTX 3090 + RTX 3060 reference and one
// for CPU-only development. The examples are read as shipped.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, configJsonSchema, loadConfigFile, resolveApiToken } from '@llama-orch/contracts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REFERENCE = join(repoRoot, 'examples/home-3090-3060.yaml');
const CPU_DEV = join(repoRoot, 'examples/cpu-dev.yaml');
/** A key naming a secret (`token_file`, `api_key`), not one that merely counts tokens (`tokens`). */
const SECRET_WORD = /(^|_)(token|secret|password|passwd|api_?key|credentials?)(_|$)/i;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-home006-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Dotted paths of every key in a parsed document whose name looks like a secret. */
function secretLookingKeys(node: unknown, path = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => secretLookingKeys(v, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = path === '' ? key : `${path}.${key}`;
    return [...(SECRET_WORD.test(key) ? [here] : []), ...secretLookingKeys(value, here)];
  });
}

const sectionsOfTheSchema = () => Object.keys(configJsonSchema().properties as Record<string, unknown>);

describe('the shipped workstation configs', () => {
  it('the 3090 + 3060 reference is one file naming every section: server, pool manager, pools with models on both GPUs, and policies [HOME-006]', async () => {
    const raw = parse(await readFile(REFERENCE, 'utf8')) as Record<string, unknown>;
    expect(sectionsOfTheSchema()).toEqual(
      expect.arrayContaining(['server', 'pool_manager', 'pools', 'catalog', 'policy']),
    );
    expect(Object.keys(raw).sort()).toEqual(sectionsOfTheSchema().sort());

    const config = await loadConfigFile(REFERENCE, { homeDir: '/home/op' });
    expect(config.server).toMatchObject({ bind: '127.0.0.1', port: 8080 });
    expect(config.pool_manager).toMatchObject({ bind: '127.0.0.1', port: 8090 });
    for (const pool of config.pools) expect(pool.model.ref).not.toBe('');
    // Both cards of the reference are described: CUDA device 0 (3090) and 1 (3060).
    const devices = new Set(config.pools.flatMap((p) => (p.devices === 'cpu' ? [] : p.devices)));
    expect([...devices].sort()).toEqual([0, 1]);
    expect(config.pools.some((p) => p.devices === 'cpu')).toBe(false);
    // Policies: queue policy per pool, session budgets, catalog trust and the outbound fetch policy.
    expect(new Set(config.pools.map((p) => p.queue.full_policy))).toEqual(new Set(['reject', 'drop-lru']));
    expect(config.sessions.enforce).toBe(true);
    expect(config.catalog.trust_policy).toBe('strict');
    expect(config.policy).toMatchObject({ enabled: true, deny_domains: ['*.internal'] });
    expect(config.policy.allow_domains.length).toBeGreaterThan(0);
  });

  it('the CPU-only example is one file describing server, pool manager and pools, all on the labelled CPU fallback with generated models [HOME-006]', async () => {
    const raw = parse(await readFile(CPU_DEV, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(expect.arrayContaining(['server', 'pool_manager', 'pools']));
    for (const key of Object.keys(raw)) expect(sectionsOfTheSchema()).toContain(key);

    const config = await loadConfigFile(CPU_DEV);
    expect(config.pools.length).toBeGreaterThan(0);
    for (const pool of config.pools) {
      expect(pool).toMatchObject({ devices: 'cpu', allow_cpu_fallback: true });
      // Nothing to fetch: every model is written locally at startup.
      expect(pool.model.generate).toBeDefined();
    }
  });

  it.each([
    ['the 3090 + 3060 reference', REFERENCE],
    ['the CPU-only example', CPU_DEV],
  ])(
    '%s holds no secret: the API token comes from the environment, or from the named token file [HOME-006]',
    async (_name, file) => {
      const text = await readFile(file, 'utf8');
      // The only secret-looking keys say where a token is (a file path or a variable name), never a value.
      const keys = secretLookingKeys(parse(text));
      expect(keys).toContain('server.token_file');
      for (const key of keys) expect(key).toMatch(/(^server|^clients\[\d+\])\.token_(file|env)$/);
      const config = await loadConfigFile(file, { homeDir: '/home/op' });
      const fromEnv = 'env-token-0d9c8b7a6f5e';
      expect(await resolveApiToken(config, { LLORCH_API_TOKEN: fromEnv })).toEqual({
        token: fromEnv,
        source: 'env',
      });
      // Pasting the token into the file instead is refused, without echoing it.
      const pasted = join(dir, `pasted-${basename(file)}`);
      await writeFile(pasted, text.replace(/^server:\n/m, `server:\n  token: ${fromEnv}\n`));
      const error = await loadConfigFile(pasted).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.path)).toContain('server.token');
      expect(String((error as Error).message)).not.toContain(fromEnv);
    },
  );
});
