// ORCHD-039..ORCHD-041: GET /v1/capabilities and GET /v1/replicasets. Each
// request reads the live replica registry (states and slot counts the probes
// and the dispatcher keep current), so the answer follows drains, crashes and
// reloads without any cache to invalidate.
import { API_VERSION } from '@llama-orch/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { clientOf } from '../clients/client-identity.js';
import { allowsModel } from '../clients/client-policy.js';
import type { DataPlane } from '../data-plane.js';
import { capabilitiesOf, replicaSetOf, servableModelOf, type DiscoveryPool } from './discovery.js';
import type { SloWindows } from './slo-window.js';

export interface DiscoveryRoutesOptions {
  dataPlane: DataPlane;
  slo: SloWindows;
  /** Whether admission would accept tasks for this model (the catalog's verdict). */
  servable: (modelRef: string) => boolean;
}

/** The registry as discovery sees it, with each pool's SLO window and the catalog's verdict. */
export function discoverySnapshot(options: DiscoveryRoutesOptions): DiscoveryPool[] {
  const { dataPlane, slo } = options;
  return dataPlane.pools().map((view) => ({
    ...view,
    slo: slo.snapshot(view.pool.id),
    servable: options.servable(view.modelRef),
  }));
}

export const discoveryRoutes: FastifyPluginAsync<DiscoveryRoutesOptions> = async (app, options) => {
  app.get('/v1/capabilities', async (request) => {
    // ORCHD-085: a client is shown only the models it may use.
    const client = clientOf(request);
    const pools = discoverySnapshot(options).filter((p) => allowsModel(client, p.modelRef));
    const served = options.dataPlane.servedModelStates().filter((m) => allowsModel(client, m.id));
    return {
      ...capabilitiesOf(pools, API_VERSION),
      // ORCHD-075: what a request may name, loaded or not (engines above list only what is Ready).
      servable_models: served.map(servableModelOf),
    };
  });
  app.get('/v1/replicasets', async () => ({
    replica_sets: discoverySnapshot(options).map(replicaSetOf),
  }));
};
