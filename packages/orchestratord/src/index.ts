// Public door of @llama-orch/orchestratord: the daemon factory, its lifecycle
// and the typed error the data plane raises. Named exports only.
export { buildApp } from './app.js';
export type { BuildAppOptions, OrchestratordApp, RouteDeps } from './app.js';
export type { ControlPlane } from './control/control-plane.js';
export type { Catalog } from './control/catalog.js';
export type { ArtifactStore } from './control/artifact-store.js';
export { startOrchestratord } from './daemon.js';
export type { RunningOrchestratord, StartOrchestratordOptions } from './daemon.js';
export type { StatusInventory } from './routes/status-routes.js';
export { DEFAULT_TUNING } from './data-plane.js';
export type {
  DaemonState,
  DataPlane,
  DataPlaneTuning,
  PoolView,
  Readiness,
  ReplicaChange,
  ReplicaView,
  ServedModel,
  SessionInfo,
} from './data-plane.js';
export { OrchestratordError, isOrchestratordError, toEnvelope } from './errors.js';
export type { OrchestratordErrorContext, OrchestratordErrorOptions } from './errors.js';
export { assertSafeBind, isLoopbackHost } from './http/bind-guard.js';
export { createLogger } from './logging/logger.js';
export type { LoggerOptions } from './logging/logger.js';
export type { ReplicaBinding, ReplicaReadiness } from './replicas/replica-set.js';
export type { LoadOutcome, ModelLoader, UnloadReason } from './residency/model-loader.js';
export { createDaemonMetrics } from './metrics/metrics-registry.js';
export type { DaemonMetrics, MetricsContractShape } from './metrics/metrics-registry.js';
export { startOverPoolManagerd } from './engines/over-pool-managerd.js';
export type { OrchestratordOverPool, OverPoolManagerdOptions } from './engines/over-pool-managerd.js';
export { startPoolManagerLink } from './engines/pool-managerd-link.js';
export type { PoolManagerLink, PoolManagerLinkOptions } from './engines/pool-managerd-link.js';
export { poolRoutes } from './engines/pool-routes.js';
export type { PoolRoutesOptions } from './engines/pool-routes.js';
export type { StreamEvent } from './streaming/stream-events.js';
