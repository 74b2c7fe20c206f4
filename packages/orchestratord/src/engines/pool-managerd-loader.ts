// ORCHD-076, POOL-052, POOL-053: residency's loader over pool-managerd. Loads and
// unloads go through the typed pool client; the figures the plan reads come from
// what the link already follows (live GPU memory, what a replica holds and whether
// its engine runs), re-read after every load and unload, and each pool's footprint,
// which pool-managerd computes once at its start and is read here once, so a
// decision never waits on HTTP.
// A load names the GPUs the plan made room on, when it has them.
import type { DeviceVram } from '@llama-orch/orchestrator-core';
import type { Gpu, PoolClient, Replica } from '@llama-orch/contracts';
import type { LoadOutcome, ModelLoader, UnloadReason } from '../residency/model-loader.js';

export interface PoolManagerdLoaderOptions {
  client: PoolClient;
  /** The link's registry view of one replica. */
  replica(id: string): Replica | undefined;
  /** The link's GPU inventory as last read. */
  gpus(): readonly Gpu[];
  /** Re-reads the link's registry and GPU inventory (after a load or unload changed them). */
  refreshFigures(): Promise<void>;
  /** Longest a load may take: the pool's startup timeout plus slack. */
  loadTimeoutMs: (poolId: string) => number;
}

export interface PoolManagerdLoader extends ModelLoader {
  /** Reads each pool's footprint (once at start; again after a load while none is known). */
  readFootprints(): Promise<void>;
}

/** States in which a replica's engine process exists (or is about to). */
const RUNNING: ReadonlySet<string> = new Set(['Preflight', 'Starting', 'Loading', 'Ready', 'Draining']);

export function createPoolManagerdLoader(options: PoolManagerdLoaderOptions): PoolManagerdLoader {
  const { client } = options;
  const footprints = new Map<string, number | null>();

  const readFootprints = async (): Promise<void> => {
    const { data } = await client.GET('/v1/pools', { signal: AbortSignal.timeout(5_000) });
    for (const pool of data?.pools ?? []) footprints.set(pool.id, pool.footprint_bytes ?? null);
  };
  const after = async (): Promise<void> => {
    await Promise.all([
      options.refreshFigures(),
      footprints.size === 0 ? readFootprints() : Promise.resolve(),
    ]).catch(() => undefined);
  };

  return {
    readFootprints,
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
    gpus: (): DeviceVram[] =>
      options
        .gpus()
        .flatMap((g) =>
          g.memory_total_bytes === null || g.memory_free_bytes === null
            ? []
            : [{ device: g.index, total_bytes: g.memory_total_bytes, free_bytes: g.memory_free_bytes }],
        ),
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
