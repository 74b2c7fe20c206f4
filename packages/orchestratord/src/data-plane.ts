// ORCHD data plane assembly and lifecycle (ORCHD-047, ORCHD-046, HOUSE_STYLE 6): wires replicas,
// orchestrator-core queues and sessions, transcripts, dispatcher and probes
// into one object the routes call. Lifecycle is the DaemonState union:
// starting → running → draining → stopped. Draining refuses new work, lets
// queued and running tasks finish within the grace period, then aborts the rest.
// The shared state (DataPlaneContext) stays in this closure: routes, the
// pool-managerd link and tests reach the plane only through the named
// operations below, and read it through copies (data-plane-views.ts).
import { OWNER_CLIENT, type ClientUsage, type LlorchConfig, type PoolConfig } from '@llama-orch/contracts';
import {
  createFairPoolQueue,
  createServiceTimeEstimator,
  createSessionRegistry,
  sessionView,
  type FairPoolQueue,
  type QueueDepth,
  type SessionView,
} from '@llama-orch/orchestrator-core';
import type { Logger } from 'pino';
import {
  BoundedSet,
  DEFAULT_TUNING,
  type DataPlaneContext,
  type DataPlaneTuning,
  type DaemonState,
} from './data-plane-context.js';
import { createPoolOperations, type PoolOperations } from './data-plane-pools.js';
import { createStatusJournal, planeStatus, type PlaneStatus } from './data-plane-status.js';
import {
  poolViews,
  queueDepthOf,
  servedModels,
  servedModelStates,
  type PoolView,
  type ServedModel,
  type ServedModelState,
} from './data-plane-views.js';
import type { ClientIdentity } from './clients/client-identity.js';
import { createClientLedger, type PolicyLimitName } from './clients/client-usage.js';
import { clientViews } from './clients/client-views.js';
import { createDispatcher } from './dispatch/dispatcher.js';
import { startProgressTicker, type ProgressTicker } from './dispatch/progress-ticker.js';
import type { OrchestratordError } from './errors.js';
import type { DaemonMetrics } from './metrics/metrics-registry.js';
import { publishQueueDepths, publishRunningTasks } from './data-plane-scrape-gauges.js';
import { createReplicaProber } from './replicas/replica-prober.js';
import { createReplicaSet, type ReplicaBinding } from './replicas/replica-set.js';
import type { ModelLoader } from './residency/model-loader.js';
import { createResidency } from './residency/residency-manager.js';
import { createTranscriptStore } from './streaming/transcript-store.js';
import type { Transcript } from './streaming/transcript.js';
import { promptTokens } from './tasks/admission-guards.js';
import { admitTask, type AdmissionMeta, type AdmissionOutcome } from './tasks/admission.js';
import { cancelById, cancelTask } from './tasks/task-control.js';
import { budgetHeaders } from './tasks/task-progress.js';
import type { RetainedTask, TaskRecord } from './tasks/task-record.js';
import type { TaskRequest } from './tasks/task-request.js';

export { DEFAULT_TUNING } from './data-plane-context.js';
export type { DaemonState, DataPlaneTuning } from './data-plane-context.js';
export type { ReplicaChange } from './data-plane-pools.js';
export type { PoolView, ReplicaView, ServedModel, ServedModelState } from './data-plane-views.js';
export type { PlaneStatus } from './data-plane-status.js';

export interface DataPlaneOptions {
  config: LlorchConfig;
  replicas: readonly ReplicaBinding[];
  logger: Logger;
  metrics: DaemonMetrics;
  tuning?: Partial<DataPlaneTuning>;
  now?: () => number;
  /** Catalog check run before enqueue: a refusal for a Retired, Deprecated or untrusted model (ORCHD-002). */
  admissionGate?: (modelRef: string) => OrchestratordError | undefined;
  /** Loads and unloads on-demand pools (ORCHD-076); without it they are served only when already Ready. */
  modelLoader?: ModelLoader;
}

export interface SessionInfo extends SessionView {
  session_id: string;
  /** The client that opened it (ORCHD-094). */
  client: string;
}

export interface Readiness {
  ready: boolean;
  reasons: string[];
}

