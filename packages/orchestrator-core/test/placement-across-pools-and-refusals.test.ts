// Pool choice by predicted start, waiting, affinity failover and typed refusals.
import { describe, expect, it } from 'vitest';
import { place } from '../src/index.js';
import { pool, replica } from './support/reference-box.js';

describe('placement across pools', () => {
  it('joins the pool with the earliest predicted start when several serve the model [CORE-025]', () => {
    const snapshot = {
      pools: [
        pool({
          pool_id: 'fast-but-busy',
          queued: 4,
          service_ms: 500,
          replicas: [replica({ id: 'a', slots_free: 0 })],
        }),
        pool({
          pool_id: 'slow-but-idle',
          queued: 0,
          service_ms: 4_000,
          replicas: [replica({ id: 'b', slots_free: 0 })],
        }),
      ],
    };
    // fast: 4 ahead on 1 slot → (4 + 0.5) × 500 = 2,250 ms; slow: 0.5 × 4,000 = 2,000 ms.
    expect(place(snapshot, { model_ref: 'qwen-7b' })).toEqual({
      type: 'wait',
      pool_id: 'slow-but-idle',
      predicted_start_ms: 2_000,
    });
  });

  it('breaks equal predictions by pool id [CORE-025]', () => {
    const snapshot = {
      pools: [
        pool({ pool_id: 'pool-b', replicas: [replica({ id: 'b' })] }),
        pool({ pool_id: 'pool-a', replicas: [replica({ id: 'a' })] }),
      ],
    };
    expect(place(snapshot, { model_ref: 'qwen-7b' })).toMatchObject({ type: 'placed', pool_id: 'pool-a' });
  });

  it('waits rather than refuses when every slot is busy [CORE-028]', () => {
    const snapshot = {
      pools: [pool({ pool_id: 'p', replicas: [replica({ id: 'a', slots_free: 0, slots_total: 2 })] })],
    };
    expect(place(snapshot, { model_ref: 'qwen-7b' })).toEqual({
      type: 'wait',
      pool_id: 'p',
      predicted_start_ms: 500,
    });
  });

  it('fails over cold when the last replica is draining [CORE-022]', () => {
    const snapshot = {
      pools: [
        pool({ pool_id: 'p', replicas: [replica({ id: 'old', draining: true }), replica({ id: 'new' })] }),
      ],
    };
    expect(place(snapshot, { model_ref: 'qwen-7b', last_replica_id: 'old' })).toEqual({
      type: 'placed',
      pool_id: 'p',
      replica_id: 'new',
      affinity: 'failover',
      kv_warmth: false,
      kv_migrated: false,
      predicted_start_ms: 0,
    });
  });

  it('refuses with POOL_UNAVAILABLE when no pool serves the model or engine [CORE-027]', () => {
    const snapshot = { pools: [pool({ pool_id: 'p', replicas: [replica({ id: 'a' })] })] };
    expect(place(snapshot, { model_ref: 'llama-70b' })).toMatchObject({
      type: 'refused',
      code: 'POOL_UNAVAILABLE',
      reason: 'no-pool',
      retriable: false,
    });
    expect(place(snapshot, { model_ref: 'qwen-7b', engine: 'vllm' })).toMatchObject({
      code: 'POOL_UNAVAILABLE',
    });
  });

  it('refuses with POOL_UNREADY when the serving pool has no Ready replica [CORE-027]', () => {
    const snapshot = { pools: [pool({ pool_id: 'p', replicas: [replica({ id: 'a', state: 'Loading' })] })] };
    expect(place(snapshot, { model_ref: 'qwen-7b' })).toMatchObject({
      type: 'refused',
      code: 'POOL_UNREADY',
      reason: 'no-ready-replica',
      retriable: true,
      pools: [{ pool_id: 'p', reason: 'no-ready-replica' }],
    });
  });

  it('refuses a replica set with mixed engine_version or sampler_profile_version [CORE-026]', () => {
    const engines = {
      pools: [
        pool({
          pool_id: 'p',
          replicas: [replica({ id: 'a' }), replica({ id: 'b', engine_version: 'b5001' })],
        }),
      ],
    };
    const samplers = {
      pools: [
        pool({
          pool_id: 'p',
          replicas: [replica({ id: 'a' }), replica({ id: 'b', sampler_profile_version: 'v2' })],
        }),
      ],
    };
    for (const snapshot of [engines, samplers]) {
      expect(place(snapshot, { model_ref: 'qwen-7b' })).toMatchObject({
        type: 'refused',
        code: 'POOL_UNAVAILABLE',
        reason: 'mixed-versions',
        // A reload's swap is mixed for a moment: the client may retry.
        retriable: true,
      });
    }
  });

  it('only considers pools on the pinned sampler profile version [CORE-026]', () => {
    const snapshot = {
      pools: [
        pool({ pool_id: 'p1', replicas: [replica({ id: 'a', sampler_profile_version: 'v1' })] }),
        pool({
          pool_id: 'p2',
          replicas: [replica({ id: 'b', sampler_profile_version: 'v2', slots_free: 0 })],
        }),
      ],
    };
    expect(place(snapshot, { model_ref: 'qwen-7b', sampler_profile_version: 'v2' })).toMatchObject({
      type: 'wait',
      pool_id: 'p2',
    });
    expect(place(snapshot, { model_ref: 'qwen-7b', sampler_profile_version: 'v3' })).toMatchObject({
      type: 'refused',
      reason: 'sampler-profile-mismatch',
    });
  });
});
