// The discovery and pool-managerd documents say what MISSION promises of them:
// capabilities and replica sets as a client reads them, and pool-managerd's
// replica lifecycle, event stream and reload answers as the daemon reads them.
// Checks read the YAML itself (following $refs into common.yaml).
import { describe, expect, it } from 'vitest';
import { find, get, response, schemaOf, type Node } from './support/openapi-documents.js';

describe('discovery', () => {
  it('capabilities list each engine with its limits, concurrency, features and models [ORCHD-039]', () => {
    expect(schemaOf('control.yaml', 'EngineCapability').node.required).toEqual([
      'engine',
      'engine_version',
      'ctx_max',
      'supported_workloads',
      'concurrency',
      'rate_limits',
      'features',
      'models',
    ]);
  });

  it('replica sets show versions, device mask, queue policy, CPU label, slots, load and SLOs [ORCHD-041] [ORCHD-009]', () => {
    const set = schemaOf('control.yaml', 'ReplicaSet').node;
    expect(set.required).toEqual(
      expect.arrayContaining([
        'engine',
        'engine_version',
        'sampler_profile_version',
        'devices',
        'cpu_fallback',
        'queue_policy',
        'slots_total',
        'slots_free',
        'load',
        'queue_depth',
        'slo',
      ]),
    );
    const policy = get('control.yaml', set, 'properties', 'queue_policy').node;
    expect(policy.enum).toEqual(['reject', 'drop-lru']);
  });
});

describe('pool-managerd API', () => {
  it('replica states are exactly the lifecycle pool-managerd implements [POOL-003]', () => {
    expect(schemaOf('pool.yaml', 'ReplicaState').node.enum).toEqual([
      'Stopped',
      'Preflight',
      'Starting',
      'Loading',
      'Ready',
      'Draining',
      'Failed',
      'Backoff',
      'CircuitOpen',
    ]);
  });

  it('the event stream sends replica_state changes with from/to states [POOL-003]', () => {
    const ok = response(find('pool.yaml', 'get', '/v1/events'), '200');
    const frame = get(ok.file, ok.node, 'content', 'text/event-stream', 'schema');
    const change = get(frame.file, frame.node, 'properties', 'data');
    expect(change.node.required).toEqual(['type', 'replica_id', 'pool_id', 'from', 'to', 'at_ms']);
    expect(get(change.file, change.node, 'properties', 'to').node).toBe(
      schemaOf('pool.yaml', 'ReplicaState').node,
    );
  });

  it('reload reports swapped or rolled_back with a reason [POOL-010]', () => {
    const ok = response(find('pool.yaml', 'post', '/v1/pools/{id}/reload'), '200');
    const result = get(ok.file, ok.node, 'content', 'application/json', 'schema');
    expect(get(result.file, result.node, 'properties', 'outcome').node.enum).toEqual([
      'swapped',
      'rolled_back',
    ]);
    expect(result.node.required).toContain('reason');
  });

  it('replicas and pools carry the CPU-fallback label and GPU figures may be unknown [POOL-021] [POOL-002]', () => {
    expect(schemaOf('pool.yaml', 'Replica').node.required).toContain('cpu_fallback');
    expect(schemaOf('pool.yaml', 'PoolStatus').node.required).toContain('cpu_fallback');
    expect(schemaOf('pool.yaml', 'GpuInventory').node.required).toContain('cpu_fallback');
    const gpu = schemaOf('pool.yaml', 'Gpu').node.properties as Record<string, Node>;
    for (const figure of [
      'memory_total_bytes',
      'memory_used_bytes',
      'memory_free_bytes',
      'utilization_ratio',
    ]) {
      expect(gpu[figure]?.type, figure).toContain('null');
    }
  });
});
