// ORCHD-039..ORCHD-041: GET /v1/capabilities and GET /v1/replicasets. Each
// request reads the live replica registry (states and slot counts the probes
// and the dispatcher keep current), so the answer follows drains, crashes and
// reloads without any cache to invalidate.
import { API_VERSION } from '@llama-orch/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { DataPlane } from '../data-plane.js';
import { capabilitiesOf, replicaSetOf, type DiscoveryPool } from './discovery.js';
import type { SloWindows } from './slo-window.js';

export interface DiscoveryRoutesOptions {
  dataPlane: DataPlane;
  slo: SloWindows;
  /** Whether admission would accept tasks for this model (the catalog's verdict). */
  servable: (modelRef: string) => boolean;
}

/** The registry as discovery sees it; draining comes from the placement view so both agree. */
export function discoverySnapshot(options: DiscoveryRoutesOptions): DiscoveryPool[] {
  const { dataPlane, slo } = options;
  const ctx = dataPlane.context;
  return [...ctx.replicas.pools.values()].map((pool) => {
    const queueDepth = ctx.queues.get(pool.id)?.size() ?? 0;
    const placementView = ctx.replicas.poolSnapshot(pool.id, queueDepth, ctx.serviceTimes.meanMs(pool.id));
    const draining = new Set(placementView?.replicas.filter((r) => r.draining).map((r) => r.id));
    const modelRef = ctx.replicas.modelRefOf(pool.id) ?? pool.model.ref;
    return {
      pool,
      modelRef,
      queueDepth,
      slo: slo.snapshot(pool.id),
      servable: options.servable(modelRef),
      replicas: ctx.replicas.ofPool(pool.id).map((r) => ({
        id: r.id,
        state: r.state,
        draining: draining.has(r.id),
        engineVersion: r.engineVersion,
        ctxMax: r.ctxMax,
        slotsTotal: r.slotsTotal,
        inFlight: r.inFlight,
        cpu: r.devices === 'cpu',
      })),
    };
  });
}

export const discoveryRoutes: FastifyPluginAsync<DiscoveryRoutesOptions> = async (app, options) => {
  app.get('/v1/capabilities', async () => capabilitiesOf(discoverySnapshot(options), API_VERSION));
  app.get('/v1/replicasets', async () => ({
    replica_sets: discoverySnapshot(options).map(replicaSetOf),
  }));
};
