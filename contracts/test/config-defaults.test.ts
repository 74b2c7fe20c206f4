// CFG-004, CFG-010, CFG-011, CFG-012: defaults make a minimal file complete,
// and the built-in default config is valid and shaped as documented.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig, defaultConfigInput, parseConfig } from '@llama-orch/contracts';
import type { LlorchConfigInput } from '@llama-orch/contracts';

describe('defaults', () => {
  it('completes a file that only names one pool [CFG-004] [CFG-010] [CFG-012]', () => {
    const config = parseConfig({ pools: [{ id: 'p', model: { ref: 'm' } }] });
    expect(config.server).toEqual({ bind: '127.0.0.1', port: 8080, state_dir: '.llorch' });
    expect(config.pool_manager).toEqual({ bind: '127.0.0.1', port: 8090 });
    expect(config.sessions).toEqual({ ttl_ms: 600_000, max_turns: 8, enforce: false });
    expect(config.catalog).toEqual({ dir: '.llorch/catalog', trust_policy: 'permissive', trusted_keys: [] });
    expect(config.artifacts).toEqual({ dir: '.llorch/artifacts', max_bytes: 8 * 1024 * 1024 });
    expect(config.observability).toEqual({ log_level: 'info', metrics: { enabled: true } });
    expect(config.policy).toMatchObject({ enabled: false, allow_domains: [], deny_domains: [] });
    expect(config.pools[0]).toMatchObject({
      engine: 'llamacpp',
      devices: [0],
      allow_cpu_fallback: false,
      replicas: 1,
      preload: true,
      determinism: 'strict',
      queue: { capacity: 64, full_policy: 'reject', batch_share: 0 },
      timeouts: {
        startup_ms: 120_000,
        first_token_ms: 30_000,
        idle_ms: 15_000,
        wall_ms: 300_000,
        drain_ms: 10_000,
      },
      launch: { parallel: 1 },
    });
  });

  it('moves catalog and artifacts with the state dir unless they are set [CFG-012]', () => {
    const config = parseConfig({
      server: { state_dir: '/srv/llorch' },
      artifacts: { dir: '/data/artifacts' },
      pools: [{ id: 'p', model: { ref: 'm' } }],
    });
    expect(config.catalog.dir).toBe('/srv/llorch/catalog');
    expect(config.artifacts.dir).toBe('/data/artifacts');
  });

  it('requires at least one pool or model [CFG-001, CFG-022]', () => {
    expect(() => parseConfig({ pools: [] })).toThrow(
      /nothing to serve: add at least one pool under pools or one model/,
    );
    expect(() => parseConfig({})).toThrow(/nothing to serve/);
    const onlyModels = parseConfig({ models: [{ id: 'm', devices: 'cpu', allow_cpu_fallback: true }] });
    expect(onlyModels.pools).toMatchObject([
      { id: 'm', replicas: 1, preload: false, residency: { pinned: false } },
    ]);
  });
});

describe('built-in default config', () => {
  it('passes validation and matches the documented shape [CFG-011] [CFG-010]', () => {
    const config = defaultConfig();
    expect(parseConfig(defaultConfigInput())).toEqual(config);
    expect(config.server).toMatchObject({ bind: '127.0.0.1', port: 8080, state_dir: '.llorch' });
    expect(config.server.token_file).toBe('.llorch/api-token');
    expect(config.pool_manager).toEqual({ bind: '127.0.0.1', port: 8090 });
    const fixed = config.pools.filter((p) => p.residency === undefined);
    expect(fixed.map((p) => [p.id, p.engine, p.devices, p.allow_cpu_fallback, p.ctx, p.replicas])).toEqual([
      ['tiny-bigram', 'llamacpp', 'cpu', true, 32768, 2],
      ['tiny-random', 'llamacpp', 'cpu', true, 32768, 1],
      ['tiny-tool', 'llamacpp', 'cpu', true, 32768, 1],
    ]);
    expect(fixed.map((p) => p.model.generate)).toEqual([
      { kind: 'bigram', seed: 42 },
      { kind: 'random', seed: 7 },
      { kind: 'tool', seed: 11 },
    ]);
    for (const pool of config.pools) expect(pool.launch).toMatchObject({ threads: 1, parallel: 1 });
  });

  it('adds three on-demand tiny models on the CPU fallback under a memory budget [CFG-011] [CFG-022] [CFG-023]', () => {
    const config = defaultConfig();
    expect(config.pools.filter((p) => p.residency !== undefined).map((p) => p.id)).toEqual([
      'tiny-coder',
      'tiny-chat',
      'tiny-helper',
    ]);
    const onDemand = config.pools.filter((p) => p.residency !== undefined);
    expect(
      onDemand.map((p) => [p.id, p.devices, p.allow_cpu_fallback, p.ctx, p.replicas, p.preload, p.residency]),
    ).toEqual([
      ['tiny-coder', 'cpu', true, 4096, 1, false, { pinned: false }],
      ['tiny-chat', 'cpu', true, 4096, 1, false, { pinned: false }],
      ['tiny-helper', 'cpu', true, 4096, 1, false, { pinned: false, idle_unload_ms: 600_000 }],
    ]);
    // Each its own generated model, not one of the fixed pools' files.
    expect(onDemand.map((p) => p.model.generate)).toEqual([
      { kind: 'random', seed: 3 },
      { kind: 'bigram', seed: 5 },
      { kind: 'tool', seed: 13 },
    ]);
    // pool-managerd's test (default-demo-fits-two-of-three) checks that this holds two of them.
    expect(config.residency.cpu_memory_mib).toBe(1100);
  });

  it('places all state under the state dir the caller names [CFG-011] [CFG-012]', () => {
    const config = defaultConfig({ stateDir: '/repo/.llorch' });
    expect(config.server.token_file).toBe('/repo/.llorch/api-token');
    expect(config.catalog.dir).toBe('/repo/.llorch/catalog');
    expect(config.artifacts.dir).toBe('/repo/.llorch/artifacts');
  });
});

const poolArb = fc.record(
  {
    id: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
    engine: fc.constantFrom('llamacpp', 'vllm', 'tgi', 'triton'),
    model: fc.record({ ref: fc.string({ minLength: 1, maxLength: 20 }) }),
    devices: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 4 }),
    ctx: fc.integer({ min: 1, max: 131_072 }),
    replicas: fc.integer({ min: 1, max: 8 }),
    preload: fc.boolean(),
    determinism: fc.constantFrom('strict', 'best_effort'),
    queue: fc.record(
      { capacity: fc.integer({ min: 1, max: 10_000 }), full_policy: fc.constantFrom('reject', 'drop-lru') },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['id', 'model'] },
);

const configArb = fc
  .record(
    {
      server: fc.record({
        port: fc.integer({ min: 1, max: 8000 }),
        state_dir: fc.constantFrom('/s', 'state', '~/x'),
      }),
      pools: fc.uniqueArray(poolArb, { minLength: 1, maxLength: 4, selector: (p) => p.id }),
      sessions: fc.record({
        ttl_ms: fc.integer({ min: 1, max: 600_000 }),
        max_turns: fc.integer({ min: 1, max: 50 }),
      }),
    },
    { requiredKeys: ['pools'] },
  )
  .map((c) => c as LlorchConfigInput);

describe('idempotence (property)', () => {
  it('validating a validated config changes nothing [CFG-004]', () => {
    fc.assert(
      fc.property(configArb, (input) => {
        const once = parseConfig(input, 'gen', { homeDir: '/home/op' });
        expect(parseConfig(once, 'gen', { homeDir: '/home/op' })).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