export interface DataPlane extends PoolOperations {
  readonly state: DaemonState;
  readonly config: LlorchConfig;
  readonly tuning: Readonly<DataPlaneTuning>;
  /** The plane's clock (admission, deadlines, retention). */
  now(): number;
  admit(body: unknown, meta: AdmissionMeta): Promise<AdmissionOutcome>;
  cancel(taskId: string): void;
  /** ORCHD-098: the task exists, live or retained, and another client than `client` submitted it. */
  foreignTask(taskId: string, client: ClientIdentity): boolean;
  transcript(taskId: string): Transcript | undefined;
  /** True for a task whose transcript existed but is no longer retained (ORCHD-008). */
  forgotten(taskId: string): boolean;
  /** Registers an open SSE response so a drain can wait for its terminal frame to be flushed. */
  trackStream(done: Promise<unknown>): void;
  streamHeaders(taskId: string): Record<string, string>;
  session(sessionId: string): SessionInfo | undefined;
  evictSession(sessionId: string): void;
  readiness(): Readiness;
  /** Probes replicas and starts accepting work. */
  start(): void;
  /** Refuses new work, waits up to graceMs for held work, then aborts what is left. */
  drain(graceMs: number): Promise<void>;
  /** Tasks waiting in a pool's queue, per priority (MET-017); zeros for an unknown pool. */
  queueDepth(poolId: string): QueueDepth;
  /** Admitted tasks the plane still holds, live or retained for replay. */
  taskCount(): number;
  /** Every pool as it stands now: what it serves, its queue and its replicas. */
  pools(): PoolView[];
  /** The models the pools serve now (ORCHD-063). */
  servedModels(): ServedModel[];
  /** The same with each model's residency state, devices and footprint (ORCHD-075). */
  servedModelStates(): ServedModelState[];
  /** ORCHD-080: the plane's part of the status page's snapshot, as fresh copies. */
  status(): PlaneStatus;
  /** Counts a would-be task's prompt on an engine of `pool`, as admission would; nothing is queued. */
  countPromptTokens(pool: PoolConfig, request: TaskRequest): Promise<number>;
  /** ORCHD-096: every agent client and the owner, with limits, usage and what each holds now. */
  clients(): ClientUsage[];
  /** ORCHD-093: the client holds fewer engine slots than its max_concurrent (always true without one). */
  canRun(client: string): boolean;
  /** MET-042: a request of `client` refused by its models or max_priority (403) outside admission. */
  refusedByPolicy(client: string, limit: PolicyLimitName): void;
}

