// ORCHD-076, POOL-052, POOL-053: residency's loader over pool-managerd. Loads and
// unloads go through the typed pool client; the figures the plan reads (each
// pool's footprint, live GPU memory, what a replica holds and whether its
// engine runs) come from pool-managerd's registry and are refreshed after every
// load and unload and on the link's interval, so a decision never waits on HTTP.
// A load names the GPUs the plan made room on, when it has them.
import type { DeviceVram } from '@llama-orch/orchestrator-core';
import type { PoolClient, Replica } from '@llama-orch/contracts';
import type { LoadOutcome, ModelLoader, UnloadReason } from '../residency/model-loader.js';

export interface PoolManagerdLoaderOptions {
  client: PoolClient;
  /** The link's registry view of one replica. */
  replica(id: string): Replica | undefined;
  /** Re-reads the link's registry (after a load or unload changed it). */
  refreshRegistry(): Promise<void>;
  /** Longest a load may take: the pool's startup timeout plus slack. */
  loadTimeoutMs: (poolId: string) => number;
}

export interface PoolManagerdLoader extends ModelLoader {
  /** Re-reads footprints and GPU figures. */
  refresh(): Promise<void>;
}

/** States in which a replica's engine process exists (or is about to). */
const RUNNING: ReadonlySet<string> = new Set(['Preflight', 'Starting', 'Loading', 'Ready', 'Draining']);

export function createPoolManagerdLoader(options: PoolManagerdLoaderOptions): PoolManagerdLoader {
  const { client } = options;
  const footprints = new Map<string, number | null>();
  let gpus: DeviceVram[] = [];

  const refresh = async (): Promise<void> => {
    const signal = AbortSignal.timeout(5_000);
    const [pools, inventory] = await Promise.all([
      client.GET('/v1/pools', { signal }),
      client.GET('/v1/gpus', { signal }),
    ]);
    for (const pool of pools.data?.pools ?? []) footprints.set(pool.id, pool.footprint_bytes ?? null);
    gpus = (inventory.data?.gpus ?? []).flatMap((g) =>
      g.memory_total_bytes === null || g.memory_free_bytes === null
        ? []
        : [{ device: g.index, total_bytes: g.memory_total_bytes, free_bytes: g.memory_free_bytes }],
    );
  };
  const after = async (): Promise<void> => {
    await Promise.all([options.refreshRegistry(), refresh()]).catch(() => undefined);
  };

  return {
    refresh,
    async load(poolId, devices): Promise<LoadOutcome> {
      try {
        const { data, error, response } = await client.POST('/v1/pools/{id}/load', {
          params: { path: { id: poolId } },
          ...(devices !== undefined && { body: { devices: [...devices] } }),
          signal: AbortSignal.timeout(options.loadTimeoutMs(poolId)),
        });
        if (data === undefined) {
          return {
            ok: false,
            reason: `pool-managerd refused the load (${response.status}): ${error?.message ?? 'no reason given'}`,
          };
        }
        if (data.outcome === 'failed') return { ok: false, reason: data.reason ?? 'the load failed' };
        return { ok: true, loadMs: data.outcome === 'loaded' ? data.load_ms : null };
      } catch (cause) {
        return { ok: false, reason: `pool-managerd did not answer the load: ${(cause as Error).message}` };
      } finally {
        await after();
      }
    },
    async unload(poolId, reason: UnloadReason) {
      try {
        const { error, response } = await client.POST('/v1/pools/{id}/unload', {
          params: { path: { id: poolId } },
          body: { reason },
          signal: AbortSignal.timeout(60_000),
        });
        if (!response.ok) {
          throw new Error(
            `pool-managerd refused to unload ${poolId} (${response.status}): ${error?.message ?? ''}`,
          );
        }
      } finally {
        await after();
      }
    },
    gpus: () => gpus,
    footprint: (poolId) => footprints.get(poolId) ?? null,
    heldOnGpus(replicaId) {
      const replica = options.replica(replicaId);
      if (replica === undefined || !RUNNING.has(replica.state) || replica.devices.length === 0) return [];
      const bytes = replica.vram_bytes ?? 0;
      // pool-managerd reports one total; a split replica holds it across its devices.
      return replica.devices.map((device) => ({ device, bytes: bytes / replica.devices.length }));
    },
    running(replicaId) {
      const replica = options.replica(replicaId);
      return replica !== undefined && RUNNING.has(replica.state);
    },
  };
}
