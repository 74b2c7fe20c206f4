// CFG-006..CFG-009: rules that involve more than one field.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@llama-orch/contracts';

const pool = (extra: Record<string, unknown> = {}) => ({ id: 'p', model: { ref: 'm' }, ...extra });

function issuesOf(value: unknown): ConfigError['issues'] {
  try {
    parseConfig(value);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

/** The single issue a config produces; fails loudly when there are more or none. */
function onlyIssue(value: unknown) {
  const issues = issuesOf(value);
  expect(issues).toHaveLength(1);
  return issues[0];
}

describe('devices', () => {
  it('accepts "cpu" only with allow_cpu_fallback [CFG-006]', () => {
    expect(onlyIssue({ pools: [pool({ devices: 'cpu' })] })).toMatchObject({
      path: 'pools[0].devices',
      message: expect.stringContaining('set allow_cpu_fallback: true'),
    });
    expect(
      parseConfig({ pools: [pool({ devices: 'cpu', allow_cpu_fallback: true })] }).pools[0]?.devices,
    ).toBe('cpu');
  });

  it('rejects a GPU listed twice [CFG-006]', () => {
    expect(onlyIssue({ pools: [pool({ devices: [0, 1, 0] })] })).toMatchObject({
      path: 'pools[0].devices[2]',
    });
  });

  it('needs one tensor_split share per device [CFG-006]', () => {
    expect(onlyIssue({ pools: [pool({ devices: [0, 1], tensor_split: [3] })] })).toMatchObject({
      path: 'pools[0].tensor_split',
      message: expect.stringContaining('has 1 entries but devices has 2'),
    });
    expect(
      parseConfig({ pools: [pool({ devices: [0, 1], tensor_split: [2, 1] })] }).pools[0]?.tensor_split,
    ).toEqual([2, 1]);
  });

  it('refuses tensor_split and GPU layers on a CPU pool [CFG-006]', () => {
    const cpu = { devices: 'cpu', allow_cpu_fallback: true };
    expect(onlyIssue({ pools: [pool({ ...cpu, tensor_split: [1] })] })?.path).toBe('pools[0].tensor_split');
    expect(onlyIssue({ pools: [pool({ ...cpu, launch: { gpu_layers: 20 } })] })?.path).toBe(
      'pools[0].launch.gpu_layers',
    );
  });
});

describe('metrics endpoints of external engines', () => {
  const external = {
    engine: 'triton',
    endpoints: ['http://gpu-box:8000', 'http://gpu-box:9000'],
    replicas: 2,
  };

  it('takes one metrics endpoint per external endpoint, in order [CFG-021]', () => {
    const metrics = ['http://gpu-box:8002', 'http://gpu-box:9002'];
    expect(
      parseConfig({ pools: [pool({ ...external, metrics_endpoints: metrics })] }).pools[0],
    ).toMatchObject({
      metrics_endpoints: metrics,
    });
    expect(
      onlyIssue({ pools: [pool({ ...external, metrics_endpoints: ['http://gpu-box:8002'] })] }),
    ).toMatchObject({
      path: 'pools[0].metrics_endpoints',
      message: expect.stringContaining('has 1 entries but endpoints has 2'),
    });
  });

  it('refuses metrics endpoints on a launched pool [CFG-021]', () => {
    expect(onlyIssue({ pools: [pool({ metrics_endpoints: ['http://gpu-box:8002'] })] })).toMatchObject({
      path: 'pools[0].metrics_endpoints',
      message: expect.stringContaining('metrics_endpoints go with endpoints'),
    });
  });
});

describe('engine source', () => {
  it('takes launch or endpoints, never both [CFG-007]', () => {
    const both = pool({ launch: {}, endpoints: ['http://127.0.0.1:8000'] });
    expect(onlyIssue({ pools: [both] })).toMatchObject({ path: 'pools[0].endpoints' });
  });

  it('launches with default options when neither is given [CFG-007]', () => {
    const [parsed] = parseConfig({ pools: [pool()] }).pools;
    expect(parsed?.launch).toEqual({ extra_args: [], parallel: 1, env: {}, secret_env: {} });
    expect(parsed?.endpoints).toBeUndefined();
  });

  it('keeps an external pool unspawned and within its endpoint count [CFG-007]', () => {
    const external = pool({
      engine: 'vllm',
      endpoints: ['http://127.0.0.1:8000'],
      determinism: 'best_effort',
    });
    const [parsed] = parseConfig({ pools: [external] }).pools;
    expect(parsed?.launch).toBeUndefined();
    expect(parsed?.endpoints).toEqual(['http://127.0.0.1:8000']);
    expect(onlyIssue({ pools: [{ ...external, replicas: 2 }] })).toMatchObject({ path: 'pools[0].replicas' });
  });

  it('accepts only http(s) endpoints, each once [CFG-007]', () => {
    expect(onlyIssue({ pools: [pool({ endpoints: ['ftp://host/'] })] })).toMatchObject({
      path: 'pools[0].endpoints[0]',
      expected: 'an http:// or https:// URL',
    });
    const twice = ['http://a:1', 'http://a:1'];
    expect(onlyIssue({ pools: [pool({ endpoints: twice, replicas: 1 })] })?.path).toBe(
      'pools[0].endpoints[1]',
    );
  });

  it('generates models only for a launched llama.cpp pool without a model path [CFG-007]', () => {
    const generate = { kind: 'bigram', seed: 1 };
    const vllm = pool({ engine: 'vllm', determinism: 'best_effort', model: { ref: 'm', generate } });
    expect(onlyIssue({ pools: [vllm] })?.path).toBe('pools[0].model.generate');
    const withPath = pool({ model: { ref: 'm', generate, path: '/m.gguf' } });
    expect(onlyIssue({ pools: [withPath] })?.path).toBe('pools[0].model.path');
  });
});

describe('determinism', () => {
  it('keeps strict llama.cpp pools on one slot [CFG-008]', () => {
    expect(onlyIssue({ pools: [pool({ launch: { parallel: 4 } })] })).toMatchObject({
      path: 'pools[0].launch.parallel',
      message: expect.stringContaining('determinism: best_effort'),
    });
    const relaxed = pool({ determinism: 'best_effort', launch: { parallel: 4 } });
    expect(parseConfig({ pools: [relaxed] }).pools[0]?.launch?.parallel).toBe(4);
  });

  it('refuses extra_args that override flags llama-orch owns [CFG-008]', () => {
    const args = ['--no-mmap', '--port', '8081', '-np=2', '--mlock'];
    expect(issuesOf({ pools: [pool({ launch: { extra_args: args } })] }).map((i) => i.path)).toEqual([
      'pools[0].launch.extra_args[1]',
      'pools[0].launch.extra_args[3]',
    ]);
  });
});

describe('across sections', () => {
  it('requires unique pool ids [CFG-009]', () => {
    expect(onlyIssue({ pools: [pool(), pool({ id: 'q' }), pool()] })).toMatchObject({
      path: 'pools[2].id',
      message: 'pool id "p" is already used by pools[0]',
    });
  });

  it('keeps the two daemons on different ports of one address [CFG-009]', () => {
    expect(onlyIssue({ server: { port: 9000 }, pool_manager: { port: 9000 }, pools: [pool()] })?.path).toBe(
      'pool_manager.port',
    );
    expect(() =>
      parseConfig({ server: { port: 0 }, pool_manager: { port: 0 }, pools: [pool()] }),
    ).not.toThrow();
  });

  it('needs a budget before budgets can be enforced [CFG-009]', () => {
    expect(onlyIssue({ sessions: { enforce: true }, pools: [pool()] })?.path).toBe('sessions.enforce');
    const enforced = parseConfig({ sessions: { enforce: true, budgets: { tokens: 1000 } }, pools: [pool()] });
    expect(enforced.sessions.budgets).toEqual({ tokens: 1000 });
  });

  it('needs a priced pool before a cost budget can be charged [CFG-009, CFG-019]', () => {
    const sessions = { enforce: true, budgets: { cost: 5 } };
    expect(onlyIssue({ sessions, pools: [pool()] })).toMatchObject({
      path: 'sessions.budgets.cost',
      message: expect.stringContaining('pools[].price'),
    });
    const price = { per_1k_completion_tokens: 2 };
    const priced = parseConfig({ sessions, pools: [pool(), pool({ id: 'q', price })] });
    expect(priced.pools[1]?.price).toEqual({ per_1k_prompt_tokens: 0, per_1k_completion_tokens: 2 });
    expect(priced.pools[0]?.price).toBeUndefined();
  });

  it('takes prices per 1000 tokens that are never negative [CFG-019]', () => {
    const price = { per_1k_prompt_tokens: -1, per_1k_completion_tokens: 1 };
    expect(onlyIssue({ pools: [pool({ price })] })?.path).toBe('pools[0].price.per_1k_prompt_tokens');
    expect(onlyIssue({ pools: [pool({ price: { per_token: 1 } })] })?.path).toBe('pools[0].price.per_token');
  });

  it('rejects a domain that is both allowed and denied [CFG-009]', () => {
    const policy = { allow_domains: ['docs.python.org'], deny_domains: ['*.evil.test', 'Docs.Python.org'] };
    expect(onlyIssue({ policy, pools: [pool()] })?.path).toBe('policy.deny_domains[1]');
  });

  it('keeps watchdog timeouts inside the wall-clock limit [CFG-009]', () => {
    const timeouts = { wall_ms: 1000, idle_ms: 2000, first_token_ms: 3000 };
    expect(issuesOf({ pools: [pool({ timeouts })] }).map((i) => i.path)).toEqual([
      'pools[0].timeouts.first_token_ms',
      'pools[0].timeouts.idle_ms',
    ]);
  });
});
