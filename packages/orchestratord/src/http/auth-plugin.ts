// ORCHD auth (OC-005, OC-006, ORCHD-083, ORCHD-084): every protected route needs a token
// as `Authorization: Bearer <t>` or `X-API-Key: <t>`; missing is 401, one nobody holds is
// 403. The client directory says whose token it is (the owner's, or a named client's),
// comparing digests in constant time; a client's key is then held to the routes clients
// may use. Without a token (loopback only) every request is the owner's.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ClientDirectory } from '../clients/client-directory.js';
import { assertRouteAllowed } from '../clients/route-access.js';
import { missingToken, tokenRejected } from '../errors.js';

export interface AuthPluginOptions {
  /** null disables auth; only allowed on a loopback bind (see assertSafeBind). */
  keys: ClientDirectory | null;
}

/** The token the client presented, or undefined when it sent none. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.length > 0) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match?.[1] !== undefined) return match[1];
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey.trim();
  return undefined;
}

const authPlugin: FastifyPluginAsync<AuthPluginOptions> = async (app, options) => {
  // One shape for every request object (V8 hidden classes): declared here, set by the hook.
  if (!app.hasRequestDecorator('llorchClient')) app.decorateRequest('llorchClient', null);
  const { keys } = options;
  if (keys === null) return;
  app.addHook('onRequest', async (request) => {
    const presented = presentedToken(request);
    if (presented === undefined) {
      throw missingToken('missing API token: send `Authorization: Bearer <token>` or `X-API-Key: <token>`');
    }
    const client = keys.identify(presented);
    if (client === undefined) {
      throw tokenRejected(
        "API token rejected: check LLORCH_API_TOKEN or the token file the daemon printed at startup, or the agent client's own token file",
      );
    }
    request.llorchClient = client;
    assertRouteAllowed(request, client);
  });
};

export default fp(authPlugin, { name: 'llorch-auth', fastify: '5.x' });
