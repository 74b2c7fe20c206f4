// ORCHD auth (OC-005, OC-006): every protected route needs the shared
// API token as `Authorization: Bearer <t>` or `X-API-Key: <t>`; missing is 401,
// wrong is 403. Comparison is constant-time over fixed-length digests so the
// response time leaks neither the token's length nor a matching prefix.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { OWNER_IDENTITY } from '../clients/client-identity.js';
import { missingToken, tokenRejected } from '../errors.js';

export interface AuthPluginOptions {
  /** null disables auth; only allowed on a loopback bind (see assertSafeBind). */
  token: string | null;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function tokensMatch(expected: string | Buffer, presented: string): boolean {
  return timingSafeEqual(typeof expected === 'string' ? digest(expected) : expected, digest(presented));
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
  if (options.token === null) return;
  const expected = digest(options.token);
  app.addHook('onRequest', async (request) => {
    const presented = presentedToken(request);
    if (presented === undefined) {
      throw missingToken('missing API token: send `Authorization: Bearer <token>` or `X-API-Key: <token>`');
    }
    if (!tokensMatch(expected, presented)) {
      throw tokenRejected(
        'API token rejected: check LLORCH_API_TOKEN or the token file the daemon printed at startup',
      );
    }
    request.llorchClient = OWNER_IDENTITY;
  });
};

export default fp(authPlugin, { name: 'llorch-auth', fastify: '5.x' });
