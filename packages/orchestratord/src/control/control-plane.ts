// ORCHD control plane assembly (ORCHD-031..ORCHD-041, ORCHD-048): opens the
// catalog and artifact stores from config, wraps the daemon's metrics so the
// latency histograms also feed the SLO windows, and offers the admission gate
// the data plane consults. `controlRoutes` registers the three route groups as
// encapsulated plugins inside buildApp's authenticated scope.
import { join } from 'node:path';
import type { LlorchConfig } from '@llama-orch/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { DataPlane } from '../data-plane.js';
import type { OrchestratordError } from '../errors.js';
import type { DaemonMetrics } from '../metrics/metrics-registry.js';
import { artifactRoutes } from './artifact-routes.js';
import { openArtifactStore, type ArtifactStore } from './artifact-store.js';
import { catalogRoutes } from './catalog-routes.js';
import { openCatalogStore } from './catalog-store.js';
import { createCatalog, type Catalog } from './catalog.js';
import { discoveryRoutes } from './discovery-routes.js';
import { reloadDecision, type ReloadDecision } from './model-lifecycle.js';
import { createModelVerifier } from './model-verifier.js';
import { trustedKeysOf } from './signature-check.js';
import { createSloWindows, tapLatencies, type SloWindows } from './slo-window.js';

export interface ControlPlaneOptions {
  config: LlorchConfig;
  logger: Logger;
  metrics: DaemonMetrics;
  now?: () => number;
}

export interface ControlPlane {
  readonly catalog: Catalog;
  readonly artifacts: ArtifactStore;
  readonly slo: SloWindows;
  /** The daemon's metrics with the SLO tap: hand these to the data plane. */
  readonly metrics: DaemonMetrics;
  /** For the data plane's admission: a refusal for a Retired, Deprecated or untrusted model. */
  admissionGate(modelRef: string): OrchestratordError | undefined;
  /** ORCHD-074: whether a pool may be reloaded onto `modelRef`, and the digest pool-managerd must check. */
  reloadDecision(modelRef: string, requestedDigest: string | undefined): ReloadDecision;
}

export async function createControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const slo = createSloWindows();
  const metrics = tapLatencies(options.metrics, slo);
  const store = await openCatalogStore({ dir: config.catalog.dir, logger });
  const catalog = createCatalog({
    store,
    verifier: createModelVerifier({
      modelsDir: join(config.server.state_dir, 'models'),
      pools: config.pools,
      trustedKeys: trustedKeysOf(config.catalog.trusted_keys),
      logger,
      now,
    }),
    metrics,
    logger,
    trustPolicy: config.catalog.trust_policy,
    now,
  });
  const artifacts = await openArtifactStore({
    dir: config.artifacts.dir,
    maxBytes: config.artifacts.max_bytes,
    logger,
    now,
  });
  return {
    catalog,
    artifacts,
    slo,
    metrics,
    admissionGate: (modelRef) => catalog.admissionRefusal(modelRef),
    reloadDecision: (modelRef, requestedDigest) =>
      reloadDecision(modelRef, catalog.get(modelRef), config.catalog.trust_policy, requestedDigest),
  };
}

export interface ControlRoutesOptions {
  control: ControlPlane;
  dataPlane: DataPlane;
}

export const controlRoutes: FastifyPluginAsync<ControlRoutesOptions> = async (app, options) => {
  const lifetime = new AbortController();
  app.addHook('onClose', async () => lifetime.abort(new Error('orchestratord is closing')));
  await app.register(catalogRoutes, { catalog: options.control.catalog, lifetime: lifetime.signal });
  await app.register(artifactRoutes, { artifacts: options.control.artifacts });
  await app.register(discoveryRoutes, {
    dataPlane: options.dataPlane,
    slo: options.control.slo,
    servable: (modelRef) => options.control.admissionGate(modelRef) === undefined,
  });
};
