// Response bodies shaped like the examples in contracts/openapi/control.yaml
// and data.yaml, typed against the generated contract types so a contract
// change that breaks them fails typecheck before it fails a snapshot.
import type {
  Artifact,
  Capabilities,
  CatalogModel,
  PoolHealth,
  ReloadResult,
  ReplicaSetList,
  SessionInfo,
  VerificationResult,
} from '@llama-orch/contracts';

export const SESSION_ID = '9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22';
export const TASK_ID = '3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11';
export const DIGEST = '9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f1a3c5e7b9d0f';
export const ARTIFACT_ID = 'a101f3bb41054f16a17cf99de948302577825ca05734a94bd14ef93be8806414';

export const capabilities: Capabilities = {
  api_version: '1.0.0',
  engines: [
    {
      engine: 'llamacpp',
      engine_version: 'b4000',
      ctx_max: 8192,
      supported_workloads: ['completion'],
      concurrency: 3,
      rate_limits: { requests_per_minute: null, tokens_per_minute: null },
      features: ['seeded_sampling', 'strict_determinism', 'cancel'],
      models: [{ model_ref: 'tiny-bigram', pool_ids: ['tiny-bigram'] }],
    },
  ],
};

const slo = {
  first_token_ms_p50: 18,
  first_token_ms_p95: 40,
  first_token_ms_p99: 61,
  decode_ms_p50: 210,
  decode_ms_p95: 380,
  decode_ms_p99: 455,
};

export const replicaSets: ReplicaSetList = {
  replica_sets: [
    {
      id: 'coder-14b',
      pool_id: 'coder-14b',
      engine: 'llamacpp',
      model_ref: 'qwen2.5-coder-14b',
      engine_version: 'b4000',
      sampler_profile_version: 'v1',
      devices: [0],
      cpu_fallback: false,
      queue_policy: 'reject',
      replicas_total: 2,
      replicas_ready: 0,
      slots_total: 0,
      slots_free: 0,
      load: 0,
      queue_depth: 2,
      slo,
    },
    {
      id: 'tiny-bigram',
      pool_id: 'tiny-bigram',
      engine: 'llamacpp',
      model_ref: 'tiny-bigram',
      engine_version: 'b4000',
      sampler_profile_version: 'v1',
      devices: [],
      cpu_fallback: true,
      queue_policy: 'drop-lru',
      replicas_total: 2,
      replicas_ready: 2,
      slots_total: 2,
      slots_free: 1,
      load: 0.5,
      queue_depth: 0,
      slo: { ...slo, first_token_ms_p50: null, first_token_ms_p95: null },
    },
  ],
};

export function poolHealth(poolId: string, overrides: Partial<PoolHealth> = {}): PoolHealth {
  return {
    pool_id: poolId,
    live: true,
    ready: true,
    draining: false,
    last_error: null,
    metrics: {
      queue_depth: 2,
      replicas_ready: 2,
      replicas_total: 2,
      replicas_circuit_open: 0,
      slots_free: 1,
      slots_total: 2,
      kv_cache_usage_ratio: 0.12,
    },
    replicas: [0, 1].map((n) => ({
      id: `${poolId}-${n}`,
      state: 'Ready',
      restarts: 0,
      retry_in_ms: null,
      breaker: 'closed',
      last_error: null,
      pid: 48_213 + n,
    })),
    ...overrides,
  };
}

/** A pool that is not serving: one replica backing off after a crash, one with its breaker open. */
export const unservingHealth: PoolHealth = poolHealth('coder-14b', {
  ready: false,
  live: false,
  last_error: 'VRAM OOM: the engine could not allocate GPU memory (exited with code 1)',
  metrics: {
    queue_depth: 2,
    replicas_ready: 0,
    replicas_total: 2,
    replicas_circuit_open: 1,
    slots_free: 0,
    slots_total: 0,
  },
  replicas: [
    {
      id: 'coder-14b-0',
      state: 'Backoff',
      restarts: 2,
      retry_in_ms: 3_400,
      breaker: 'closed',
      last_error: 'engine exited with code 137 (host OOM)',
      pid: null,
    },
    {
      id: 'coder-14b-1',
      state: 'CircuitOpen',
      restarts: 5,
      retry_in_ms: 52_000,
      breaker: 'open',
      last_error: 'VRAM OOM: the engine could not allocate GPU memory (exited with code 1)',
      pid: null,
    },
  ],
});

export const session: SessionInfo = {
  session_id: SESSION_ID,
  ttl_ms_remaining: 412_000,
  turns: 3,
  kv_bytes: 1_048_576,
  kv_warmth: true,
  tokens_budget_remaining: 9000,
  time_budget_remaining_ms: null,
  cost_budget_remaining: null,
};

export const verification: VerificationResult = {
  model_id: 'qwen2.5-7b-q4',
  result: 'warn',
  code: null,
  trust_policy: 'permissive',
  warnings: ['no signature', 'no SBOM'],
  failures: [],
  checked_at_ms: 1_764_000_005_000,
};

export const catalogModel: CatalogModel = {
  id: 'qwen2.5-7b-q4',
  digest: DIGEST,
  source_url: 'https://huggingface.co/example/qwen2.5-7b-gguf/resolve/main/model-q4_k_m.gguf',
  tags: ['chat', 'q4_k_m'],
  manifests: [{ path: 'model-q4_k_m.gguf', digest: DIGEST, size_bytes: 4_683_073_504 }],
  signatures: [],
  sbom: null,
  trust_policy: 'permissive',
  state: 'Draft',
  created_at_ms: 1_764_000_000_000,
  updated_at_ms: 1_764_000_000_000,
  last_verification: verification,
};

export const rolledBack: ReloadResult = {
  pool_id: 'tiny-bigram',
  outcome: 'rolled_back',
  model_ref: 'tiny-bigram',
  previous_model_ref: 'tiny-bigram',
  reason: 'preload of tiny-bigram-v2 failed: VRAM OOM on device 1 (needs 9.1 GB, 7.8 GB free)',
};

export const artifact: Artifact = {
  id: ARTIFACT_ID,
  kind: 'plan',
  content: '1. add the drain endpoint\n2. write its test',
  tags: ['agent-7', 'sprint-3'],
  parent: null,
  metadata: { author: 'agent-7' },
  size_bytes: 43,
  created_at_ms: 1_764_000_010_000,
};
