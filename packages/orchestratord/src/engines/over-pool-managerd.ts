// ORCHD-045, POOL-022: orchestratord as a process runs it: the daemon over a
// pool-managerd reached only by URL and token (the typed pool client). The
// launcher calls this with the pool-managerd it started beside us or one that
// runs in its own process; either way stopping orchestratord never stops an
// engine, so a restarted orchestratord finds the engines still Ready.
import type { LlorchConfig } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { startOrchestratord, type RunningOrchestratord } from '../daemon.js';
import type { DataPlaneTuning } from '../data-plane.js';
import { startPoolManagerLink, type PoolManagerLink } from './pool-managerd-link.js';
import { createPoolManagerdLoader } from './pool-managerd-loader.js';
import { poolRoutes } from './pool-routes.js';

export interface OverPoolManagerdOptions {
  config: LlorchConfig;
  token: string;
  logger: Logger;
  /** The pool-managerd to use, e.g. http://127.0.0.1:8090. */
  poolManagerdUrl: string;
  /** Defaults to config.server.bind / config.server.port. */
  host?: string;
  port?: number;
  /** Drain grace on stop; defaults to the longest pool drain_ms. */
  drainGraceMs?: number;
  tuning?: Partial<DataPlaneTuning>;
  /** Registry and GPU refresh interval; default 2000 ms. */
  refreshMs?: number;
}

export interface OrchestratordOverPool {
  readonly daemon: RunningOrchestratord;
  readonly link: PoolManagerLink;
  /** Drains and closes orchestratord, then stops following pool-managerd (which keeps running). */
  stop(): Promise<void>;
}

export async function startOverPoolManagerd(
  options: OverPoolManagerdOptions,
): Promise<OrchestratordOverPool> {
  const { config, token, logger } = options;
  const link = await startPoolManagerLink({
    config,
    token,
    logger,
    url: options.poolManagerdUrl,
    ...(options.refreshMs !== undefined && { refreshMs: options.refreshMs }),
  });
  const modelLoader = createPoolManagerdLoader({
    client: link.client,
    replica: (id) => link.replica(id),
    gpus: () => link.gpus(),
    refreshFigures: async () => {
      await Promise.all([link.refresh(), link.refreshGpus()]);
    },
    loadTimeoutMs: (poolId) =>
      (config.pools.find((p) => p.id === poolId)?.timeouts.startup_ms ?? 120_000) + 30_000,
  });
  await modelLoader
    .readFootprints()
    .catch((error: unknown) =>
      logger.warn(
        { err: (error as Error).message },
        'pool-managerd did not report model footprints; residency reads them again after the first load',
      ),
    );
  const daemon = await startOrchestratord({
    config,
    replicas: link.bindings,
    modelLoader,
    statusInventory: { gpus: () => link.gpus(), replicaState: (id) => link.replica(id)?.state },
    token,
    logger,
    drainGraceMs: options.drainGraceMs ?? Math.max(...config.pools.map((p) => p.timeouts.drain_ms)),
    ...(options.host !== undefined && { host: options.host }),
    ...(options.port !== undefined && { port: options.port }),
    ...(options.tuning !== undefined && { tuning: options.tuning }),
    registerRoutes: poolRoutes({
      client: link.client,
      url: link.url,
      reloadTimeoutMs: 2 * Math.max(...config.pools.map((p) => p.timeouts.startup_ms)) + 30_000,
      refreshRegistry: () => link.refresh(),
    }),
  }).catch(async (error: unknown) => {
    await link.stop();
    throw error;
  });
  link.attach(daemon);
  let stopping: Promise<void> | undefined;
  return {
    daemon,
    link,
    stop: () =>
      (stopping ??= (async () => {
        await daemon.stop();
        await link.stop();
      })()),
  };
}
