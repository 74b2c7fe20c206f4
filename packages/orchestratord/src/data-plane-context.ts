// ORCHD data plane state (CORE-001 boundary): everything admission, dispatch, cancel and the
// stream routes share, gathered in one object so each step is a small
// function over it instead of a method on one large class. Mutated only on
// the event loop; orchestrator-core supplies every scheduling decision.
import type { LlorchConfig, PoolConfig } from '@llama-orch/contracts';
import type {
  DrainRate,
  PoolQueue,
  ServiceTimeEstimator,
  SessionRegistry,
} from '@llama-orch/orchestrator-core';
import type { Logger } from 'pino';
import type { ClientLedger } from './clients/client-usage.js';
import type { OrchestratordError } from './errors.js';
import type { DaemonMetrics, Labels } from './metrics/metrics-registry.js';
import type { StatusJournal } from './data-plane-status.js';
import type { ReplicaProber } from './replicas/replica-prober.js';
import type { Residency } from './residency/residency-manager.js';
import type { Replica, ReplicaSet } from './replicas/replica-set.js';
import type { TranscriptStore } from './streaming/transcript-store.js';
import type { RetainedTask, TaskRecord } from './tasks/task-record.js';

export interface DataPlaneTuning {
  /** Comment frame interval on idle streams. */
  heartbeatMs: number;
  /** How often queued and running tasks get a `metrics` frame. */
  metricsIntervalMs: number;
  /** How long a finished task's transcript (and idempotency record) stays readable. */
  retentionMs: number;
  maxRetained: number;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  /** Longest wait for an engine to count a prompt's tokens at admission (long chat prompts). */
  tokenizeTimeoutMs: number;
  /** Queue fill ratio from which admissions advise a backoff. */
  backoffFillRatio: number;
  /** A running task with no stream reader for this long is canceled as `abandoned` (ORCHD-024). */
  abandonMs: number;
}

export const DEFAULT_TUNING: DataPlaneTuning = {
  heartbeatMs: 15_000,
  metricsIntervalMs: 1_000,
  retentionMs: 60_000,
  maxRetained: 10_000,
  probeIntervalMs: 2_000,
  probeTimeoutMs: 2_000,
  tokenizeTimeoutMs: 10_000,
  backoffFillRatio: 0.8,
  abandonMs: 60_000,
};

export type DaemonState = 'starting' | 'running' | 'draining' | 'stopped';

/** Insertion-ordered set that forgets its oldest entries past `limit`. */
export class BoundedSet {
  private readonly items = new Set<string>();
  constructor(private readonly limit: number) {}
  add(value: string): void {
    this.items.delete(value);
    this.items.add(value);
    if (this.items.size > this.limit) {
      const oldest = this.items.values().next();
      if (oldest.done !== true) this.items.delete(oldest.value);
    }
  }
  has(value: string): boolean {
    return this.items.has(value);
  }
  delete(value: string): void {
    this.items.delete(value);
  }
}

export interface DataPlaneContext {
  readonly config: LlorchConfig;
  readonly tuning: DataPlaneTuning;
  readonly logger: Logger;
  readonly metrics: DaemonMetrics;
  readonly replicas: ReplicaSet;
  readonly prober: ReplicaProber;
  readonly queues: ReadonlyMap<string, PoolQueue<TaskRecord>>;
  /** Tasks that have not finished, by id. */
  readonly tasks: Map<string, TaskRecord>;
  /** Finished tasks by id while their transcript is retained (it follows the transcript store). */
  readonly retained: Map<string, RetainedTask>;
  readonly transcripts: TranscriptStore;
  readonly sessions: SessionRegistry;
  readonly serviceTimes: ServiceTimeEstimator;
  /** Per agent client: what it holds, what it used, its limits (ORCHD-090..ORCHD-093). */
  readonly clients: ClientLedger;
  /** The catalog's refusal for a model that may not be served (ORCHD-002); absent without a catalog. */
  readonly admissionGate: ((modelRef: string) => OrchestratordError | undefined) | undefined;
  readonly drains: Map<string, DrainRate>;
  /** Sessions that used their last turn; a new task naming one is refused (ORCHD-004). */
  readonly exhaustedSessions: BoundedSet;
  readonly now: () => number;
  /** ORCHD-080: recent task errors, pool events and drained pools, for the status stream. */
  readonly journal: StatusJournal;
  state: DaemonState;
  /** Model residency (ORCHD-076): set when the daemon can load and unload on-demand pools. */
  residency: Residency | undefined;
  /** Wakes the dispatcher; safe to call any number of times. */
  kick(): void;
}

/** Engine version a pool's labels carry: its first known replica version, else the placeholder. */
export function poolEngineVersion(ctx: DataPlaneContext, pool: PoolConfig): string {
  const known = ctx.replicas.ofPool(pool.id).find((r) => r.engineVersion !== 'unknown');
  return known?.engineVersion ?? ctx.metrics.placeholder;
}

export function taskLabels(ctx: DataPlaneContext, task: TaskRecord, replica?: Replica): Labels {
  return {
    engine: task.pool.engine,
    engine_version: replica?.engineVersion ?? poolEngineVersion(ctx, task.pool),
    pool_id: task.pool.id,
    replica_id: replica?.id ?? ctx.metrics.placeholder,
    priority: task.priority,
  };
}
