// Generated from contracts/openapi/common.yaml and data.yaml by
// tools/src/regen-value-lists.ts. Do not edit by hand: change the YAML, then run `pnpm regen`.
import type { components } from './data.js';
import type { components as PoolComponents } from './pool.js';

type Schemas = components['schemas'];
type PoolSchemas = PoolComponents['schemas'];

/** The values of common.yaml `ErrorCode`. */
export const ERROR_CODES = ['ADMISSION_REJECT', 'QUEUE_FULL_DROP_LRU', 'INVALID_PARAMS', 'POOL_UNREADY', 'POOL_UNAVAILABLE', 'REPLICA_EXHAUSTED', 'DECODE_TIMEOUT', 'WORKER_RESET', 'INTERNAL', 'DEADLINE_UNMET', 'MODEL_DEPRECATED', 'UNTRUSTED_ARTIFACT', 'POLICY_DENIED', 'FETCH_FAILED', 'NOT_FOUND'] as const satisfies readonly Schemas['ErrorCode'][];

/** The values of common.yaml `Engine`. */
export const ENGINES = ['llamacpp', 'vllm', 'tgi', 'triton'] as const satisfies readonly Schemas['Engine'][];

/** The values of common.yaml `Workload`. */
export const WORKLOADS = ['completion', 'chat', 'embedding', 'rerank'] as const satisfies readonly Schemas['Workload'][];

/** The values of common.yaml `Priority`. */
export const PRIORITIES = ['interactive', 'batch'] as const satisfies readonly Schemas['Priority'][];

/** The values of common.yaml `Determinism`. */
export const DETERMINISM_MODES = ['strict', 'best_effort'] as const satisfies readonly Schemas['Determinism'][];

/** The values of data.yaml `KvHint`. */
export const KV_HINTS = ['reuse', 'cold'] as const satisfies readonly Schemas['KvHint'][];

/** The values of data.yaml `StreamCancelReason`. */
export const STREAM_CANCEL_REASONS = ['client', 'drain', 'shutdown', 'abandoned'] as const satisfies readonly Schemas['StreamCancelReason'][];

/** The values of common.yaml `ReplicaState`. */
export const REPLICA_STATES = ['Stopped', 'Preflight', 'Starting', 'Loading', 'Ready', 'Draining', 'Failed', 'Backoff', 'CircuitOpen'] as const satisfies readonly PoolSchemas['ReplicaState'][];
