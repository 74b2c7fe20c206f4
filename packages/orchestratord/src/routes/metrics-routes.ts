// ORCHD /metrics (MET-001, ORCHD-051): the Prometheus text exposition of the
// contract's series. Behind auth like every other data endpoint; Prometheus
// scrapes it with the same bearer token.
import type { FastifyPluginAsync } from 'fastify';
import type { DaemonMetrics } from '../metrics/metrics-registry.js';

export interface MetricsRoutesOptions {
  metrics: DaemonMetrics;
}

export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, options) => {
  app.get('/metrics', async (_request, reply) => {
    const body = await options.metrics.render();
    return reply.type(options.metrics.contentType).send(body);
  });
};
