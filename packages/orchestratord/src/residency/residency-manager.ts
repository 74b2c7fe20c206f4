// ORCHD-076..ORCHD-079: model residency as the daemon runs it. Requests for an
// on-demand model wait in its queue while orchestrator-core's planResidency
// decides what to evict and where to load; this module carries the plan out
// through the loader (pool-managerd), one swap at a time, learns each model's
// load time, fails a load's waiters with a typed error and backs off, holds
// residents that have kept a swap waiting past max_wait_ms, and unloads idle
// models on a tick. Decisions stay in orchestrator-core; this is the wiring.
// A GPU model's load names the device the plan made room on (POOL-052), so
// pool-managerd's preflight cannot pick another one.
import type { PoolConfig } from '@llama-orch/contracts';
import {
  createLoadTimeEstimator,
  idleUnloads,
  planResidency,
  type ResidencyAction,
} from '@llama-orch/orchestrator-core';
import type { DataPlaneContext } from '../data-plane-context.js';
import { OrchestratordError } from '../errors.js';
import { failQueued } from '../tasks/task-control.js';
import type { ModelLoader, UnloadReason } from './model-loader.js';
import {
  CPU_DEVICE,
  isOnDemand,
  poolHoldsMemory,
  residencySnapshot,
  type ModelRecord,
} from './residency-snapshot.js';

/**
 * A resident used this recently is not evicted for a waiting model before that model has waited
 * max_wait_ms: a closed-loop agent's next request is usually a moment away (ORCHD-078).
 */
export const LINGER_MS = 1_000;
const TICK_MS = 250;
const MAX_BACKOFF_DOUBLINGS = 16;

export type ModelState = 'resident' | 'loading' | 'unloaded';

/** A model's predicted load time and when the running load began (CORE-077's inputs). */
export interface LoadTiming {
  load_ms: number;
  /** Null while no load runs. */
  load_started_ms: number | null;
}

export type UnreadyAdmission =
  { type: 'load'; timing: LoadTiming } | { type: 'refuse'; error: OrchestratordError };

export interface Residency {
  /** For a pool placement found no Ready replica in: undefined when it is not on-demand. */
  admitUnready(pool: PoolConfig): UnreadyAdmission | undefined;
  /** A task for the pool was queued: plan a load if it needs one. */
  demand(poolId: string): void;
  /** A resident kept a swap waiting too long: it takes no new work until the swap is done. */
  holds(poolId: string): boolean;
  /** While the pool's model loads: its load timing; undefined otherwise. */
  loading(poolId: string): LoadTiming | undefined;
  /** A task of the pool was dispatched or ended. */
  used(poolId: string): void;
  state(poolId: string): ModelState;
  footprint(poolId: string): number | null;
  start(): void;
  stop(): void;
}

const timingOf = (record: ModelRecord): LoadTiming => ({
  load_ms: record.loadMs,
  load_started_ms: record.loadingSince,
});

interface Entry extends ModelRecord {
  failures: number;
  retryAt: number;
  lastError: string | null;
  waitingSince: number | null;
}

