// ORCHD session endpoints (ORCHD-027, ORCHD-028, ORCHD-094): inspect a session's
// TTL, turns, KV warmth and budgets, or evict it. Eviction is idempotent. A session
// belongs to the client that opened it: to another client it does not exist (404 on
// read, a 204 that changes nothing on delete); the owner sees and evicts every session.
import type { FastifyPluginAsync } from 'fastify';
import { sessionVisibleTo, unknownSession } from '../clients/client-admission.js';
import { clientOf } from '../clients/client-identity.js';
import type { DataPlane } from '../data-plane.js';

export interface SessionRoutesOptions {
  dataPlane: DataPlane;
}

interface SessionParams {
  id: string;
}

export const sessionRoutes: FastifyPluginAsync<SessionRoutesOptions> = async (app, options) => {
  const plane = options.dataPlane;

  app.get<{ Params: SessionParams }>('/v1/sessions/:id', async (request) => {
    const session = plane.session(request.params.id);
    if (session === undefined || !sessionVisibleTo(session, clientOf(request))) {
      throw unknownSession(request.params.id);
    }
    return session;
  });

  app.delete<{ Params: SessionParams }>('/v1/sessions/:id', async (request, reply) => {
    const session = plane.session(request.params.id);
    if (session === undefined || sessionVisibleTo(session, clientOf(request))) {
      plane.evictSession(request.params.id);
    }
    return reply.code(204).send();
  });
};
