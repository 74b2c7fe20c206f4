// ORCHD engine wiring (issue 6): every replica the data plane uses comes from
// pool-managerd, which owns the engine processes (launched pools) and
// health-checks external ones (`endpoints`). This keeps the earlier seam's
// name for embedders and tests: it starts an in-process pool-managerd on a
// free loopback port with a private token and hands back its bindings.
import { randomBytes } from 'node:crypto';
import type { LlorchConfig } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import type { ReplicaBinding } from '../replicas/replica-set.js';
import { startPoolManagerLink, type PoolManagerLink } from './pool-managerd-link.js';

export interface LocalReplicasOptions {
  logger: Logger;
  /** Token for the in-process pool-managerd; a random one when unset (only this process talks to it). */
  token?: string;
}

export interface LocalReplicas {
  readonly bindings: ReplicaBinding[];
  readonly link: PoolManagerLink;
  /** Stops pool-managerd and with it every engine it started. */
  stop(): Promise<void>;
}

export async function startLocalReplicas(
  config: LlorchConfig,
  options: LocalReplicasOptions,
): Promise<LocalReplicas> {
  const link = await startPoolManagerLink({
    config,
    token: options.token ?? randomBytes(24).toString('base64url'),
    logger: options.logger,
    port: 0,
  });
  return { bindings: link.bindings, link, stop: () => link.stop() };
}
