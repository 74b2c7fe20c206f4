// POOL-048: the shapes a replica supervisor works with: what preflight decided for one
// launch, the engine a reload hands from a candidate to its slot, the timings and
// callbacks a supervisor runs under, and the supervisor's own interface.
import type { Replica } from '@llama-orch/contracts';
import type { EngineAdapter } from '@llama-orch/worker-adapters';
import type { RunningEngine } from '../engine-process/engine-launch.js';
import type { RestartPolicy } from './backoff.js';
import type { EngineLog } from './engine-log.js';
import type { ReplicaIdentity, StateChange } from './replica-record.js';
import type { SelfTestStep } from './self-test.js';

/** Everything preflight decided for one attempt. */
export interface ReplicaLaunch {
  /** null for an external engine (health-checked, never spawned). */
  spawn: {
    binaryPath: string;
    args: (ports: readonly number[]) => string[];
    portCount: number;
    env: NodeJS.ProcessEnv;
  } | null;
  /** Endpoint of an external engine. */
  endpoint?: string;
  devices: readonly number[];
  modelDigest: string | null;
  vramBytes: number | null;
  /** KV-cache bytes per token of context, from the GGUF header; null when unknown (not GGUF). */
  kvBytesPerToken?: number | null;
  adapter: (endpoint: string, ports: readonly number[]) => EngineAdapter;
  /** Where the engine serves /metrics when not at its endpoint (Triton's metrics port); null otherwise. */
  metricsEndpoint?: (ports: readonly number[]) => string | null;
  /** Reads the GPU figures of `devices` for the self-test's telemetry step; absent on the CPU. */
  gpuFigures?: (signal: AbortSignal) => Promise<void>;
  /** The model this launch loads (a slot's model changes with a reload); the identity's when absent. */
  modelRef?: string;
  /** The engine's secret values (launch.secret_env), never to be logged or quoted. */
  secretValues?: readonly string[];
  /** What preflight reserved for this engine (VRAM ledger): marked loaded when Ready, freed when it exits. */
  reservation?: { loaded(atMs: number): void; release(): void };
}

/** A Ready engine leaving the supervisor that started it, for the one that will own it (a reload's swap). */
export interface EngineHandoff {
  engine: RunningEngine | null;
  adapter: EngineAdapter;
  /** The giving replica's record when it was handed over (model, version, pid, endpoint…). */
  view: Replica;
  release: () => void;
}

export interface SupervisorTimings {
  startupTimeoutMs: number;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  /** Consecutive failed health probes that mark a running engine wedged. */
  probeFailures: number;
  stopGraceMs: number;
}

export interface ReplicaSupervisorOptions {
  identity: ReplicaIdentity;
  preflight: (signal: AbortSignal) => Promise<ReplicaLaunch>;
  timings: SupervisorTimings;
  policy: RestartPolicy;
  /** false for reload candidates: a failure stops them instead of restarting (their slot does not). */
  autoRestart: boolean;
  /** The engine_version the pool is pinned to, or null while none is known (POOL-019). */
  pinnedVersion: () => string | null;
  log: EngineLog;
  /** `detail.selfTestStep` names the self-test step a failure came from (HOME-014). */
  onChange: (change: StateChange, replica: Replica, detail: TransitionDetail) => void;
  onEngine?: (
    event: { type: 'spawned'; pid: number; binary: string } | { type: 'exited'; pid: number },
  ) => void;
  onDriverError?: (line: string) => void;
  now?: () => number;
  random?: () => number;
}

export interface TransitionDetail {
  selfTestStep?: SelfTestStep;
}

export type SettleOutcome = { ok: true } | { ok: false; reason: string };

export interface ReplicaSupervisor {
  readonly id: string;
  view(): Replica;
  adapter(): EngineAdapter | null;
  /**
   * Starts (or restarts after Stopped/CircuitOpen) the lifecycle loop. `once` (an on-demand
   * load, POOL-052): a failure before the first Ready ends the loop in Failed instead of
   * backing off and retrying; once Ready, crashes restart as usual. No-op while running.
   */
  start(options?: { once?: boolean }): void;
  /** First Ready (ok) or first failure / preflight refusal / stop (not ok) since the last start(). */
  settled(): Promise<SettleOutcome>;
  /** Stops taking work, waits for in-flight work (engine-reported) up to the deadline, then stops. */
  drain(deadlineMs: number, reason?: string): Promise<void>;
  stop(reason?: string): Promise<void>;
  /** Fails a running replica from outside (pool-wide driver error): kill, no restart. */
  fail(reason: string): Promise<void>;
  /** Gives up a Ready engine without stopping it (a reload candidate about to be swapped in). */
  detach(reason: string): Promise<EngineHandoff>;
  /**
   * Serves `handoff`'s engine from now on, whatever this replica was doing: a Ready engine it
   * had is drained out of sight (up to `drainMs`) and stopped; a launch or backoff in progress
   * is abandoned. Crashes of the adopted engine are restarted on its model (`preflight` then
   * launches that model).
   */
  adopt(handoff: EngineHandoff, drainMs: number): Promise<void>;
}

/** The engine a replica runs, with what must be freed when it goes. */
export interface Generation {
  engine: RunningEngine | null;
  adapter: EngineAdapter;
  release: () => void;
}

export type Outcome =
  | { failed: string; selfTestStep?: SelfTestStep }
  | { stopped: true }
  /** The watch ended for a handoff with the engine still running (see `outgoing`). */
  | { detached: true };
