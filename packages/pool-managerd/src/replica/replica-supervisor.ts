// POOL-003, POOL-008, POOL-009, POOL-011..POOL-015, POOL-019, POOL-023, POOL-047, HOME-014: one
// replica's life. A single loop walks the state machine: preflight, spawn,
// preload + self-test, Ready; then watches the process (exit) and its health
// (wedge). A failure is classified (VRAM OOM, host OOM, driver, wedge, crash),
// and the replica waits out an exponential backoff or an open circuit before
// the next attempt. stop() and drain() end the loop; every transition goes
// through the pure table in replica-state.ts and is published. A slot's
// supervisor lives as long as its pool (POOL-048): a reload starts a hidden
// candidate, and on the swap the slot adopts the candidate's running engine, so
// the next crash of that engine is restarted like any other.
import { setTimeout as delay } from 'node:timers/promises';
import type { EngineAdapter } from '@llama-orch/worker-adapters';
import { launchEngine, type RunningEngine } from '../engine-process/engine-launch.js';
import { isPoolManagerError } from '../errors.js';
import { decideRestart } from './backoff.js';
import { classifyDeath, isDriverErrorLine } from './failure-kind.js';
import { newReplicaRecord } from './replica-record.js';
import { reasonOf, transition, type ReplicaEvent } from './replica-state.js';
import { failedStart, proveEngine } from './attempt-steps.js';
import { discardHandoff, retireEngine, untilIdle } from './retire-engine.js';
import { watchRunning } from './running-watch.js';
import type {
  EngineHandoff,
  Generation,
  Outcome,
  ReplicaLaunch,
  ReplicaSupervisor,
  ReplicaSupervisorOptions,
  SettleOutcome,
  TransitionDetail,
} from './supervisor-types.js';

