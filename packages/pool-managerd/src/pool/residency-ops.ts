// POOL-052, POOL-053: load and unload of an on-demand pool (a `models` entry,
// CFG-022). A load starts the slots for one attempt and answers when they are
// Ready or have failed; a failed load is stopped at once, so nothing retries
// behind orchestratord's back (it decides when to try again). Concurrent loads
// share the attempt. An unload stops the slots: engine gone, VRAM reservation
// released, `Stopped` published; the slots stay startable for the next load.
// Which pool to load or evict, and on which of its GPUs, is orchestratord's
// decision, never made here: a load that names devices binds the pool's
// launches to them (restarts too) until the next load; one that names none
// gives the whole mask back.
import type { PoolComponents, PoolConfig } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { PoolManagerError } from '../errors.js';
import type { ReplicaSupervisor, SettleOutcome } from '../replica/supervisor-types.js';

export type LoadResult = PoolComponents['schemas']['LoadResult'];
export type UnloadReason = PoolComponents['schemas']['UnloadRequest']['reason'];
export type UnloadResult = PoolComponents['schemas']['UnloadResult'];

/** What the pool controller lends its residency operations. */
export interface ResidencyHost {
  pool: PoolConfig;
  slots: readonly ReplicaSupervisor[];
  modelRef: () => string;
  /** Marks the pool busy with `type`; throws POOL_BUSY while another operation runs. */
  claim: (type: 'load' | 'unload') => void;
  /** Ends the operation `type` claimed (and nothing that claimed after it). */
  release: (type: 'load' | 'unload') => void;
  busyWith: () => string | null;
  /** Binds the pool's launches to `devices` (a checked subset of its mask); undefined: the whole mask. */
  narrow: (devices: readonly number[] | undefined) => void;
  /** Starts slot `index` for one attempt (no retry before Ready); resolves with its first outcome. */
  startOnce: (index: number) => Promise<SettleOutcome>;
  logger: Logger;
  now: () => number;
}

export interface Residency {
  /** `devices`: the GPUs this load may use, a subset of the pool's mask (POOL-052). */
  load(devices?: readonly number[]): Promise<LoadResult>;
  unload(reason: UnloadReason): Promise<UnloadResult>;
}

/** States a slot passes through while it is loaded or loading; anything else holds no engine. */
const LOADED = new Set(['Preflight', 'Starting', 'Loading', 'Ready', 'Draining']);
/** States of a slot waiting to restart on its own after a crash: a load starts it afresh instead. */
const WAITING = new Set(['Failed', 'Backoff', 'CircuitOpen']);

export function createResidency(host: ResidencyHost): Residency {
  const { pool, slots, logger } = host;
  let loading: Promise<LoadResult> | null = null;
  let unloading: Promise<UnloadResult> | null = null;

  const onDemandOnly = (): void => {
    if (pool.residency !== undefined) return;
    throw new PoolManagerError(
      'INVALID_REQUEST',
      `pool ${pool.id} is not on-demand: only models entries (or pools with residency) are loaded and unloaded; use POST /v1/pools/${pool.id}/reload to change what it serves`,
      { poolId: pool.id },
    );
  };

  /** A subset of the mask, sorted and without repeats; a CPU pool takes none. */
  const subsetOfMask = (devices: readonly number[]): number[] => {
    const mask = pool.devices;
    const outside = mask === 'cpu' ? devices : devices.filter((d) => !mask.includes(d));
    if (outside.length === 0) return [...new Set(devices)].sort((a, b) => a - b);
    throw new PoolManagerError(
      'INVALID_REQUEST',
      mask === 'cpu'
        ? `pool ${pool.id} runs on the CPU (devices: cpu); a load of it names no GPUs: leave body.devices out`
        : `pool ${pool.id} may use GPUs [${mask.join(', ')}] (its devices); body.devices names GPU ${outside.join(', ')} outside them`,
      { poolId: pool.id },
    );
  };

  const result = (outcome: LoadResult['outcome'], loadMs: number, reason: string | null): LoadResult => ({
    pool_id: pool.id,
    outcome,
    model_ref: host.modelRef(),
    load_ms: loadMs,
    reason,
  });

  async function attempt(): Promise<LoadResult> {
    const started = host.now();
    logger.info({ pool_id: pool.id, model_ref: host.modelRef() }, 'loading on-demand pool');
    await Promise.all(
      slots.filter((s) => WAITING.has(s.view().state)).map((s) => s.stop('starting afresh for a load')),
    );
    const outcomes = await Promise.all(slots.map((_, i) => host.startOnce(i)));
    const failure = outcomes.find((o): o is { ok: false; reason: string } => !o.ok)?.reason;
    const loadMs = Math.max(1, Math.round(host.now() - started));
    if (failure === undefined) {
      logger.info({ pool_id: pool.id, load_ms: loadMs }, 'on-demand pool loaded');
      return result('loaded', loadMs, null);
    }
    // POOL-052: a failed load holds nothing and waits for the next load, not for a backoff.
    await Promise.all(slots.map((s) => s.stop(`load failed: ${failure}`)));
    logger.warn({ pool_id: pool.id, reason: failure }, 'on-demand pool failed to load');
    return result('failed', loadMs, failure);
  }

  return {
    load(devices) {
      onDemandOnly();
      const subset = devices === undefined ? undefined : subsetOfMask(devices);
      // Joiners learn the shared attempt's outcome; the model was not loaded by their call.
      if (loading !== null) {
        return loading.then((r) =>
          r.outcome === 'loaded' ? { ...r, outcome: 'already_loaded', load_ms: 0 } : r,
        );
      }
      host.claim('load');
      if (slots.some((s) => s.view().state === 'Ready')) {
        host.release('load');
        return Promise.resolve(result('already_loaded', 0, null));
      }
      host.narrow(subset);
      loading = attempt().finally(() => {
        loading = null;
        host.release('load');
      });
      return loading;
    },
    unload(reason) {
      onDemandOnly();
      if (unloading !== null) return unloading;
      // An unload during a load cancels it (the load answers `failed`); a drain or reload refuses it.
      if (host.busyWith() === 'load') host.release('load');
      host.claim('unload');
      const running = slots.some((s) => LOADED.has(s.view().state));
      const stopping = slots.filter((s) => s.view().state !== 'Stopped');
      if (running) logger.info({ pool_id: pool.id, reason }, 'unloading on-demand pool');
      unloading = Promise.all(stopping.map((s) => s.stop(`unloaded (${reason})`)))
        .then(() => ({ pool_id: pool.id, unloaded: running }))
        .finally(() => {
          unloading = null;
          host.release('unload');
        });
      return unloading;
    },
  };
}
