// CFG-003: wrong types name the path, the expected type and the received type,
// every problem is reported at once, and string values are never echoed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@llama-orch/contracts';

function rejection(value: unknown): ConfigError {
  try {
    parseConfig(value, 'cfg.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const pool = (extra: Record<string, unknown> = {}) => ({ id: 'p', model: { ref: 'm' }, ...extra });

describe('type errors', () => {
  it('names path, expected and received type for a wrong scalar [CFG-003]', () => {
    const error = rejection({ pools: [pool({ replicas: 'two' })] });
    expect(error.issues).toEqual([
      { path: 'pools[0].replicas', message: 'wrong type', expected: 'integer', received: 'string' },
    ]);
    expect(error.message).toContain('cfg.yaml: pools[0].replicas: wrong type (expected integer, got string)');
  });

  it('tells a fraction from an integer [CFG-003]', () => {
    expect(rejection({ pools: [pool({ ctx: 1.5 })] }).issues[0]).toMatchObject({
      path: 'pools[0].ctx',
      expected: 'integer',
      received: 'number 1.5',
    });
  });

  it('reports a missing required key as missing [CFG-003]', () => {
    expect(rejection({ pools: [{ id: 'p' }] }).issues).toEqual([
      { path: 'pools[0].model', message: 'required key is missing', expected: 'object' },
    ]);
  });

  it('lists the allowed values of an enum and suggests the nearest [CFG-003]', () => {
    const [issue] = rejection({ pools: [pool({ engine: 'lamacpp' })] }).issues;
    expect(issue).toMatchObject({
      path: 'pools[0].engine',
      expected: '"llamacpp" | "vllm" | "tgi" | "triton"',
      received: 'string',
    });
    expect(issue?.message).toContain('did you mean "llamacpp"?');
  });

  it('describes both shapes a device mask may take [CFG-003] [CFG-006]', () => {
    expect(rejection({ pools: [pool({ devices: 'gpu0' })] }).issues[0]).toMatchObject({
      path: 'pools[0].devices',
      expected: 'array or "cpu"',
      received: 'string',
    });
  });

  it('points into an array of devices at the bad element [CFG-003] [CFG-006]', () => {
    expect(rejection({ pools: [pool({ devices: [0, 'one'] })] }).issues[0]).toMatchObject({
      path: 'pools[0].devices[1]',
      expected: 'integer',
      received: 'string',
    });
  });

  it('states the bound that was broken [CFG-003] [CFG-009]', () => {
    expect(rejection({ pools: [pool()], sessions: { ttl_ms: 700_000 } }).issues[0]).toMatchObject({
      path: 'sessions.ttl_ms',
      message: 'too big',
      expected: 'number <= 600000',
      received: 'number 700000',
    });
  });

  it('explains a malformed string without repeating it [CFG-003] [CFG-005]', () => {
    const error = rejection({ pools: [pool({ model: { ref: 'm', digest: 'not-a-digest' } })] });
    expect(error.issues[0]).toMatchObject({
      path: 'pools[0].model.digest',
      expected: 'a sha256 digest: 64 lower-case hex characters',
    });
    expect(error.message).not.toContain('not-a-digest');
  });

  it('rejects a config that is not an object, or is empty [CFG-003]', () => {
    expect(rejection([]).issues[0]).toMatchObject({
      path: '',
      expected: 'object',
      received: 'array (0 items)',
    });
    expect(rejection(null).message).toContain('the config is empty');
  });

  it('reports all problems of a file in one error [CFG-003]', () => {
    const error = rejection({
      server: { port: 'http' },
      pools: [pool({ replicas: 0 }), { id: 'Bad Id', model: { ref: 'm' } }],
      observability: { log_level: 'loud' },
    });
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['server.port', 'pools[0].replicas', 'pools[1].id', 'observability.log_level']),
    );
    expect(error.message.split('\n')).toHaveLength(1 + error.issues.length);
  });
});

describe('no value echo (property)', () => {
  const numericPaths: [(string | number)[], string][] = [
    [['server', 'port'], 'server.port'],
    [['pool_manager', 'port'], 'pool_manager.port'],
    [['pools', 0, 'ctx'], 'pools[0].ctx'],
    [['pools', 0, 'replicas'], 'pools[0].replicas'],
    [['sessions', 'ttl_ms'], 'sessions.ttl_ms'],
    [['artifacts', 'max_bytes'], 'artifacts.max_bytes'],
    [['policy', 'rate_per_minute'], 'policy.rate_per_minute'],
  ];

  it('never prints a string put where a number belongs, but names its path and types [CFG-003] [CFG-005]', () => {
    fc.assert(
      fc.property(fc.constantFrom(...numericPaths), fc.string({ minLength: 6 }), ([path, shown], secret) => {
        const value = `SECRET-${secret}`;
        const config: Record<string | number, unknown> = { pools: [pool()] };
        let target = config;
        for (const segment of path.slice(0, -1)) {
          target[segment] ??= {};
          target = target[segment] as Record<string | number, unknown>;
        }
        target[path.at(-1) as string] = value;
        const error = rejection(config);
        expect(error.message).not.toContain(value);
        expect(error.issues).toEqual([
          expect.objectContaining({ path: shown, expected: 'integer', received: 'string' }),
        ]);
      }),
      { numRuns: 100 },
    );
  });
});
