// ORCHD process supervision (ORCHD-046, control.yaml /livez, /readyz): `/livez` answers
// while the event loop runs; `/readyz` is 200 only while the daemon accepts
// work and a replica can serve, else 503 with one reason per unmet condition,
// so a supervisor or load balancer can gate on it.
import type { FastifyPluginAsync } from 'fastify';
import type { Readiness } from '../data-plane.js';

export interface HealthRoutesOptions {
  readiness: () => Readiness;
  startedAt: number;
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, options) => {
  app.get('/livez', async () => ({
    live: true,
    uptime_ms: Math.max(0, Math.round(Date.now() - options.startedAt)),
  }));
  app.get('/readyz', async (_request, reply) => {
    const readiness = options.readiness();
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });
};
