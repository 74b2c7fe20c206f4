// POOL-010, POOL-018..POOL-021, POOL-024, issue 6 items 3-4: one configured
// pool: a fixed set of replica slots `<pool>-<n>` (stable ids, POOL-027), each
// run by a supervisor; drain and reload, one at a time; and the pool-wide
// reaction to a driver error (everything stops, nothing restarts by itself).
// Reload is blue/green: candidates come up hidden, and only when every one is
// Ready does each slot adopt its candidate's engine (POOL-048: the slot's
// supervisor lives as long as the pool, so the adopted engine is restarted on
// the new model when it crashes); otherwise the candidates are stopped and the
// old replicas never left Ready. When the GPUs cannot hold both generations, the
// old ones are drained first and brought back if the new model fails. A reload
// that names the new file's sha256 (POOL-050) is refused outright when the file
// differs, and every start of that model checks the digest again. An on-demand
// pool is loaded and unloaded on request (POOL-052/053, residency-ops.ts).
import type {
  DrainAccepted,
  ModelConfig,
  PoolConfig,
  PoolHealth,
  PoolStatus,
  ReloadResult,
  Replica,
} from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { PoolManagerError, isPoolManagerError } from '../errors.js';
import type { RestartPolicy } from '../replica/backoff.js';
import { createEngineLog } from '../replica/engine-log.js';
import type { StateChange } from '../replica/replica-record.js';
import { createReplicaSupervisor } from '../replica/replica-supervisor.js';
import { discardHandoff } from '../replica/retire-engine.js';
import type { ReplicaSupervisor, SettleOutcome, SupervisorTimings } from '../replica/supervisor-types.js';
import type { EnginePids } from './engine-pids.js';
import { poolHealth, poolStatus } from './pool-views.js';
import { replicaPreflight } from './replica-preflight.js';
import { createResidency } from './residency-ops.js';
import type { LoadResult, UnloadReason, UnloadResult } from './residency-ops.js';
import type { ReplicaPreflightDeps } from './replica-preflight.js';

export interface PoolControllerDeps extends ReplicaPreflightDeps {
  timings: Omit<SupervisorTimings, 'startupTimeoutMs'>;
  policy: RestartPolicy;
  logDir: string;
  pids: EnginePids;
  publish: (change: StateChange) => void;
  logger: Logger;
  now: () => number;
  random?: () => number;
  /** Memory one replica of this pool needs, from its GGUF header (POOL-053); null when unknown. */
  footprintBytes?: number | null;
}

export interface PoolController {
  readonly id: string;
  readonly config: PoolConfig;
  start(): void;
  status(): PoolStatus;
  health(): PoolHealth;
  replicas(): Replica[];
  drain(deadlineMs: number): DrainAccepted;
  /** `expectedSha256`: the digest the new model's file must have (POOL-050). */
  reload(newModelRef: string, expectedSha256?: string): Promise<ReloadResult>;
  /** POOL-052: starts an on-demand pool's replica; answers once it is Ready or has failed (then stopped). */
  load(devices?: readonly number[]): Promise<LoadResult>;
  /** POOL-053: stops an on-demand pool's replica until the next load. */
  unload(reason: UnloadReason): Promise<UnloadResult>;
  /** Resolves when every slot is Ready or has failed once (boot, tests). */
  settled(): Promise<SettleOutcome[]>;
  stop(): Promise<void>;
}

type Operation = { type: 'drain' | 'reload' | 'load' | 'unload'; since: number };
/** What a slot launches: the model ref, its config declaration, and the digest a reload named. */
type Binding = { ref: string; decl: ModelConfig | undefined; expected?: string | undefined };

