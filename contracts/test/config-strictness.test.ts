// CFG-002: every object is closed and an unknown key is named by its full path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, configJsonSchema, defaultConfigInput, parseConfig } from '@llama-orch/contracts';

function issuesOf(value: unknown): ConfigError['issues'] {
  try {
    parseConfig(value, 'test.yaml', { homeDir: '/home/op' });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const minimal = () => ({ pools: [{ id: 'p', model: { ref: 'm' } }] });

describe('unknown keys', () => {
  it('names an unknown top-level key [CFG-002]', () => {
    expect(issuesOf({ ...minimal(), polls: [] })).toEqual([
      expect.objectContaining({ path: 'polls', message: 'unknown key; did you mean pools?' }),
    ]);
  });

  it('names an unknown nested key and suggests the closest one [CFG-002]', () => {
    const config = { pools: [{ id: 'p', model: { ref: 'm' }, queue: { capcity: 3 } }] };
    const error = (() => {
      try {
        parseConfig(config, 'home.yaml');
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.retriable).toBe(false);
    expect(error.message).toContain('home.yaml: pools[0].queue.capcity: unknown key; did you mean capacity?');
  });

  it('names an unknown key inside a later array item by its index [CFG-002]', () => {
    const config = { pools: [...minimal().pools, { id: 'q', model: { ref: 'm', digets: 'x' } }] };
    expect(issuesOf(config)).toEqual([expect.objectContaining({ path: 'pools[1].model.digets' })]);
    expect(issuesOf(config)[0]?.message).toContain('did you mean digest?');
  });

  it('offers no suggestion when nothing is close [CFG-002]', () => {
    expect(issuesOf({ ...minimal(), server: { zebra: 1 } })).toEqual([
      expect.objectContaining({ path: 'server.zebra', message: 'unknown key' }),
    ]);
  });

  it('quotes keys that are not plain identifiers [CFG-002]', () => {
    expect(issuesOf({ ...minimal(), server: { 'a.b': 1 } })[0]?.path).toBe('server["a.b"]');
  });

  it('reports every unknown key, not just the first [CFG-002] [CFG-003]', () => {
    const config = { ...minimal(), extra: 1, server: { prot: 1 }, policy: { enabeld: true } };
    expect(issuesOf(config).map((i) => i.path)).toEqual(
      expect.arrayContaining(['extra', 'server.prot', 'policy.enabeld']),
    );
    expect(issuesOf(config)).toHaveLength(3);
  });

  it('names an unknown key under compat.responses by its path [CFG-002] [CFG-018]', () => {
    expect(issuesOf({ ...minimal(), compat: { responses: { max_store: 10 } } })).toEqual([
      expect.objectContaining({
        path: 'compat.responses.max_store',
        message: 'unknown key; did you mean max_stored?',
      }),
    ]);
    expect(issuesOf({ ...minimal(), compat: { chat: {} } })).toEqual([
      expect.objectContaining({ path: 'compat.chat' }),
    ]);
  });

  it('accepts free-form keys only in the declared engine env map [CFG-002]', () => {
    const config = {
      pools: [{ id: 'p', model: { ref: 'm' }, launch: { env: { CUDA_LAUNCH_BLOCKING: '1' } } }],
    };
    expect(parseConfig(config).pools[0]?.launch?.env).toEqual({ CUDA_LAUNCH_BLOCKING: '1' });
  });
});

describe('compat.responses', () => {
  it('keeps responses for one hour, at most 1000 of them, unless configured [CFG-018] [CFG-004]', () => {
    expect(parseConfig(minimal()).compat).toEqual({
      responses: { retention_ms: 3_600_000, max_stored: 1000 },
    });
    const configured = parseConfig({ ...minimal(), compat: { responses: { retention_ms: 60_000 } } });
    expect(configured.compat.responses).toEqual({ retention_ms: 60_000, max_stored: 1000 });
  });

  it('refuses bounds that are not positive integers, naming the key [CFG-018]', () => {
    const paths = issuesOf({ ...minimal(), compat: { responses: { retention_ms: 0, max_stored: 2.5 } } }).map(
      (i) => i.path,
    );
    expect(paths).toEqual(['compat.responses.retention_ms', 'compat.responses.max_stored']);
  });
});

/** Every object location of a full config, with the dotted path the error must name. */
const OBJECT_LOCATIONS: [path: (string | number)[], shown: string][] = [
  [[], ''],
  [['server'], 'server.'],
  [['pool_manager'], 'pool_manager.'],
  [['pools', 0], 'pools[0].'],
  [['pools', 0, 'model'], 'pools[0].model.'],
  [['pools', 0, 'model', 'generate'], 'pools[0].model.generate.'],
  [['pools', 1, 'launch'], 'pools[1].launch.'],
  [['pools', 1, 'queue'], 'pools[1].queue.'],
  [['pools', 1, 'timeouts'], 'pools[1].timeouts.'],
  [['pools', 1, 'price'], 'pools[1].price.'],
  [['sessions'], 'sessions.'],
  [['sessions', 'budgets'], 'sessions.budgets.'],
  [['catalog'], 'catalog.'],
  [['artifacts'], 'artifacts.'],
  [['observability'], 'observability.'],
  [['observability', 'metrics'], 'observability.metrics.'],
  [['policy'], 'policy.'],
  [['compat'], 'compat.'],
  [['compat', 'responses'], 'compat.responses.'],
];

function fullConfig(): Record<string, unknown> {
  const input = structuredClone(defaultConfigInput()) as Record<string, unknown> & { pools: object[] };
  const second = input.pools[1] as Record<string, unknown>;
  Object.assign(second, { queue: {}, timeouts: {}, price: {} });
  return {
    ...input,
    sessions: { budgets: { tokens: 100 } },
    catalog: {},
    artifacts: {},
    observability: { metrics: {} },
    policy: {},
    compat: { responses: {} },
  };
}

function allSchemaKeys(node: unknown, into = new Set<string>()): Set<string> {
  if (node === null || typeof node !== 'object') return into;
  const properties = (node as { properties?: Record<string, unknown> }).properties;
  for (const key of Object.keys(properties ?? {})) into.add(key);
  for (const child of Object.values(node)) allSchemaKeys(child, into);
  return into;
}

describe('unknown keys anywhere (property)', () => {
  const known = allSchemaKeys(configJsonSchema());

  it('the full fixture itself is valid, so any rejection comes from the added key [CFG-002]', () => {
    expect(() => parseConfig(fullConfig())).not.toThrow();
  });

  it('rejects any extra key at any object location, naming exactly that path [CFG-002]', () => {
    const location = fc.constantFrom(...OBJECT_LOCATIONS);
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/).filter((k) => !known.has(k));
    fc.assert(
      fc.property(location, key, fc.jsonValue(), ([path, shown], extra, value) => {
        const config = fullConfig();
        let target: Record<string | number, unknown> = config;
        for (const segment of path) target = target[segment] as Record<string | number, unknown>;
        target[extra] = value;
        const issues = issuesOf(config);
        expect(issues).toHaveLength(1);
        expect(issues[0]?.path).toBe(`${shown}${extra}`);
        expect(issues[0]?.message).toMatch(/^unknown key/);
      }),
      { numRuns: 200 },
    );
  });
});
