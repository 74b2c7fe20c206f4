// POOL-001, POOL-016, POOL-017, POOL-022..POOL-026, POOL-053, MET-030: pool-managerd as one
// object. It takes the pools from the validated config, reaps engines a
// crashed predecessor left behind, samples the GPUs, provides llama-server
// (configured, cached, or built with progress), runs each pool's supervisors,
// and fans every replica state change out to event subscribers. stop() ends
// every engine (SIGTERM to each group, SIGKILL after the grace period).
import path from 'node:path';
import { redactingLoggerConfig } from '@llama-orch/contracts';
import type { GpuInventory, LlorchConfig, PoolConfig, PoolEvent, Replica } from '@llama-orch/contracts';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { PoolManagerError } from './errors.js';
import { createGpuMonitor } from './inventory/gpu-monitor.js';
import type { GpuMonitor } from './inventory/gpu-monitor.js';
import { createModelSource } from './preflight/model-source.js';
import { ensureLlamaServer, findLlamaServerBinary } from '@llama-orch/engine-provision';
import { DEFAULT_RESTART_POLICY } from './replica/backoff.js';
import type { RestartPolicy } from './replica/backoff.js';
import type { StateChange } from './replica/replica-record.js';
import type { SupervisorTimings } from './replica/supervisor-types.js';
import { createEnginePids, reapLeftoverEngines } from './pool/engine-pids.js';
import { createPoolController } from './pool/pool-controller.js';
import { poolFootprint } from './pool/pool-footprint.js';
import type { PoolController } from './pool/pool-controller.js';
import { createVramLedger } from './pool/vram-ledger.js';
import { findExecutable } from './util/find-executable.js';
import { createOrderedLock } from './util/ordered-lock.js';

export interface PoolManagerOptions {
  config: LlorchConfig;
  logger?: Logger;
  /** Where the logger built here writes (when `logger` is not given); stdout by default. */
  logDestination?: DestinationStream;
  /** Literal secret values (the API token) that the logger built here never writes. */
  logSecrets?: readonly string[];
  /** Environment for nvidia-smi and the engines (PATH decides which binaries run). Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  restartPolicy?: Partial<RestartPolicy>;
  timings?: Partial<Omit<SupervisorTimings, 'startupTimeoutMs'>>;
  /** GPU sampling interval (POOL-026); default 5000 ms. */
  gpuSampleIntervalMs?: number;
  /** Where llama-server builds are cached; defaults to the user cache. */
  llamaServerCacheRoot?: string;
  /** Build progress of llama-server, when it has to be built. */
  onBuildProgress?: (line: string) => void;
  /** Receives every event from the very first transition (subscribe() only sees later ones). */
  onEvent?: (event: PoolEvent) => void;
  now?: () => number;
  random?: () => number;
}

export interface PoolManager {
  readonly config: LlorchConfig;
  readonly logger: Logger;
  start(): Promise<void>;
  stop(): Promise<void>;
  pools(): readonly PoolController[];
  pool(id: string): PoolController | undefined;
  replicas(poolId?: string): Replica[];
  gpus(): GpuInventory;
  readiness(): { ready: boolean; reasons: string[] };
  /** Live replica state changes; returns the unsubscribe function. */
  subscribe(listener: (event: PoolEvent) => void): () => void;
  /** Waits until every preloaded pool's replicas are Ready or failed once. */
  settled(): Promise<void>;
}

export const DEFAULT_SUPERVISOR_TIMINGS: Omit<SupervisorTimings, 'startupTimeoutMs'> = {
  probeIntervalMs: 1_000,
  probeTimeoutMs: 2_000,
  probeFailures: 3,
  stopGraceMs: 5_000,
};

