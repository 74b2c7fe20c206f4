// ORCHD application factory (ORCHD-048, HOUSE_STYLE 8): `buildApp()` assembles the
// Fastify instance (auth, correlation ids, error envelope, routes) around a
// data plane, separate from `listen()` so tests drive it with inject() or a
// real socket alike. Cross-cutting plugins use fastify-plugin; each route
// group is an encapsulated plugin.
import { loadMetricsContract, type LlorchConfig } from '@llama-orch/contracts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { openClientDirectory, type ClientDirectory } from './clients/client-directory.js';
import { compatRoutes } from './compat/compat-routes.js';
import { controlRoutes, createControlPlane, type ControlPlane } from './control/control-plane.js';
import { createDataPlane, type DataPlane, type DataPlaneTuning } from './data-plane.js';
import authPlugin from './http/auth-plugin.js';
import correlationPlugin, { correlationIdFor } from './http/correlation-plugin.js';
import errorHandlerPlugin, { frameworkErrors } from './http/error-handler-plugin.js';
import { RequestLogController } from './http/request-log.js';
import { createLogger } from './logging/logger.js';
import {
  createDaemonMetrics,
  type DaemonMetrics,
  type MetricsContractShape,
} from './metrics/metrics-registry.js';
import type { ReplicaBinding } from './replicas/replica-set.js';
import type { ModelLoader } from './residency/model-loader.js';
import { clientRoutes } from './routes/client-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { statusRoutes, type StatusInventory } from './routes/status-routes.js';
import { taskRoutes } from './routes/task-routes.js';
import { uiRoutes } from './routes/ui-routes.js';
import { fetchRoutes } from './tools/fetch-routes.js';

export interface BuildAppOptions {
  config: LlorchConfig;
  /** One binding per replica id; the launcher gets them from pool-managerd (engines/pool-managerd-link.ts). */
  replicas: readonly ReplicaBinding[];
  /** The shared API token; null only for a loopback-only daemon without auth. */
  token: string | null;
  /** Where clients' token_env variables are read (CFG-031); process.env by default. */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  metricsContract?: MetricsContractShape;
  tuning?: Partial<DataPlaneTuning>;
  /**
   * The data plane's clock in milliseconds (admission, first-token and decode times, deadlines
   * left); defaults to the high-resolution wall clock. Embedders and tests may share one clock
   * with an engine so latencies are exact.
   */
  now?: () => number;
  /** Loads and unloads on-demand pools (ORCHD-076); the launcher's is pool-managerd. */
  modelLoader?: ModelLoader;
  /** GPUs and replica lifecycle states for the status stream (ORCHD-080); the launcher's is pool-managerd's. */
  statusInventory?: StatusInventory;
  /** Largest accepted request body; prompts can be long. */
  bodyLimitBytes?: number;
  /** How long close() lets queued and running tasks finish before aborting them. */
  drainGraceMs?: number;
  /**
   * More route groups (e.g. the control plane) registered inside the
   * authenticated scope, so they get auth, correlation ids and the error
   * envelope like every data-plane route.
   */
  registerRoutes?: (scope: FastifyInstance, deps: RouteDeps) => Promise<void>;
}

/** What extra route groups may use. */
export interface RouteDeps {
  readonly config: LlorchConfig;
  readonly dataPlane: DataPlane;
  readonly metrics: DaemonMetrics;
  readonly logger: Logger;
  /** The control plane, e.g. for the catalog's verdict on a model a pool is asked to reload onto. */
  readonly control: ControlPlane;
}

export interface OrchestratordApp {
  readonly app: FastifyInstance;
  readonly dataPlane: DataPlane;
  readonly metrics: DaemonMetrics;
  readonly logger: Logger;
  /** Catalog, artifacts and discovery (src/control). */
  readonly control: ControlPlane;
  /** Whose token is whose (ORCHD-083); null when auth is off. `reload` re-reads the token files (SIGHUP). */
  readonly clients: ClientDirectory | null;
}

export async function buildApp(options: BuildAppOptions): Promise<OrchestratordApp> {
  const logger =
    options.logger ??
    createLogger({
      level: options.config.observability.log_level,
      secrets: options.token === null ? [] : [options.token],
    });
  const clients = await openClients(options, logger);
  const baseMetrics = createDaemonMetrics(options.metricsContract ?? (await loadMetricsContract()));
  const control = await createControlPlane({ config: options.config, logger, metrics: baseMetrics });
  const { metrics } = control; // the same series, with latencies also feeding the SLO windows
  const dataPlane = createDataPlane({
    config: options.config,
    replicas: options.replicas,
    logger,
    metrics,
    admissionGate: control.admissionGate,
    ...(options.modelLoader === undefined ? {} : { modelLoader: options.modelLoader }),
    ...(options.tuning === undefined ? {} : { tuning: options.tuning }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const heartbeatMs = dataPlane.tuning.heartbeatMs;
  const startedAt = Date.now();

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: correlationIdFor,
    // One line per request, when it ends (MET-029), instead of Fastify's incoming/completed pair.
    logController: new RequestLogController({ requestIdLogLabel: 'correlation_id' }),
    bodyLimit: options.bodyLimitBytes ?? 4 * 1024 * 1024,
    // Requests during a drain reach the handlers, which answer with a typed envelope.
    return503OnClosing: false,
    // Failures found before routing (an undecodable URL) leave in the one envelope too.
    frameworkErrors,
    // The drain has flushed every stream's terminal frame by then; nothing left open is worth waiting for.
    forceCloseConnections: true,
  });
  await app.register(correlationPlugin);
  await app.register(errorHandlerPlugin);
  // ORCHD-081: the status page's static files need no token; its data call below does.
  await app.register(uiRoutes);
  await app.register(async (scope) => {
    await scope.register(authPlugin, { keys: clients });
    await scope.register(healthRoutes, { readiness: () => dataPlane.readiness(), startedAt });
    await scope.register(taskRoutes, { dataPlane, heartbeatMs });
    await scope.register(compatRoutes, { dataPlane, heartbeatMs, startedAt });
    await scope.register(sessionRoutes, { dataPlane });
    await scope.register(clientRoutes, { dataPlane });
    await scope.register(metricsRoutes, { metrics });
    await scope.register(controlRoutes, { control, dataPlane });
    await scope.register(statusRoutes, {
      dataPlane,
      inventory: options.statusInventory,
      intervalMs: dataPlane.tuning.metricsIntervalMs,
    });
    await scope.register(fetchRoutes, {
      policy: options.config.policy,
      token: options.token,
      logger,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    await options.registerRoutes?.(scope, { config: options.config, dataPlane, metrics, logger, control });
  });
  app.addHook('onReady', async () => dataPlane.start());
  app.addHook('preClose', async () => dataPlane.drain(options.drainGraceMs ?? 10_000));
  app.addHook('onClose', async () => clients?.close());
  return { app, dataPlane, metrics, logger, control, clients };
}

/** ORCHD-083: the owner's and every client's key; a bad or shared client token stops the start (CFG-031). */
async function openClients(options: BuildAppOptions, logger: Logger): Promise<ClientDirectory | null> {
  if (options.token === null) {
    if (options.config.clients.length > 0) {
      logger.warn(
        { clients: options.config.clients.map((c) => c.name) },
        'auth is off (no API token): clients are not told apart, every request acts as the owner',
      );
    }
    return null;
  }
  return openClientDirectory({
    config: options.config,
    ownerToken: options.token,
    env: options.env ?? process.env,
    logger,
  });
}
