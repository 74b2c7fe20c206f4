// ORCHD-096: GET /v1/clients, the owner's view of every agent client: weight, limits, usage since
// start and what it holds now. Only the owner may read it (the view names every other client and
// what each used): the route is not in the route table's client list (ORCHD-084), so a client's
// key is refused there with 403 owner_only before this handler runs.
import type { FastifyPluginAsync } from 'fastify';
import type { DataPlane } from '../data-plane.js';

export interface ClientRoutesOptions {
  dataPlane: DataPlane;
}

export const clientRoutes: FastifyPluginAsync<ClientRoutesOptions> = async (app, options) => {
  app.get('/v1/clients', async () => ({ clients: options.dataPlane.clients() }));
};