export function createPoolManager(options: PoolManagerOptions): PoolManager {
  const { config } = options;
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const logger =
    options.logger ??
    pino(
      // MET-030: the same redaction policy as orchestratord's logger.
      redactingLoggerConfig({
        service: 'pool-managerd',
        level: config.observability.log_level,
        secrets: options.logSecrets ?? [],
      }),
      options.logDestination ?? pino.destination(1),
    );
  const stateDir = config.server.state_dir;
  const listeners = new Set<(event: PoolEvent) => void>(options.onEvent ? [options.onEvent] : []);
  const ledger = createVramLedger();
  const planning = createOrderedLock();
  let eventId = 0;
  let started = false;
  let gpus: GpuMonitor | undefined;
  let controllers: PoolController[] = [];
  const builds = new Map<string, Promise<{ binaryPath: string; version: string }>>();
  // Aborted by stop(): a first-run llama-server build must not outlive Ctrl-C (its compilers are killed).
  const lifetime = new AbortController();

  const publish = (change: StateChange): void => {
    const event: PoolEvent = {
      event: 'replica_state',
      id: String(++eventId),
      data: { type: 'replica_state', ...change },
    };
    for (const listener of listeners) listener(event);
  };

  const llamaServer = (pool: PoolConfig): Promise<{ binaryPath: string; version: string }> => {
    const configured = pool.launch?.binary;
    const cuda = pool.devices !== 'cpu';
    const key = configured ?? (cuda ? 'build:cuda' : 'build:cpu');
    let found = builds.get(key);
    if (found === undefined) {
      found = (async () => {
        if (configured !== undefined) {
          const located = await findExecutable(configured, env);
          if (located === undefined) {
            throw new PoolManagerError(
              'ENGINE_UNAVAILABLE',
              `llama-server ${configured} (launch.binary of pool ${pool.id}) is not found or not executable`,
              { poolId: pool.id },
            );
          }
          const probe = await findLlamaServerBinary(located, { env });
          return { binaryPath: located, version: probe?.version ?? 'unknown' };
        }
        const say =
          options.onBuildProgress ?? ((line: string) => logger.info({ build: line }, 'llama-server build'));
        const ensured = await ensureLlamaServer({
          cuda,
          env,
          onProgress: say,
          signal: lifetime.signal,
          ...(options.llamaServerCacheRoot && { cacheRoot: options.llamaServerCacheRoot }),
        });
        return { binaryPath: ensured.binaryPath, version: ensured.version };
      })().catch((cause: unknown) => {
        builds.delete(key);
        if (cause instanceof PoolManagerError) throw cause;
        throw new PoolManagerError(
          'ENGINE_UNAVAILABLE',
          `pool ${pool.id}: no usable llama-server: ${(cause as Error).message}`,
          { cause, poolId: pool.id },
        );
      });
      builds.set(key, found);
    }
    return found;
  };

  const manager: PoolManager = {
    config,
    logger,
    async start() {
      if (started) return;
      started = true;
      const reap = await reapLeftoverEngines(stateDir);
      if (reap.liveOwner !== null) {
        throw new Error(
          `another pool-managerd (pid ${reap.liveOwner}) runs with state dir ${stateDir}; stop it first or give this one another server.state_dir`,
        );
      }
      for (const engine of reap.reaped)
        logger.warn(
          { replica_id: engine.replica_id, pid: engine.pid },
          'terminated an engine left by a previous run',
        );
      const pids = createEnginePids(stateDir);
      gpus = createGpuMonitor({
        env,
        ...(options.gpuSampleIntervalMs && { intervalMs: options.gpuSampleIntervalMs }),
        onSample: (s) => ledger.settle(s.at_ms),
      });
      const first = await gpus.start();
      if (first.probe.ok)
        logger.info({ gpus: first.gpus.map((g) => `${g.index}: ${g.name}`) }, 'GPU inventory');
      else logger.warn({ detail: first.probe.detail }, 'no GPU inventory');
      const cpuPools = config.pools.filter((p) => p.devices === 'cpu').map((p) => p.id);
      if (cpuPools.length > 0)
        logger.warn(
          { pools: cpuPools, cpu_fallback: true },
          'CPU development fallback: these pools run on the CPU, not on a GPU',
        );
      const models = createModelSource({ config });
      // POOL-053: read once from each model's header, before anything loads.
      const footprints = await Promise.all(config.pools.map((pool) => poolFootprint(pool, models, logger)));
      controllers = config.pools.map((pool, i) =>
        createPoolController(pool, {
          models,
          footprintBytes: footprints[i] ?? null,
          gpus: gpus!,
          ledger,
          planning,
          llamaServer,
          env,
          timings: { ...DEFAULT_SUPERVISOR_TIMINGS, ...options.timings },
          policy: { ...DEFAULT_RESTART_POLICY, ...options.restartPolicy },
          logDir: path.join(stateDir, 'logs'),
          pids,
          publish,
          logger,
          now,
          ...(options.random && { random: options.random }),
        }),
      );
      for (const controller of controllers) controller.start();
    },
    async stop() {
      lifetime.abort(new Error('pool-managerd is stopping'));
      await Promise.all(controllers.map((c) => c.stop()));
      gpus?.stop();
      listeners.clear();
    },
    pools: () => controllers,
    pool: (id) => controllers.find((c) => c.id === id),
    replicas: (poolId) =>
      controllers.filter((c) => poolId === undefined || c.id === poolId).flatMap((c) => c.replicas()),
    gpus() {
      const sample = gpus?.current();
      return {
        gpus: sample?.gpus ?? [],
        cpu_fallback: config.pools.some((p) => p.devices === 'cpu'),
        probe: sample?.probe ?? { ok: false, detail: 'pool-managerd has not started' },
      };
    },
    readiness() {
      const reasons: string[] = [];
      if (!started || gpus === undefined || gpus.current().at_ms === 0)
        reasons.push('the GPU probe has not run yet');
      for (const controller of controllers) {
        if (!controller.config.preload) continue;
        const health = controller.health();
        if (!health.ready)
          reasons.push(
            `pool ${controller.id}: no replica is Ready${health.last_error ? ` (${health.last_error})` : ''}`,
          );
      }
      return { ready: reasons.length === 0, reasons };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async settled() {
      await Promise.all(controllers.filter((c) => c.config.preload).map((c) => c.settled()));
    },
  };
  return manager;
}