export function createDataPlane(options: DataPlaneOptions): DataPlane {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const { config, logger, metrics } = options;
  const replicas = createReplicaSet(config.pools, options.replicas);
  // ORCHD-097: inside each priority lane, clients with waiting work take turns by weight (fair_share).
  const weights = new Map(config.clients.map((c) => [c.name, c.weight]));
  const weightOf = (client: string): number => weights.get(client) ?? 1;
  const queues = new Map<string, FairPoolQueue<TaskRecord>>(
    config.pools.map((p) => [
      p.id,
      createFairPoolQueue<TaskRecord>({
        capacity: p.queue.capacity,
        full_policy: p.queue.full_policy,
        fair: config.fair_share,
        weightOf,
      }),
    ]),
  );
  // HOME-008, MET-033: a CPU pool is labelled from the start; the pool-managerd link keeps it current.
  for (const pool of config.pools) {
    const cpu = pool.devices === 'cpu' || replicas.ofPool(pool.id).some((r) => r.devices === 'cpu');
    metrics.set('pool_cpu_fallback', { pool_id: pool.id }, cpu ? 1 : 0);
  }
  const tasks = new Map<string, TaskRecord>();
  const retained = new Map<string, RetainedTask>();
  const forgotten = new BoundedSet(tuning.maxRetained * 4);
  const streams = new Set<Promise<unknown>>();
  let kick: () => void = () => undefined;
  const ctx: DataPlaneContext = {
    config,
    tuning,
    logger,
    metrics,
    replicas,
    prober: createReplicaProber({
      replicas: replicas.replicas,
      intervalMs: tuning.probeIntervalMs,
      timeoutMs: tuning.probeTimeoutMs,
      logger,
      metrics,
      onReady: () => kick(),
    }),
    queues,
    tasks,
    retained,
    transcripts: createTranscriptStore({
      retentionMs: tuning.retentionMs,
      maxRetained: tuning.maxRetained,
      onExpire: (taskId) => {
        tasks.delete(taskId);
        retained.delete(taskId);
        forgotten.add(taskId);
      },
      onRetainedChange: (count) => metrics.set('transcripts_retained', {}, count),
    }),
    sessions: createSessionRegistry(),
    serviceTimes: createServiceTimeEstimator(),
    clients: createClientLedger(config.clients, metrics),
    admissionGate: options.admissionGate,
    drains: new Map(),
    exhaustedSessions: new BoundedSet(10_000),
    now: options.now ?? (() => performance.timeOrigin + performance.now()),
    journal: createStatusJournal(),
    state: 'starting',
    residency: undefined,
    kick: () => kick(),
  };
  metrics.beforeRender(() => {
    publishRunningTasks(ctx);
    publishQueueDepths(ctx);
    ctx.clients.publish();
  });
  if (options.modelLoader !== undefined && config.pools.some((p) => p.residency !== undefined)) {
    ctx.residency = createResidency(ctx, options.modelLoader);
  }
  const dispatcher = createDispatcher(ctx);
  kick = () => dispatcher.kick();
  let ticker: ProgressTicker | undefined;

  const cancelEverything = (): void => {
    for (const queue of queues.values())
      for (const task of queue.toArray()) cancelTask(ctx, task, 'shutdown');
    for (const task of [...dispatcher.active]) cancelTask(ctx, task, 'shutdown');
  };

  return {
    get state() {
      return ctx.state;
    },
    config,
    tuning,
    now: () => ctx.now(),
    admit: (body, meta) => admitTask(ctx, body, meta),
    cancel: (taskId) => cancelById(ctx, taskId),
    foreignTask(taskId, client) {
      if (client.owner) return false;
      const id = taskId.toLowerCase();
      const submitter = tasks.get(id)?.client ?? retained.get(id)?.client;
      return submitter !== undefined && submitter !== client.name;
    },
    transcript: (taskId) => {
      const transcript = ctx.transcripts.get(taskId.toLowerCase());
      return transcript !== undefined && transcript.size > 0 ? transcript : undefined;
    },
    forgotten: (taskId) => forgotten.has(taskId.toLowerCase()),
    trackStream(done) {
      const settled = done.finally(() => streams.delete(settled));
      streams.add(settled);
    },
    streamHeaders: (taskId) => {
      const id = taskId.toLowerCase();
      const sessionId = tasks.get(id)?.request.session_id ?? retained.get(id)?.sessionId;
      return sessionId === undefined ? {} : budgetHeaders(ctx, sessionId);
    },
    session(sessionId) {
      const id = sessionId.toLowerCase();
      const session = ctx.sessions.get(id, ctx.now());
      if (session === undefined) return undefined;
      return { session_id: id, ...sessionView(session, ctx.now()), client: session.client ?? OWNER_CLIENT };
    },
    evictSession(sessionId) {
      const id = sessionId.toLowerCase();
      ctx.exhaustedSessions.delete(id);
      if (ctx.sessions.apply(id, { type: 'evict' }, ctx.now()) !== undefined) {
        logger.info({ session_id: id, reason: 'explicit' }, 'session evicted');
      }
    },
    readiness() {
      const reasons: string[] = [];
      if (ctx.state !== 'running') reasons.push(`orchestratord is ${ctx.state}`);
      for (const pool of config.pools) {
        // An unloaded on-demand model is not a fault: the first request for it loads it.
        if (pool.residency !== undefined) continue;
        const all = replicas.ofPool(pool.id);
        const ready = all.filter((r) => r.state === 'Ready').length;
        // HOME-014: say why, e.g. the self-test step that failed and its error, as last seen per replica.
        const why = all.filter((r) => r.lastError !== null).map((r) => `; ${r.id}: ${r.lastError}`);
        if (ready === 0)
          reasons.push(`pool ${pool.id}: no replica is Ready yet (${all.length} configured)${why.join('')}`);
      }
      const anyReady = replicas.replicas.some((r) => r.state === 'Ready');
      return {
        ready: ctx.state === 'running' && anyReady,
        reasons: anyReady && ctx.state === 'running' ? [] : reasons,
      };
    },
    start() {
      if (ctx.state !== 'starting') return;
      ctx.state = 'running';
      ctx.prober.start();
      ticker = startProgressTicker(ctx, dispatcher.active);
      ctx.residency?.start();
    },
    async drain(graceMs) {
      if (ctx.state === 'stopped') return;
      ctx.state = 'draining';
      const held = () => dispatcher.active.size + [...queues.values()].reduce((n, q) => n + q.size(), 0);
      const deadline = Date.now() + graceMs;
      while (held() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      if (held() > 0) logger.warn({ held: held() }, 'grace period over: aborting remaining tasks');
      cancelEverything();
      await dispatcher.idle();
      // Every transcript has ended: give each open stream a moment to flush its terminal frame
      // before the server closes its sockets (a stalled reader does not hold the shutdown).
      await Promise.race([
        Promise.allSettled([...streams]),
        new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
      ]);
      ticker?.stop();
      ctx.transcripts.close();
      ctx.residency?.stop();
      ctx.prober.stop();
      ctx.state = 'stopped';
    },
    ...createPoolOperations(ctx),
    queueDepth: (poolId) => queueDepthOf(ctx, poolId),
    taskCount: () => tasks.size + retained.size,
    pools: () => poolViews(ctx),
    servedModels: () => servedModels(ctx),
    servedModelStates: () => servedModelStates(ctx),
    status: () => planeStatus(ctx, ctx.journal),
    countPromptTokens: (pool, request) => promptTokens(ctx, pool, request, true),
    clients: () => clientViews(config, ctx.clients, ctx.now()),
    canRun: (client) => ctx.clients.canRun(client),
    refusedByPolicy: (client, limit) => ctx.clients.refusedByPolicy(client, limit),
  };
}
