// ORCHD-076, CFG-023: the snapshot orchestrator-core's residency decisions read,
// assembled from the loader's figures (live GPU memory, each on-demand pool's
// footprint and holdings) and the daemon's own view of work (tasks in flight
// and queued, last use). On the CPU fallback `residency.cpu_memory_mib` stands
// in for VRAM as one more device, so the same decisions run without a GPU.
import type { PoolConfig } from '@llama-orch/contracts';
import type {
  DeviceVram,
  ResidencySnapshot,
  ResidentReplica,
  ServableModel,
} from '@llama-orch/orchestrator-core';
import type { DataPlaneContext } from '../data-plane-context.js';
import type { ModelLoader } from './model-loader.js';

/** The device number the CPU memory budget goes by (GPU indices are never negative). */
export const CPU_DEVICE = -1;

const MIB = 1024 * 1024;

/** What residency keeps per on-demand pool besides the snapshot figures. */
export interface ModelRecord {
  readonly pool: PoolConfig;
  /** When a task of the model was last dispatched or ended, or the replica became Ready. */
  lastUsedMs: number;
  /** Set while this daemon's load call runs. */
  loadingSince: number | null;
  /** Predicted load time (the model's EWMA or its cold default). */
  loadMs: number;
}

export function isOnDemand(pool: PoolConfig): boolean {
  return pool.residency !== undefined;
}

function maskOf(pool: PoolConfig): number[] {
  return pool.devices === 'cpu' ? [CPU_DEVICE] : [...pool.devices];
}

/** The CPU budget as a device: total from config, free = total less the CPU replicas that hold memory. */
function cpuDevice(ctx: DataPlaneContext, loader: ModelLoader, records: readonly ModelRecord[]): DeviceVram {
  const budget = ctx.config.residency.cpu_memory_mib;
  const total = budget === undefined ? Number.MAX_SAFE_INTEGER : budget * MIB;
  const held = records
    .filter((r) => r.pool.devices === 'cpu' && poolHoldsMemory(ctx, loader, r))
    .reduce((sum, r) => sum + (loader.footprint(r.pool.id) ?? 0), 0);
  return { device: CPU_DEVICE, total_bytes: total, free_bytes: Math.max(0, total - held) };
}

/** A replica holds memory from the moment its engine runs (or our load asked for it) until it exits. */
export function poolHoldsMemory(ctx: DataPlaneContext, loader: ModelLoader, record: ModelRecord): boolean {
  if (record.loadingSince !== null) return true;
  return ctx.replicas.ofPool(record.pool.id).some((r) => r.state === 'Ready' || loader.running(r.id));
}

function residentReplicas(
  ctx: DataPlaneContext,
  loader: ModelLoader,
  record: ModelRecord,
  /** The pool takes no new work (ORCHD-078), so its queue does not keep it busy. */
  heldPool: boolean,
): ResidentReplica[] {
  if (!poolHoldsMemory(ctx, loader, record)) return [];
  const { pool } = record;
  // Queued work counts as work: a model with requests waiting for it is not idle.
  const queued = heldPool ? 0 : (ctx.queues.get(pool.id)?.size() ?? 0);
  const footprint = loader.footprint(pool.id) ?? 0;
  return ctx.replicas.ofPool(pool.id).map((replica) => ({
    id: replica.id,
    model_ref: pool.id,
    // Only a Ready replica is resident; anything else that holds memory is on its way.
    state: replica.state === 'Ready' ? 'Ready' : 'Loading',
    held: pool.devices === 'cpu' ? [{ device: CPU_DEVICE, bytes: footprint }] : loader.heldOnGpus(replica.id),
    in_flight: replica.inFlight + queued,
    last_used_ms: record.lastUsedMs,
  }));
}

export function residencySnapshot(
  ctx: DataPlaneContext,
  loader: ModelLoader,
  records: readonly ModelRecord[],
  /** Pools whose queued work does not count, because they take no new work (ORCHD-078). */
  held: ReadonlySet<string>,
): ResidencySnapshot {
  const models: ServableModel[] = records.map((r) => ({
    model_ref: r.pool.id,
    need_bytes: loader.footprint(r.pool.id) ?? 0,
    device_mask: maskOf(r.pool),
    pinned: r.pool.residency?.pinned === true,
    ...(r.pool.residency?.idle_unload_ms === undefined
      ? {}
      : { idle_unload_ms: r.pool.residency.idle_unload_ms }),
    load_ms: r.loadMs,
  }));
  const replicas = records.flatMap((record) =>
    residentReplicas(ctx, loader, record, held.has(record.pool.id)),
  );
  return {
    devices: [...loader.gpus(), cpuDevice(ctx, loader, records)],
    models,
    replicas,
    now_ms: ctx.now(),
  };
}
