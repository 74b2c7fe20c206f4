// orchestratord over pool-managerd run in-process (startLocalReplicas), the
// way the product's entry wires them, for tests that need a whole daemon:
// one call to start both, one stop() for both, and a pool shape for engines
// the test runs itself (simulators at fixed endpoints).
import type { LlorchConfig } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import {
  poolRoutes,
  startLocalReplicas,
  startOrchestratord,
  type DataPlaneTuning,
  type LocalReplicas,
  type RunningOrchestratord,
} from '../../src/index.js';
import { TOKEN } from './harness.js';

/** A CPU pool of engines someone else runs at `endpoint`, serving the simulators' `golden` model. */
export const endpointPool = (id: string, engine: string, endpoint: string) => ({
  id,
  engine,
  model: { ref: 'golden' },
  devices: 'cpu',
  allow_cpu_fallback: true,
  ctx: 2048,
  endpoints: [endpoint],
});

export interface LocalDaemon {
  daemon: RunningOrchestratord;
  local: LocalReplicas;
  stop(): Promise<void>;
}

export interface LocalDaemonOptions {
  logger: Logger;
  tuning?: Partial<DataPlaneTuning>;
  /** Serve the pool routes (health, drain, reload) and follow pool-managerd's events, as the product does. */
  poolRoutes?: { reloadTimeoutMs: number };
}

export async function startLocalDaemon(
  config: LlorchConfig,
  options: LocalDaemonOptions,
): Promise<LocalDaemon> {
  const { logger } = options;
  const local = await startLocalReplicas(config, { logger, token: TOKEN });
  const routes = options.poolRoutes;
  const daemon = await startOrchestratord({
    config,
    replicas: local.bindings,
    token: TOKEN,
    logger,
    host: '127.0.0.1',
    port: 0,
    ...(options.tuning === undefined ? {} : { tuning: options.tuning }),
    ...(routes === undefined
      ? {}
      : {
          registerRoutes: poolRoutes({
            client: local.link.client,
            url: local.link.url,
            reloadTimeoutMs: routes.reloadTimeoutMs,
            refreshRegistry: () => local.link.refresh(),
          }),
        }),
  });
  if (routes !== undefined) local.link.attach(daemon);
  return {
    daemon,
    local,
    stop: async () => {
      await daemon.stop();
      await local.stop();
    },
  };
}
