// ORCHD data plane read views (ORCHD-039..ORCHD-041, ORCHD-063, MET-017): what the
// routes may see of the plane, as fresh copies built on each call: every pool
// with what it serves, its queue and its replicas (discovery, pool health), and
// the models the pools serve now (the agents' endpoints). Nobody outside the
// plane holds its queues or replica records, so nobody can change them behind
// the dispatcher's back.
import type { PoolConfig } from '@llama-orch/contracts';
import type { QueueDepth } from '@llama-orch/orchestrator-core';
import type { DataPlaneContext } from './data-plane-context.js';
import type { ReplicaReadiness } from './replicas/replica-set.js';
import { modelCtxMax } from './tasks/admission-guards.js';

export interface ReplicaView {
  id: string;
  pool_id: string;
  state: ReplicaReadiness;
  /** Out of placement while its pool drains (the placement view's flag, so discovery agrees with it). */
  draining: boolean;
  engineVersion: string;
  ctxMax: number;
  slotsTotal: number;
  inFlight: number;
  cpu: boolean;
  kvCacheUsage: number | null;
  lastError: string | null;
}

export interface PoolView {
  pool: PoolConfig;
  /** The model the pool serves now (pool-managerd's report after a reload), not necessarily the config's. */
  modelRef: string;
  /** Tasks waiting in the pool's queue. */
  queueDepth: number;
  replicas: readonly ReplicaView[];
}

export interface ServedModel {
  id: string;
  /** The pools serving it, in config order. */
  pools: PoolConfig[];
  /** The context a request may fill: the smallest over the pools' Ready replicas. */
  ctx: number;
}

/** A served model with its residency (GET /v1/models, capabilities); dearer to build than ServedModel. */
export interface ServedModelState extends ServedModel {
  /** ORCHD-075: resident while a replica is Ready, loading while one starts, unloaded otherwise. */
  state: 'resident' | 'loading' | 'unloaded';
  /** A `models` entry: loaded on demand, evicted or unloaded when idle. */
  onDemand: boolean;
  pinned: boolean;
  /** GPU indices of its Ready or starting replicas (none on the CPU). */
  devices: number[];
  /** Memory one replica needs, when known. */
  footprintBytes: number | null;
}

const NO_QUEUE: QueueDepth = { interactive: 0, batch: 0, total: 0 };

export function queueDepthOf(ctx: DataPlaneContext, poolId: string): QueueDepth {
  return ctx.queues.get(poolId)?.depth() ?? NO_QUEUE;
}

export function poolViews(ctx: DataPlaneContext): PoolView[] {
  return [...ctx.replicas.pools.values()].map((pool) => {
    const queueDepth = queueDepthOf(ctx, pool.id).total;
    const placement = ctx.replicas.poolSnapshot(pool.id, queueDepth, ctx.serviceTimes.meanMs(pool.id));
    const draining = new Set(placement?.replicas.filter((r) => r.draining).map((r) => r.id));
    return {
      pool,
      modelRef: ctx.replicas.modelRefOf(pool.id) ?? pool.model.ref,
      queueDepth,
      replicas: ctx.replicas.ofPool(pool.id).map((r) => ({
        id: r.id,
        pool_id: pool.id,
        state: r.state,
        draining: draining.has(r.id),
        engineVersion: r.engineVersion,
        ctxMax: r.ctxMax,
        slotsTotal: r.slotsTotal,
        inFlight: r.inFlight,
        cpu: r.devices === 'cpu',
        kvCacheUsage: r.kvCacheUsage,
        lastError: r.lastError,
      })),
    };
  });
}

export function servedModels(ctx: DataPlaneContext): ServedModel[] {
  const byId = new Map<string, { id: string; pools: PoolConfig[] }>();
  for (const pool of ctx.replicas.pools.values()) {
    const id = ctx.replicas.modelRefOf(pool.id) ?? pool.model.ref;
    const entry = byId.get(id) ?? { id, pools: [] };
    entry.pools.push(pool);
    byId.set(id, entry);
  }
  return [...byId.values()].map((m) => ({ ...m, ctx: Math.min(...m.pools.map((p) => modelCtxMax(ctx, p))) }));
}

export function servedModelStates(ctx: DataPlaneContext): ServedModelState[] {
  return servedModels(ctx).map((m) => ({ ...m, ...residencyOf(ctx, m.pools) }));
}

const STATE_RANK = { unloaded: 0, loading: 1, resident: 2 } as const;

/** The best state over the model's pools; a fixed pool is never unloaded, only not Ready yet. */
function residencyOf(ctx: DataPlaneContext, pools: readonly PoolConfig[]) {
  let state: ServedModelState['state'] = 'unloaded';
  const devices = new Set<number>();
  for (const pool of pools) {
    const replicas = ctx.replicas.ofPool(pool.id);
    const own: ServedModelState['state'] = replicas.some((r) => r.state === 'Ready')
      ? 'resident'
      : pool.residency === undefined
        ? 'loading'
        : (ctx.residency?.state(pool.id) ?? 'unloaded');
    if (STATE_RANK[own] > STATE_RANK[state]) state = own;
    if (own === 'unloaded') continue;
    for (const r of replicas) if (r.devices !== 'cpu') r.devices.forEach((d) => devices.add(d));
  }
  const onDemand = pools.every((p) => p.residency !== undefined);
  const footprint = pools.map((p) => ctx.residency?.footprint(p.id) ?? null).find((f) => f !== null) ?? null;
  return {
    state,
    onDemand,
    pinned: onDemand && pools.every((p) => p.residency?.pinned === true),
    devices: [...devices].sort((a, b) => a - b),
    footprintBytes: footprint,
  };
}
