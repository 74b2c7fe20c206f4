// ORCHD-039..ORCHD-041, OC-017, HOME-008, HOME-018: capability and replica-set
// discovery as pure functions over a snapshot of the replica registry. Only
// replicas that are Ready and not draining count as serving, so a drained,
// crashed or reloading pool disappears from the capabilities at once, and the
// declared concurrency is the sum of the slots the engines themselves reported
// (what the mixed GPUs really run), not what the config asked for. Pools whose
// model the catalog refuses at admission (Retired, Deprecated, untrusted) are
// left out of the capabilities, since no task could use them; replica sets
// still list them for the operator.
import type {
  Capabilities,
  EngineCapability,
  PoolConfig,
  ReplicaSet,
  SloSnapshot,
  Workload,
} from '@llama-orch/contracts';
import { ENGINE_FEATURES, type EngineFeatures, type EngineKind } from '@llama-orch/worker-adapters';
import type { ServedModelState } from '../data-plane.js';

/** What POST /v1/tasks accepts today (see tasks/admission.ts); a test keeps the two in step. */
export const SERVED_WORKLOADS: readonly Workload[] = ['completion', 'chat'];

/** WA-020: the workloads and feature flags an engine kind serves, from the one engine feature table. */
function engineOffer(engine: string): { workloads: Workload[]; features: string[] } {
  const table = ENGINE_FEATURES[engine as EngineKind] as EngineFeatures | undefined;
  if (table === undefined) return { workloads: ['completion'], features: [] };
  const workloads = SERVED_WORKLOADS.filter((w) => w !== 'chat' || table.chat);
  const features = (['tools', 'infill', 'json_output'] as const).filter((f) => table[f]);
  return { workloads, features: [...features] };
}

/** Behaviour every engine gets through orchestratord, whatever its kind. */
const BASE_FEATURES = ['cancel', 'seeded_sampling', 'session_affinity', 'sse_resume'];

export interface DiscoveryReplica {
  id: string;
  state: string;
  draining: boolean;
  engineVersion: string;
  ctxMax: number;
  slotsTotal: number;
  inFlight: number;
  cpu: boolean;
}

export interface DiscoveryPool {
  pool: PoolConfig;
  /** The model the pool serves now (pool-managerd's report after a reload), not necessarily the config's. */
  modelRef: string;
  replicas: readonly DiscoveryReplica[];
  queueDepth: number;
  slo: SloSnapshot;
  /** False when the catalog refuses the pool's model at admission. */
  servable: boolean;
}

const serving = (r: DiscoveryReplica): boolean => r.state === 'Ready' && !r.draining;

/** llama.cpp is bit-reproducible only with one slot per replica (no continuous batching). */
const strictDeterminism = (p: DiscoveryPool): boolean =>
  p.pool.determinism === 'strict' && p.replicas.filter(serving).every((r) => r.slotsTotal === 1);

export function capabilitiesOf(pools: readonly DiscoveryPool[], apiVersion: string): Capabilities {
  const groups = new Map<
    string,
    {
      engine: EngineCapability['engine'];
      version: string;
      entries: { pool: DiscoveryPool; replicas: DiscoveryReplica[] }[];
    }
  >();
  for (const pool of pools.filter((p) => p.servable)) {
    for (const replica of pool.replicas.filter(serving)) {
      const key = `${pool.pool.engine}\u0000${replica.engineVersion}`;
      const group = groups.get(key) ?? {
        engine: pool.pool.engine,
        version: replica.engineVersion,
        entries: [],
      };
      const entry = group.entries.find((e) => e.pool === pool);
      if (entry === undefined) group.entries.push({ pool, replicas: [replica] });
      else entry.replicas.push(replica);
      groups.set(key, group);
    }
  }
  const engines = [...groups.values()].map((group): EngineCapability => {
    const replicas = group.entries.flatMap((e) => e.replicas);
    const offer = engineOffer(group.engine);
    const features = new Set([...BASE_FEATURES, ...offer.features]);
    if (group.entries.some((e) => strictDeterminism(e.pool))) features.add('strict_determinism');
    if (replicas.some((r) => r.cpu)) features.add('cpu_fallback');
    const models = new Map<string, string[]>();
    for (const { pool } of group.entries)
      models.set(pool.modelRef, [...(models.get(pool.modelRef) ?? []), pool.pool.id]);
    return {
      engine: group.engine,
      engine_version: group.version,
      ctx_max: Math.max(...replicas.map((r) => r.ctxMax)),
      supported_workloads: offer.workloads,
      concurrency: replicas.reduce((sum, r) => sum + r.slotsTotal, 0),
      rate_limits: { requests_per_minute: null, tokens_per_minute: null },
      features: [...features].sort(),
      models: [...models].map(([model_ref, pool_ids]) => ({ model_ref, pool_ids: pool_ids.sort() })),
    };
  });
  engines.sort(
    (a, b) => a.engine.localeCompare(b.engine) || a.engine_version.localeCompare(b.engine_version),
  );
  return { api_version: apiVersion, engines };
}

export function replicaSetOf(p: DiscoveryPool): ReplicaSet {
  const { pool } = p;
  const ready = p.replicas.filter(serving);
  const slotsTotal = ready.reduce((sum, r) => sum + r.slotsTotal, 0);
  const slotsFree = ready.reduce((sum, r) => sum + Math.max(0, r.slotsTotal - r.inFlight), 0);
  const version = (ready[0] ?? p.replicas.find((r) => r.engineVersion !== 'unknown'))?.engineVersion;
  return {
    id: `${pool.id}:${p.modelRef}`,
    pool_id: pool.id,
    engine: pool.engine,
    model_ref: p.modelRef,
    engine_version: version === undefined || version === 'unknown' ? null : version,
    sampler_profile_version: pool.sampler_profile_version,
    devices: pool.devices === 'cpu' ? [] : [...pool.devices],
    cpu_fallback: pool.devices === 'cpu' || p.replicas.some((r) => r.cpu),
    queue_policy: pool.queue.full_policy,
    replicas_total: p.replicas.length,
    replicas_ready: ready.length,
    slots_total: slotsTotal,
    slots_free: slotsFree,
    load: slotsTotal === 0 ? 0 : (slotsTotal - slotsFree) / slotsTotal,
    queue_depth: p.queueDepth,
    slo: p.slo,
  };
}

type ServableModelEntry = NonNullable<Capabilities['servable_models']>[number];

/** One entry of `servable_models` (ORCHD-075), from the data plane's served-model view. */
export function servableModelOf(model: ServedModelState): ServableModelEntry {
  return {
    model_ref: model.id,
    engine: model.pools[0]?.engine ?? 'llamacpp',
    pool_ids: model.pools.map((p) => p.id),
    state: model.state,
    on_demand: model.onDemand,
    pinned: model.pinned,
    devices: model.devices,
    footprint_bytes: model.footprintBytes,
  };
}
