// ORCHD-096: GET /v1/clients, the owner's view of every agent client: weight, limits, usage since
// start and what it holds now. Only the owner may read it; a client's key is told that this route
// needs the owner token (the view names every other client and what each used).
import type { FastifyPluginAsync } from 'fastify';
import { clientOf } from '../clients/client-identity.js';
import type { DataPlane } from '../data-plane.js';
import { tokenRejected } from '../errors.js';

export interface ClientRoutesOptions {
  dataPlane: DataPlane;
}

export const clientRoutes: FastifyPluginAsync<ClientRoutesOptions> = async (app, options) => {
  app.get('/v1/clients', async (request) => {
    const client = clientOf(request);
    if (!client.owner) {
      throw tokenRejected(
        `owner token required: client ${client.name} may not read GET /v1/clients; ask with the deployment token (LLORCH_API_TOKEN)`,
      );
    }
    return { clients: options.dataPlane.clients() };
  });
};