export function createReplicaSupervisor(options: ReplicaSupervisorOptions): ReplicaSupervisor {
  const now = options.now ?? Date.now;
  const { log, timings } = options;
  const record = newReplicaRecord(options.identity, now());
  let wanted: 'running' | 'stopped' = 'stopped';
  let loop: Promise<void> | undefined;
  let cycle = new AbortController();
  let engine: RunningEngine | null = null;
  let currentAdapter: EngineAdapter | null = null;
  let release: () => void = () => undefined;
  /** Ends only the current watch: the engine is left running and handed on. */
  let handoffCycle = new AbortController();
  /** An engine to serve next (adopt), who waits for the loop to take it, and the one this replica gave up. */
  let incoming: EngineHandoff | null = null;
  let onTaken: (() => void) | null = null;
  let outgoing: Generation | null = null;
  /** Old engines draining after an adopt; stop() ends them too. */
  const retiring = new Set<RunningEngine>();
  let failures: number[] = [];
  /** Set by start({ once: true }) (an on-demand load, POOL-052): a failure before Ready ends the loop. */
  let giveUpBeforeReady = false;
  let settleWaiters: ((outcome: SettleOutcome) => void)[] = [];

  const settle = (outcome: SettleOutcome): void => {
    const waiters = settleWaiters;
    settleWaiters = [];
    for (const resolve of waiters) resolve(outcome);
  };

  const move = (event: ReplicaEvent, detail: TransitionDetail = {}): boolean => {
    const step = transition(record.state, event);
    if (step.type === 'refused') return false;
    const at = now();
    record.state = step.to;
    record.state_since_ms = at;
    // POOL-048: an operator sees when a waiting replica tries again.
    record.retry_at_ms =
      event.type === 'backoff'
        ? at + event.delay_ms
        : event.type === 'circuit-open'
          ? at + event.cooldown_ms
          : null;
    const reason = reasonOf(event);
    if (event.type === 'failed' || event.type === 'preflight-failed') record.last_error = event.reason;
    log.note(`${step.from} -> ${step.to}${reason === undefined ? '' : ` (${reason})`}`);
    options.onChange(
      {
        replica_id: record.id,
        pool_id: record.pool_id,
        from: step.from,
        to: step.to,
        at_ms: at,
        ...(reason && { reason }),
      },
      { ...record },
      detail,
    );
    if (step.to === 'Ready') settle({ ok: true });
    if (step.to === 'Failed' || event.type === 'preflight-failed')
      settle({ ok: false, reason: record.last_error ?? 'failed' });
    // Stopped before it got anywhere (an unload during a load): whoever waits learns it now.
    else if (step.to === 'Stopped') settle({ ok: false, reason: reason ?? 'stopped' });
    return true;
  };

  const forgetProcess = (): void => {
    engine = null;
    currentAdapter = null;
    release = () => undefined;
    record.pid = null;
    record.endpoint = null;
    record.metrics_endpoint = null;
    record.slots_free = 0;
  };

  const clearProcess = (): void => {
    // record.pid, not engine: a launch that failed after spawning never returned an engine.
    if (typeof record.pid === 'number') options.onEngine?.({ type: 'exited', pid: record.pid });
    const free = release;
    forgetProcess();
    free();
  };

  /** One attempt: preflight → spawn → self-test → Ready → watch. Resolves with why it ended. */
  const attempt = async (signal: AbortSignal): Promise<Outcome> => {
    let launch: ReplicaLaunch;
    try {
      launch = await options.preflight(signal);
    } catch (err) {
      if (signal.aborted) return { stopped: true };
      const reason = (err as Error).message;
      // A missing model, a digest mismatch, no GPU or too little VRAM needs a fix, not a retry.
      if (isPoolManagerError(err)) {
        move({ type: 'preflight-failed', reason });
        wanted = 'stopped';
        return { stopped: true };
      }
      return { failed: reason };
    }
    log.hide(launch.secretValues ?? []);
    release = launch.reservation?.release.bind(launch.reservation) ?? (() => undefined);
    if (launch.modelRef !== undefined) record.model_ref = launch.modelRef;
    record.devices = [...launch.devices];
    record.model_digest = launch.modelDigest;
    record.vram_bytes = launch.vramBytes;
    record.kv_bytes_per_token = launch.kvBytesPerToken ?? null;
    move({ type: 'preflight-passed' });
    let adapter: EngineAdapter;
    try {
      if (launch.spawn === null) {
        record.endpoint = launch.endpoint ?? null;
        record.metrics_endpoint = launch.metricsEndpoint?.([]) ?? null;
        adapter = launch.adapter(launch.endpoint ?? '', []);
        move({ type: 'spawned' });
      } else {
        const spawn = launch.spawn;
        let ports: readonly number[] = [];
        engine = await launchEngine({
          binaryPath: spawn.binaryPath,
          args: (p) => ((ports = p), spawn.args(p)),
          portCount: spawn.portCount,
          env: spawn.env,
          health: (endpoint, s) => launch.adapter(endpoint, ports).health(s),
          startupTimeoutMs: timings.startupTimeoutMs,
          signal,
          onLine: (line) => {
            log.write(line);
            if (isDriverErrorLine(line)) options.onDriverError?.(line);
          },
          onSpawned: (pid, endpoint) => {
            record.pid = pid;
            record.endpoint = endpoint;
            options.onEngine?.({ type: 'spawned', pid, binary: spawn.binaryPath });
            log.note(`spawned pid ${pid} at ${endpoint}`);
            move({ type: 'spawned' });
          },
        });
        adapter = launch.adapter(engine.endpoint, engine.ports);
        record.metrics_endpoint = launch.metricsEndpoint?.(engine.ports) ?? null;
      }
      currentAdapter = adapter;
      await proveEngine(adapter, launch, record, options.pinnedVersion(), timings, signal);
    } catch (err) {
      if (signal.aborted || wanted === 'stopped') {
        await engine?.stop(timings.stopGraceMs);
        clearProcess();
        return { stopped: true };
      }
      const tail = log.tail();
      const running = engine;
      if (running !== null) {
        running.signal('SIGKILL');
        await running.exited;
      }
      clearProcess();
      return failedStart(err, tail, launch.secretValues ?? []);
    }
    launch.reservation?.loaded(now());
    move({ type: 'self-test-passed' });
    giveUpBeforeReady = false;
    return watch(signal);
  };

  /** Watches the running engine until it dies, is stopped, or is handed on. */
  const watch = async (signal: AbortSignal): Promise<Outcome> => {
    const adapter = currentAdapter;
    if (adapter === null) return { failed: 'no engine to watch' };
    handoffCycle = new AbortController();
    const end = await watchRunning({
      engine,
      adapter,
      record,
      timings,
      signal,
      handoff: handoffCycle.signal,
    });
    if (end.type === 'detached') {
      outgoing = { engine, adapter, release };
      return { detached: true };
    }
    clearProcess();
    if (wanted === 'stopped' || signal.aborted) return { stopped: true };
    if (end.type === 'unhealthy') return { failed: end.reason };
    if (end.type === 'stopped') return { stopped: true };
    const death = classifyDeath({ ...end.exit, logTail: log.tail(), killedAsWedged: end.wedged });
    return { failed: death.message };
  };

  /** Takes over the incoming engine: this replica now is that engine, Ready, with a clean failure record. */
  const takeIncoming = (handoff: EngineHandoff, signal: AbortSignal): Promise<Outcome> => {
    incoming = null;
    onTaken?.();
    onTaken = null;
    engine = handoff.engine;
    currentAdapter = handoff.adapter;
    release = handoff.release;
    const { view } = handoff;
    Object.assign(record, {
      model_ref: view.model_ref,
      model_digest: view.model_digest,
      engine_version: view.engine_version,
      endpoint: view.endpoint,
      metrics_endpoint: view.metrics_endpoint ?? null,
      pid: view.pid,
      devices: [...view.devices],
      vram_bytes: view.vram_bytes,
      kv_bytes_per_token: view.kv_bytes_per_token ?? null,
      slots_total: view.slots_total,
      slots_free: view.slots_free,
      last_error: null,
    });
    failures = [];
    move({ type: 'adopted', reason: `reloaded onto ${view.model_ref}` });
    return watch(signal);
  };

  const run = async (): Promise<void> => {
    while (wanted === 'running') {
      const signal = cycle.signal;
      let outcome: Outcome;
      if (incoming !== null) outcome = await takeIncoming(incoming, signal);
      else {
        if (!move({ type: 'start' })) move({ type: 'retry' });
        outcome = await attempt(signal);
      }
      if ('stopped' in outcome) return;
      // Detached for an adopt: the next turn serves the incoming engine; for a detach, the loop ends.
      if ('detached' in outcome) continue;
      move(
        { type: 'failed', reason: outcome.failed },
        outcome.selfTestStep === undefined ? {} : { selfTestStep: outcome.selfTestStep },
      );
      // An engine died just as a reload handed over its successor: serve that one, no backoff.
      if (incoming !== null) continue;
      if (!options.autoRestart || giveUpBeforeReady) {
        wanted = 'stopped';
        return;
      }
      const decision = decideRestart(failures, now(), options.policy, options.random);
      failures = decision.failures;
      const wait = decision.type === 'backoff' ? decision.delay_ms : decision.cooldown_ms;
      move(
        decision.type === 'backoff'
          ? { type: 'backoff', delay_ms: wait }
          : { type: 'circuit-open', cooldown_ms: wait },
      );
      try {
        await delay(wait, undefined, { signal });
      } catch {
        return;
      }
      record.restarts += 1;
    }
  };

  const stopNow = async (reason: string | undefined, event: ReplicaEvent): Promise<void> => {
    wanted = 'stopped';
    cycle.abort(new Error(reason ?? 'stopped'));
    const running = engine;
    await Promise.all(
      [running, ...retiring].map((e) => (e === null ? undefined : e.stop(timings.stopGraceMs))),
    );
    await loop;
    move(event);
  };

  const startLoop = (once = false): void => {
    wanted = 'running';
    giveUpBeforeReady = once;
    cycle = new AbortController();
    const previous = loop ?? Promise.resolve();
    loop = previous
      .then(run)
      .catch((err: unknown) => {
        log.note(`supervisor loop crashed: ${(err as Error).stack ?? String(err)}`);
      })
      .finally(() => {
        // Stopped before it took a handed-over engine: that engine is nobody's, so it goes too.
        const orphan = incoming;
        if (orphan === null) return;
        incoming = null;
        void discardHandoff(orphan, timings.stopGraceMs, (pid) =>
          options.onEngine?.({ type: 'exited', pid }),
        );
        onTaken?.();
        onTaken = null;
      });
  };

  /** Queues `handoff` for the loop and resolves once the loop took it (or ended without it). */
  const handIn = (handoff: EngineHandoff): Promise<void> =>
    new Promise((resolve) => {
      incoming = handoff;
      onTaken = resolve;
    });

  return {
    id: record.id,
    view: () => ({ ...record, devices: [...record.devices] }),
    adapter: () => currentAdapter,
    start(startOptions = {}) {
      if (wanted === 'running') return;
      if (record.state === 'CircuitOpen') failures = [];
      startLoop(startOptions.once);
    },
    settled: () => new Promise((resolve) => settleWaiters.push(resolve)),
    async drain(deadlineMs, reason) {
      if (record.state === 'Ready' && move({ type: 'drain' })) {
        // Re-read each round: an engine that dies mid-drain ends the wait.
        await untilIdle(() => currentAdapter, deadlineMs, timings, now);
      }
      await stopNow(reason, { type: 'stopped', reason: reason ?? 'drained' });
    },
    stop: (reason) => stopNow(reason, { type: 'stopped', ...(reason !== undefined && { reason }) }),
    async fail(reason) {
      if (record.state !== 'Stopped') move({ type: 'failed', reason });
      await stopNow(reason, { type: 'stopped', reason });
    },
    async detach(reason) {
      if (record.state !== 'Ready' || wanted !== 'running') {
        throw new Error(`replica ${record.id} is ${record.state}, not Ready: nothing to hand over`);
      }
      const view = { ...record, devices: [...record.devices] };
      wanted = 'stopped';
      handoffCycle.abort(new Error(reason));
      await loop;
      const gone = outgoing;
      outgoing = null;
      if (gone === null) throw new Error(`replica ${record.id} ended before it could hand over its engine`);
      // The process now belongs to the adopter: forget it without stopping or releasing it.
      forgetProcess();
      move({ type: 'stopped', reason });
      return { engine: gone.engine, adapter: gone.adapter, view, release: gone.release };
    },
    async adopt(handoff, drainMs) {
      if (record.state === 'Ready' && wanted === 'running') {
        // Swap under a running watch: the old engine leaves the loop alive, and is retired here.
        const pid = record.pid ?? null;
        const taken = handIn(handoff);
        handoffCycle.abort(new Error('replaced by a reload'));
        await taken;
        const old = outgoing;
        outgoing = null;
        if (old !== null) {
          retireEngine(old, {
            drainMs,
            timings,
            log,
            retiring,
            now,
            onGone: () => {
              if (pid !== null) options.onEngine?.({ type: 'exited', pid });
            },
          });
        }
        return;
      }
      // Not serving (stopped, failed, backing off, launching): whatever runs is abandoned for the new engine.
      if (wanted === 'running')
        await stopNow('replaced by a reload', { type: 'stopped', reason: 'replaced by a reload' });
      const taken = handIn(handoff);
      startLoop();
      await taken;
    },
  };
}
