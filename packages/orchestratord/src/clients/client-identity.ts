// Who sent a request (OC-001, CFG-030): the owner (the deployment token, or no
// token on a loopback bind) or one of the named agent clients. The auth hook
// sets it on every protected request; admission carries the name into the task
// so limits, fair share and accounting all see the same client.
import { OWNER_CLIENT, type ClientConfig } from '@llama-orch/contracts';
import type { FastifyRequest } from 'fastify';

export interface ClientIdentity {
  readonly name: string;
  /** The deployment token's holder: no limits, control plane allowed. */
  readonly owner: boolean;
  /** The client's config entry; null for the owner. */
  readonly config: ClientConfig | null;
}

export const OWNER_IDENTITY: ClientIdentity = Object.freeze({
  name: OWNER_CLIENT,
  owner: true,
  config: null,
});

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook; null before it ran (or on routes without a token). */
    llorchClient: ClientIdentity | null;
  }
}

/** The request's client; the owner where auth is disabled (loopback only) or the route takes no token. */
export function clientOf(request: FastifyRequest): ClientIdentity {
  return request.llorchClient ?? OWNER_IDENTITY;
}
