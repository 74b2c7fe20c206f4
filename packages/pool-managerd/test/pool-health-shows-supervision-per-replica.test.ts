// POOL-048: pool health lists, per replica, its state, restarts, time until the
// next start attempt and breaker state, so an operator can see why a pool is
// not serving. poolHealth() is pure in its view and its clock.
import { parseConfig, type Replica } from '@llama-orch/contracts';
import { describe, expect, it } from 'vitest';
import { poolHealth, type PoolView } from '../src/index.js';

const NOW = 1_764_000_000_000;

const pool = parseConfig({
  server: { state_dir: '/tmp/llorch-pool-views-test' },
  pools: [
    {
      id: 'tiny',
      engine: 'llamacpp',
      model: { ref: 'tiny' },
      devices: 'cpu',
      allow_cpu_fallback: true,
      ctx: 512,
      endpoints: ['http://127.0.0.1:1'],
    },
  ],
}).pools[0]!;

function replica(n: number, overrides: Partial<Replica>): Replica {
  return {
    id: `tiny-${n}`,
    pool_id: 'tiny',
    state: 'Ready',
    endpoint: 'http://127.0.0.1:1',
    engine: 'llamacpp',
    engine_version: 'b4000',
    model_ref: 'tiny',
    model_digest: null,
    devices: [],
    cpu_fallback: true,
    slots_total: 1,
    slots_free: 1,
    vram_bytes: null,
    last_error: null,
    restarts: 0,
    pid: 4242,
    state_since_ms: NOW - 60_000,
    retry_at_ms: null,
    ...overrides,
  };
}

const view = (replicas: Replica[]): PoolView => ({
  pool,
  modelRef: 'tiny',
  draining: false,
  poolError: null,
  pinnedVersion: null,
  footprintBytes: null,
  replicas,
});

const idle = { endpoint: null, pid: null, slots_total: 0, slots_free: 0 } as const;

describe('pool health per replica [POOL-048]', () => {
  it('a Ready replica: restarts, pid, no retry, breaker closed', () => {
    const health = poolHealth(
      view([replica(0, { restarts: 2, last_error: 'engine exited with code 1' })]),
      NOW,
    );
    expect(health.replicas).toEqual([
      {
        id: 'tiny-0',
        state: 'Ready',
        restarts: 2,
        retry_in_ms: null,
        breaker: 'closed',
        last_error: 'engine exited with code 1',
        pid: 4242,
      },
    ]);
  });

  it('a Backoff replica: time left until its retry, measured at answer time, breaker closed', () => {
    const backingOff = replica(1, {
      ...idle,
      state: 'Backoff',
      restarts: 3,
      last_error: 'engine exited with code 137 (host OOM)',
      retry_at_ms: NOW + 4_000,
    });
    expect(poolHealth(view([backingOff]), NOW).replicas[0]).toEqual({
      id: 'tiny-1',
      state: 'Backoff',
      restarts: 3,
      retry_in_ms: 4_000,
      breaker: 'closed',
      last_error: 'engine exited with code 137 (host OOM)',
      pid: null,
    });
    expect(poolHealth(view([backingOff]), NOW + 2_500).replicas[0]?.retry_in_ms).toBe(1_500);
    // An attempt that is due (or overdue) is 0, never negative.
    expect(poolHealth(view([backingOff]), NOW + 9_000).replicas[0]?.retry_in_ms).toBe(0);
  });

  it('a CircuitOpen replica: breaker open, cool-down left, counted in the metrics and the pool error', () => {
    const health = poolHealth(
      view([
        replica(0, {}),
        replica(1, {
          ...idle,
          state: 'CircuitOpen',
          restarts: 5,
          last_error: 'failed to load model',
          retry_at_ms: NOW + 60_000,
        }),
      ]),
      NOW,
    );
    expect(health.replicas.map((r) => [r.id, r.state, r.breaker, r.retry_in_ms])).toEqual([
      ['tiny-0', 'Ready', 'closed', null],
      ['tiny-1', 'CircuitOpen', 'open', 60_000],
    ]);
    expect(health.metrics.replicas_circuit_open).toBe(1);
    expect(health.last_error).toBe('failed to load model');
  });

  it('a stale retry_at_ms outside Backoff or CircuitOpen reports no retry', () => {
    const health = poolHealth(view([replica(0, { state: 'Starting', retry_at_ms: NOW + 1_000 })]), NOW);
    expect(health.replicas[0]).toMatchObject({ state: 'Starting', retry_in_ms: null, breaker: 'closed' });
  });

  it('lists every replica slot in order, whatever its state', () => {
    const states = ['Ready', 'Loading', 'Stopped', 'Failed'] as const;
    const health = poolHealth(
      view(states.map((state, n) => replica(n, state === 'Ready' ? {} : { ...idle, state }))),
      NOW,
    );
    expect(health.replicas.map((r) => `${r.id}:${r.state}`)).toEqual([
      'tiny-0:Ready',
      'tiny-1:Loading',
      'tiny-2:Stopped',
      'tiny-3:Failed',
    ]);
  });
});