export function createPoolController(pool: PoolConfig, deps: PoolControllerDeps): PoolController {
  const { logger } = deps;
  let modelRef = pool.model.ref;
  let model: ModelConfig | undefined = pool.model;
  let pinnedVersion: string | null = null;
  let draining = false;
  let operation: Operation | null = null;
  let poolError: string | null = null;
  let generation = 0;
  /** Old replicas draining after a swap, and reload candidates not yet swapped in: stop() ends them too. */
  const retired = new Set<ReplicaSupervisor>();
  const pending = new Map<number, Promise<SettleOutcome>>();

  /** The GPUs the last load named (POOL-052): every launch plans over them; undefined: the whole mask. */
  let loadDevices: readonly number[] | undefined;
  /** What each slot launches when it (re)starts; a swap moves it to the new model. */
  const bindings: Binding[] = [];

  const supervisorFor = (index: number, binding: Binding, candidate: boolean): ReplicaSupervisor => {
    const id = `${pool.id}-${index}`;
    let pinned: string | null = null;
    const supervisor: ReplicaSupervisor = createReplicaSupervisor({
      identity: {
        id,
        poolId: pool.id,
        engine: pool.engine,
        modelRef: binding.ref,
        cpuFallback: pool.devices === 'cpu',
        devices: pool.devices === 'cpu' ? [] : pool.devices,
      },
      preflight: async () => {
        // One ledger entry per launch: a replaced engine and its successor are held apart.
        const ledgerKey = `${id}#${++generation}`;
        const launch = await replicaPreflight(deps, {
          pool,
          index,
          modelRef: binding.ref,
          model: binding.decl,
          expectedSha256: binding.expected,
          devices: loadDevices,
          ledgerKey,
        });
        return {
          ...launch,
          modelRef: binding.ref,
          reservation: {
            loaded: (at) => deps.ledger.markLoaded(ledgerKey, at),
            release: () => deps.ledger.release(ledgerKey),
          },
        };
      },
      timings: { ...deps.timings, startupTimeoutMs: pool.timeouts.startup_ms },
      policy: deps.policy,
      autoRestart: !candidate,
      // Candidates pin among themselves; the live set pins to the version it runs.
      pinnedVersion: () => (candidate ? pinned : pinnedVersion),
      log: createEngineLog({ dir: deps.logDir, replicaId: id }),
      now: deps.now,
      ...(deps.random && { random: deps.random }),
      onChange: (change, view, detail) => {
        if (change.to === 'Ready') {
          if (candidate) pinned ??= view.engine_version;
          else pinnedVersion ??= view.engine_version;
        }
        const visible = slots[index] === supervisor;
        const trouble =
          change.to === 'Failed' ||
          change.to === 'CircuitOpen' ||
          (change.from === 'Preflight' && change.to === 'Stopped');
        logger[trouble ? 'warn' : 'info'](
          {
            pool_id: pool.id,
            replica_id: id,
            from: change.from,
            to: change.to,
            reason: change.reason,
            self_test_step: detail.selfTestStep,
            model_ref: view.model_ref,
            hidden: !visible || undefined,
          },
          'replica state',
        );
        if (visible) deps.publish(change);
      },
      onEngine: (event) => {
        if (event.type === 'spawned')
          deps.pids.add({ replica_id: id, pid: event.pid, binary: event.binary, started_at_ms: deps.now() });
        else deps.pids.remove(event.pid);
      },
      onDriverError: (line) => void haltOnDriverError(line),
    });
    return supervisor;
  };

  const slots: ReplicaSupervisor[] = [];
  for (let i = 0; i < pool.replicas; i++) {
    bindings.push({ ref: modelRef, decl: model });
    slots.push(supervisorFor(i, bindings[i]!, false));
  }

  const startSlot = (index: number, once = false): Promise<SettleOutcome> => {
    const supervisor = slots[index]!;
    const settled = supervisor.settled();
    pending.set(index, settled);
    supervisor.start({ once });
    return settled;
  };

  let halting = false;
  async function haltOnDriverError(line: string): Promise<void> {
    if (halting) return;
    halting = true;
    poolError = `GPU driver/CUDA error in pool ${pool.id}; the pool is stopped until an operator reloads it: ${line.trim()}`;
    logger.error({ pool_id: pool.id, line }, 'driver error: pool unready, draining');
    draining = true;
    await Promise.all(slots.map((s) => s.fail(poolError!)));
    draining = false;
    halting = false;
  }

  const claim = (type: Operation['type']): void => {
    if (operation !== null) {
      const seconds = Math.round((deps.now() - operation.since) / 1000);
      throw new PoolManagerError(
        'POOL_BUSY',
        `pool ${pool.id} is busy with a ${operation.type} started ${seconds} s ago; retry when it finishes`,
        { poolId: pool.id },
      );
    }
    operation = { type, since: deps.now() };
  };

  const residency = createResidency({
    pool,
    slots,
    modelRef: () => modelRef,
    claim,
    release: (type) => {
      if (operation?.type === type) operation = null;
    },
    busyWith: () => operation?.type ?? null,
    narrow: (devices) => {
      loadDevices = devices;
    },
    startOnce: (index) => startSlot(index, true),
    logger,
    now: deps.now,
  });

  const startAll = async (list: ReplicaSupervisor[]): Promise<SettleOutcome[]> => {
    const outcomes = list.map((s) => s.settled());
    list.forEach((s) => s.start());
    return Promise.all(outcomes);
  };

  const firstFailure = (outcomes: SettleOutcome[]): string | undefined =>
    outcomes.find((o): o is { ok: false; reason: string } => !o.ok)?.reason;

  async function reload(newRef: string, expectedSha256?: string): Promise<ReloadResult> {
    claim('reload');
    let candidates: ReplicaSupervisor[] = [];
    const previous = modelRef;
    const result = (outcome: ReloadResult['outcome'], reason: string | null): ReloadResult => ({
      pool_id: pool.id,
      outcome,
      model_ref: modelRef,
      previous_model_ref: previous,
      reason,
    });
    try {
      const decl = newRef === pool.model.ref ? pool.model : undefined;
      await deps.models.resolve(newRef, decl, expectedSha256);
      candidates = slots.map((_, i) =>
        supervisorFor(i, { ref: newRef, decl, expected: expectedSha256 }, true),
      );
      candidates.forEach((c) => retired.add(c));
      let outcomes = await startAll(candidates);
      let failure = firstFailure(outcomes);
      const oldHoldsVram = slots.some((s) => s.view().vram_bytes !== null && s.view().state !== 'Stopped');
      if (failure !== undefined && /VRAM|needs .* GPU/.test(failure) && oldHoldsVram) {
        // No room for both generations: free the GPUs first, bring the old model back on failure.
        await Promise.all(candidates.map((c) => c.stop('reload: not enough VRAM side by side')));
        logger.warn(
          { pool_id: pool.id, reason: failure },
          'reload: drain-first because both models do not fit',
        );
        await Promise.all(slots.map((s) => s.drain(pool.timeouts.drain_ms, `reload to ${newRef}`)));
        outcomes = await startAll(candidates);
        failure = firstFailure(outcomes);
        if (failure !== undefined) {
          await Promise.all(candidates.map((c) => c.stop('reload rolled back')));
          slots.forEach((_, i) => void startSlot(i));
          const back = firstFailure(await Promise.all(pending.values()));
          return result(
            'rolled_back',
            `new model ${newRef} failed: ${failure}${back ? `; the old model did not come back either: ${back}` : ''}`,
          );
        }
      } else if (failure !== undefined) {
        await Promise.all(candidates.map((c) => c.stop('reload rolled back')));
        return result('rolled_back', `new model ${newRef} failed: ${failure}`);
      }
      // Swap: each slot adopts its Ready candidate's engine; the old engine drains out of sight.
      const given = await Promise.allSettled(candidates.map((c) => c.detach(`handed to slot on ${newRef}`)));
      const handoffs = given.flatMap((g) => (g.status === 'fulfilled' ? [g.value] : []));
      const lost = given.find((g): g is PromiseRejectedResult => g.status === 'rejected');
      if (lost !== undefined) {
        // A candidate died between Ready and the swap: nobody adopts the others either.
        await Promise.all([
          ...handoffs.map((h) => discardHandoff(h, deps.timings.stopGraceMs, (pid) => deps.pids.remove(pid))),
          ...candidates.map((c) => c.stop('reload rolled back')),
        ]);
        return result('rolled_back', `new model ${newRef} failed: ${(lost.reason as Error).message}`);
      }
      candidates.forEach((c) => retired.delete(c));
      pinnedVersion = handoffs[0]?.view.engine_version ?? null;
      modelRef = newRef;
      model = decl;
      poolError = null;
      draining = false;
      await Promise.all(
        slots.map((slot, i) => {
          // In place: the slot's preflight reads this very object, so its next launch is the new model.
          Object.assign(bindings[i]!, { ref: newRef, decl, expected: expectedSha256 });
          return slot.adopt(handoffs[i]!, pool.timeouts.drain_ms);
        }),
      );
      return result('swapped', null);
    } catch (err) {
      if (!isPoolManagerError(err)) throw err;
      if (err.code === 'MODEL_DIGEST_MISMATCH' && expectedSha256 !== undefined) {
        // Nothing started: not the file the caller vouched for is a refusal, not a rollback.
        throw new PoolManagerError('MODEL_DIGEST_MISMATCH', err.message, {
          cause: err,
          context: err.context,
          poolId: pool.id,
        });
      }
      return result('rolled_back', `new model ${newRef} cannot be used: ${err.message}`);
    } finally {
      // Candidates that were not swapped in are stopped by now.
      for (const c of candidates) if (!slots.includes(c)) retired.delete(c);
      operation = null;
    }
  }

  const view = () => ({
    pool,
    modelRef,
    draining,
    poolError,
    pinnedVersion,
    footprintBytes: deps.footprintBytes ?? null,
    replicas: slots.map((s) => s.view()),
  });

  return {
    id: pool.id,
    config: pool,
    start() {
      if (pool.preload) slots.forEach((_, i) => void startSlot(i));
    },
    status: () => poolStatus(view()),
    health: () => poolHealth(view(), deps.now()),
    replicas: () => slots.map((s) => s.view()),
    drain(deadlineMs) {
      claim('drain');
      draining = true;
      logger.info({ pool_id: pool.id, deadline_ms: deadlineMs }, 'pool draining');
      void Promise.all(slots.map((s) => s.drain(deadlineMs, 'pool drained'))).finally(() => {
        draining = false;
        operation = null;
        logger.info({ pool_id: pool.id }, 'pool drained');
      });
      return { pool_id: pool.id, draining: true, deadline_ms: deadlineMs };
    },
    reload,
    load: (devices) => residency.load(devices),
    unload: (reason) => residency.unload(reason),
    settled: () =>
      Promise.all(
        slots.map(
          (_, i) => pending.get(i) ?? Promise.resolve<SettleOutcome>({ ok: false, reason: 'not started' }),
        ),
      ),
    async stop() {
      await Promise.all([...slots, ...retired].map((s) => s.stop('pool-managerd stopping')));
    },
  };
}
