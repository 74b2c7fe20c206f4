// ORCHD session endpoints (ORCHD-027, ORCHD-028): inspect a session's
// TTL, turns, KV warmth and budgets, or evict it. Eviction is idempotent.
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../errors.js';
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
    if (session === undefined) {
      throw notFound(
        `no live session ${request.params.id.slice(0, 64)}; it may have expired or been evicted`,
      );
    }
    return session;
  });

  app.delete<{ Params: SessionParams }>('/v1/sessions/:id', async (request, reply) => {
    plane.evictSession(request.params.id);
    return reply.code(204).send();
  });
};