export function createResidency(ctx: DataPlaneContext, loader: ModelLoader): Residency {
  const estimator = createLoadTimeEstimator();
  const entries = new Map<string, Entry>();
  for (const pool of ctx.config.pools) {
    if (!isOnDemand(pool)) continue;
    const loadMs = estimator.meanMs(pool.id);
    entries.set(pool.id, {
      pool,
      lastUsedMs: ctx.now(),
      loadingSince: null,
      loadMs,
      failures: 0,
      retryAt: 0,
      lastError: null,
      waitingSince: null,
    });
  }
  /** Residents that take no new work, each with the model it makes way for (ORCHD-078). */
  const held = new Map<string, string>();
  const { max_wait_ms: maxWaitMs, load_backoff_ms: backoffMs } = ctx.config.residency;
  const linger = Math.min(LINGER_MS, maxWaitMs);
  let planning = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const ready = (poolId: string): boolean => ctx.replicas.ofPool(poolId).some((r) => r.state === 'Ready');
  const queued = (poolId: string): number => ctx.queues.get(poolId)?.size() ?? 0;
  const snapshot = () => residencySnapshot(ctx, loader, [...entries.values()], new Set(held.keys()));

  /** Lifts the holds made for `waiter` (its load is done or failed), or for models no longer waiting. */
  const releaseHolds = (waiter?: string): void => {
    let released = false;
    for (const [pool, forModel] of held) {
      const stale = queued(forModel) === 0 || ready(forModel);
      if (forModel !== waiter && !stale) continue;
      held.delete(pool);
      released = true;
    }
    if (released) ctx.kick();
  };
  const log = ctx.logger.child({ component: 'residency' });

  const publishResident = (): void => {
    for (const id of entries.keys()) ctx.metrics.set('model_resident', { pool_id: id }, ready(id) ? 1 : 0);
  };

  const failWaiters = (entry: Entry, message: string): void => {
    const queue = ctx.queues.get(entry.pool.id);
    for (const task of queue?.toArray() ?? []) failQueued(ctx, task, message);
  };

  const loadFailed = (entry: Entry, reason: string): void => {
    entry.failures += 1;
    const wait = backoffMs * 2 ** Math.min(entry.failures - 1, MAX_BACKOFF_DOUBLINGS);
    entry.retryAt = ctx.now() + wait;
    entry.lastError = reason;
    entry.waitingSince = null;
    ctx.metrics.inc('model_loads_total', { pool_id: entry.pool.id, outcome: 'failed' });
    log.warn({ pool_id: entry.pool.id, reason, retry_in_ms: wait }, 'model load failed');
    failWaiters(
      entry,
      `model ${entry.pool.id} could not be loaded: ${reason}; requests for it are refused for ${wait} ms, then a load is tried again`,
    );
  };

  const unload = async (poolId: string, reason: UnloadReason, freed: number): Promise<void> => {
    log.info({ pool_id: poolId, reason, freed_bytes: freed }, 'model unloading');
    await loader.unload(poolId, reason);
    held.delete(poolId);
    ctx.metrics.inc('model_evictions_total', { pool_id: poolId, reason });
    publishResident();
  };

  /** The plan's devices for a whole-model GPU load; none for the CPU budget or a tensor split. */
  const loadDevices = (entry: Entry, devices: readonly number[]): readonly number[] | undefined =>
    entry.pool.tensor_split === undefined && !devices.includes(CPU_DEVICE) ? devices : undefined;

  const load = async (
    entry: Entry,
    evictions: ResidencyAction[],
    devices: readonly number[],
  ): Promise<void> => {
    const id = entry.pool.id;
    entry.loadingSince = ctx.now();
    try {
      for (const e of evictions)
        if (e.type === 'evict') await unload(e.model_ref, 'make-room', e.freed_bytes);
      log.info(
        { pool_id: id, need_bytes: loader.footprint(id), predicted_load_ms: entry.loadMs },
        'model loading',
      );
      const outcome = await loader.load(id, loadDevices(entry, devices));
      if (!outcome.ok) return loadFailed(entry, outcome.reason);
      entry.failures = 0;
      entry.lastError = null;
      entry.waitingSince = null;
      entry.lastUsedMs = ctx.now();
      // A model someone else had loaded meanwhile teaches nothing about load times and is no load of ours.
      if (outcome.loadMs !== null) {
        estimator.observe(id, outcome.loadMs);
        entry.loadMs = estimator.meanMs(id);
        ctx.metrics.inc('model_loads_total', { pool_id: id, outcome: 'loaded' });
        ctx.metrics.observe('model_load_ms', { pool_id: id }, outcome.loadMs);
      }
      log.info({ pool_id: id, load_ms: outcome.loadMs }, 'model loaded');
      // pool-managerd's Ready event may trail its answer: ask the engine ourselves.
      await Promise.all(ctx.replicas.ofPool(id).map((r) => ctx.prober.probe(r)));
    } catch (error) {
      loadFailed(entry, error instanceof Error ? error.message : String(error));
    } finally {
      entry.loadingSince = null;
      releaseHolds(id);
      publishResident();
      ctx.kick();
    }
  };

  /** One pass over the models that wait for a load; returns when the pass's swap (if any) is done. */
  const planOnce = async (): Promise<void> => {
    releaseHolds();
    const now = ctx.now();
    // A model whose waiters all left (cancelled, timed out) starts its wait afresh next time.
    for (const e of entries.values()) if (queued(e.pool.id) === 0) e.waitingSince = null;
    // CORE-074: a model whose queue has an interactive head goes before batch work, then the longest waiting.
    const interactive = (e: Entry): number =>
      ctx.queues.get(e.pool.id)?.peek()?.priority === 'interactive' ? 0 : 1;
    const waiting = [...entries.values()]
      .filter((e) => queued(e.pool.id) > 0 && !ready(e.pool.id) && e.loadingSince === null)
      .sort((a, b) => interactive(a) - interactive(b) || (a.waitingSince ?? now) - (b.waitingSince ?? now));
    for (const entry of waiting) {
      entry.waitingSince ??= now;
      const waited = now - entry.waitingSince;
      const actions = planResidency(snapshot(), entry.pool.id);
      const last = actions.at(-1);
      if (last === undefined || last.type === 'resident') continue;
      if (last.type === 'refuse') {
        const short = last.shortfall.map(
          (s) => `device ${s.device < 0 ? 'cpu' : s.device} short by ${s.shortfall_bytes} bytes`,
        );
        loadFailed(entry, `${last.message}${short.length > 0 ? ` (${short.join('; ')})` : ''}`);
        continue;
      }
      if (last.type === 'wait') {
        if (last.reason === 'busy' && waited >= maxWaitMs) {
          for (const rid of last.replica_ids) {
            const pool = ctx.replicas.get(rid)?.pool.id;
            if (pool !== undefined && !held.has(pool)) {
              held.set(pool, entry.pool.id);
              log.info(
                { pool_id: pool, for_model: entry.pool.id, waited_ms: waited },
                'resident held for a swap',
              );
            }
          }
        }
        continue;
      }
      // A plan that moves anything ends with its load.
      if (last.type !== 'load') continue;
      const evictions = actions.filter((a) => a.type === 'evict');
      const fresh = evictions.some((e) => {
        const used = e.type === 'evict' ? entries.get(e.model_ref)?.lastUsedMs : undefined;
        return used !== undefined && now - used < linger;
      });
      if (fresh && waited < maxWaitMs) continue;
      await load(entry, evictions, last.devices);
      return;
    }
  };

  const plan = async (): Promise<void> => {
    if (planning) {
      again = true;
      return;
    }
    planning = true;
    try {
      do {
        again = false;
        await planOnce();
      } while (again);
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'residency planning failed');
    } finally {
      planning = false;
    }
  };

  const tick = async (): Promise<void> => {
    publishResident();
    if (planning) return;
    releaseHolds();
    const idle = idleUnloads(snapshot()).filter((a) => a.type === 'evict');
    for (const action of idle) {
      const entry = action.type === 'evict' ? entries.get(action.model_ref) : undefined;
      if (action.type !== 'evict' || entry === undefined || !poolHoldsMemory(ctx, loader, entry)) continue;
      await unload(entry.pool.id, 'idle', action.freed_bytes).catch((error: unknown) =>
        log.warn({ pool_id: entry.pool.id, err: (error as Error).message }, 'idle unload failed'),
      );
    }
    if ([...entries.values()].some((e) => queued(e.pool.id) > 0 && !ready(e.pool.id))) void plan();
  };

  return {
    admitUnready(pool) {
      const entry = entries.get(pool.id);
      if (entry === undefined) return undefined;
      const now = ctx.now();
      if (now < entry.retryAt) {
        const left = entry.retryAt - now;
        return {
          type: 'refuse',
          error: new OrchestratordError(
            'POOL_UNAVAILABLE',
            `model ${pool.id} failed to load (${entry.lastError ?? 'unknown reason'}); the next load is tried in ${Math.ceil(left / 1000)} s`,
            {
              status: 503,
              retriable: true,
              retryAfterMs: left,
              context: { engine: pool.engine, pool_id: pool.id },
            },
          ),
        };
      }
      return { type: 'load', timing: timingOf(entry) };
    },
    demand(poolId) {
      if (entries.has(poolId) && !ready(poolId)) void plan();
    },
    holds: (poolId) => held.has(poolId),
    loading(poolId) {
      const entry = entries.get(poolId);
      return entry === undefined || entry.loadingSince === null ? undefined : timingOf(entry);
    },
    used(poolId) {
      const entry = entries.get(poolId);
      if (entry !== undefined) entry.lastUsedMs = ctx.now();
      // Work that ends may free the room a waiting model needs.
      if ([...entries.values()].some((e) => e.waitingSince !== null)) void plan();
    },
    state(poolId) {
      if (ready(poolId)) return 'resident';
      const entry = entries.get(poolId);
      if (entry === undefined) return 'loading';
      return poolHoldsMemory(ctx, loader, entry) ? 'loading' : 'unloaded';
    },
    footprint: (poolId) => loader.footprint(poolId),
    start() {
      publishResident();
      timer = setInterval(() => void tick(), TICK_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
