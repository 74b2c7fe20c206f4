// ORCHD replica health (ORCHD-020, MET-020): a replica takes work only
// after its engine answers health and properties; a replica that failed
// (WORKER_RESET, refused connection) is Unready until a probe finds it well
// again. Probing is the only path back to Ready, so nothing is re-dispatched
// to a dead engine on a guess. A Ready replica whose probe fails is probed once
// more at once and turns Unready only if that fails too: one slow or cut probe
// on a loaded box (a 2 s timeout, a connection the engine was closing) must not
// refuse every request for a whole probe interval (ORCHD-082).
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { DaemonMetrics } from '../metrics/metrics-registry.js';
import type { Replica } from './replica-set.js';

export interface ReplicaProberOptions {
  replicas: readonly Replica[];
  intervalMs: number;
  /** Per-call deadline for health/properties/metrics. */
  timeoutMs: number;
  logger: Logger;
  metrics: DaemonMetrics;
  /** Called when a replica turns Ready, so queued work can move. */
  onReady: (replica: Replica) => void;
}

export interface ReplicaProber {
  start(): void;
  /** Probes one replica now (e.g. right after it failed mid-stream). */
  probe(replica: Replica): Promise<void>;
  /**
   * Probes until the replica is Ready, a few times with short pauses: for an engine pool-managerd
   * has just reported Ready (a reload's swap), where a probe in flight may have asked the replaced
   * engine or a loaded box may cut one (ORCHD-073).
   */
  probeUntilReady(replica: Replica): Promise<void>;
  markUnready(replica: Replica, reason: string): void;
  stop(): void;
}

/** Pause before the probe that confirms a Ready replica's failed one. */
const RECHECK_MS = 100;
/** probeUntilReady: tries, and the pause before the n-th retry (n × this). */
const UNTIL_READY_TRIES = 4;
const UNTIL_READY_PAUSE_MS = 50;

export function createReplicaProber(options: ReplicaProberOptions): ReplicaProber {
  const { logger, metrics } = options;
  const inProgress = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** Labels of each replica's published KV sample, so the very sample can be withdrawn. */
  const kvLabels = new Map<string, Record<string, string>>();

  const labels = (r: Replica) => ({
    engine: r.pool.engine,
    engine_version: r.engineVersion,
    pool_id: r.pool.id,
    replica_id: r.id,
  });

  /**
   * MET-020: only the engine's own figure, and only while it is a ratio. An engine that reports
   * none (or stops reporting, or reports nonsense) has no sample: a missing value is never a 0.
   */
  const publishKvUsage = (replica: Replica, ratio: number | null): void => {
    const valid = ratio !== null && Number.isFinite(ratio) && ratio >= 0 && ratio <= 1;
    const current = labels(replica);
    const previous = kvLabels.get(replica.id);
    // The sample under an older engine_version label would otherwise linger after an upgrade.
    if (previous !== undefined && (!valid || previous.engine_version !== current.engine_version)) {
      metrics.remove('kv_cache_usage_ratio', previous);
      kvLabels.delete(replica.id);
    }
    replica.kvCacheUsage = valid ? ratio : null;
    if (!valid) return;
    metrics.set('kv_cache_usage_ratio', current, ratio);
    kvLabels.set(replica.id, current);
  };

  const markUnready = (replica: Replica, reason: string): void => {
    replica.lastError = reason;
    publishKvUsage(replica, null); // an engine that is down reports nothing
    if (replica.state === 'Unready') return;
    replica.state = 'Unready';
    logger.warn({ pool_id: replica.pool.id, replica_id: replica.id, reason }, 'replica unready');
  };

  /** A failed probe of a Ready replica is confirmed by one more before it counts (ORCHD-082). */
  const failed = async (replica: Replica, reason: string, confirmed: boolean): Promise<void> => {
    if (confirmed || replica.state !== 'Ready' || stopped) return markUnready(replica, reason);
    await delay(RECHECK_MS);
    return probeOnce(replica, true);
  };

  const probeOnce = async (replica: Replica, confirming = false): Promise<void> => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const health = await replica.adapter.health(signal);
      if (health.type !== 'ready') {
        return await failed(replica, `engine ${health.type}: ${health.detail}`, confirming);
      }
      const props = await replica.adapter.properties(signal);
      replica.engineVersion = props.engine_version;
      replica.modelDigest = props.model_digest;
      if (props.ctx_max > 0) replica.ctxMax = props.ctx_max;
      if (props.slots_total > 0) replica.slotsTotal = props.slots_total;
      replica.kvBytesPerToken = props.kv_bytes_per_token ?? null;
      const engineMetrics = await replica.adapter.metrics(signal).catch(() => null);
      publishKvUsage(replica, engineMetrics?.kv_cache_usage_ratio ?? null);
      if (stopped || replica.state === 'Ready') return;
      replica.state = 'Ready';
      replica.lastError = null;
      logger.info(
        {
          pool_id: replica.pool.id,
          replica_id: replica.id,
          engine: replica.pool.engine,
          engine_version: props.engine_version,
        },
        'replica ready',
      );
      options.onReady(replica);
    } catch (error) {
      await failed(replica, error instanceof Error ? error.message : String(error), confirming);
    }
  };

  const probe = (replica: Replica): Promise<void> => {
    const running = inProgress.get(replica.id);
    if (running !== undefined) return running;
    const next = probeOnce(replica).finally(() => inProgress.delete(replica.id));
    inProgress.set(replica.id, next);
    return next;
  };

  const probeUntilReady = async (replica: Replica): Promise<void> => {
    for (let attempt = 0; attempt < UNTIL_READY_TRIES && !stopped; attempt++) {
      if (attempt > 0) await delay(UNTIL_READY_PAUSE_MS * attempt);
      await probe(replica);
      if (replica.state === 'Ready') return;
    }
    logger.warn(
      { pool_id: replica.pool.id, replica_id: replica.id, reason: replica.lastError },
      'replica still unready after the engine was reported ready',
    );
  };

  const sweep = (): void => {
    for (const replica of options.replicas) void probe(replica);
  };

  return {
    start() {
      if (timer !== undefined) return;
      sweep();
      timer = setInterval(sweep, options.intervalMs);
      timer.unref();
    },
    probe,
    probeUntilReady,
    markUnready,
    stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
