// ORCHD-084: which routes a client's key may use. Clients get the data plane and what
// agents call (tasks, sessions, the agents' endpoints, discovery reads, mediated fetch,
// the status stream); everything else is the owner's: the control plane (catalog, pool
// drain and reload, artifact writes), /metrics (every client's figures) and any route
// added later until it is listed here. One table, so the spec and a test can check it.
import type { FastifyRequest } from 'fastify';
import { policyDenied } from '../errors.js';
import type { ClientIdentity } from './client-identity.js';

/** `METHOD path` as Fastify registers the route; HEAD follows its GET. */
export const CLIENT_ROUTES: ReadonlySet<string> = new Set([
  'GET /livez',
  'GET /readyz',
  'POST /v1/tasks',
  'GET /v1/tasks/:id/stream',
  'POST /v1/tasks/:id/cancel',
  'GET /v1/sessions/:id',
  'DELETE /v1/sessions/:id',
  'GET /v1/models',
  'POST /v1/chat/completions',
  'POST /v1/completions',
  'POST /v1/messages',
  'POST /v1/messages/count_tokens',
  'POST /v1/responses',
  'GET /v1/capabilities',
  'GET /v1/replicasets',
  'GET /v1/pools/:id/health',
  'GET /v1/artifacts/:id',
  'GET /v1/status/events',
  'POST /v1/tools/fetch',
]);

export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** Throws 403 POLICY_DENIED (owner_only) when a client's key asks for an owner-only route. */
export function assertRouteAllowed(request: FastifyRequest, client: ClientIdentity): void {
  if (client.owner) return;
  const url = request.routeOptions.url;
  // No route matched: the 404 that follows says so, whoever asked.
  if (url === undefined) return;
  const key = routeKey(request.method, url);
  if (CLIENT_ROUTES.has(key)) return;
  throw policyDenied(
    'owner_only',
    `${key} needs the owner token (LLORCH_API_TOKEN or server.token_file); client "${client.name}" may use the task, session and agents' endpoints`,
  );
}
