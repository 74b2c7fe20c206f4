// POOL-016, POOL-022, POOL-025, OC-004: pool-managerd as a running daemon:
// start the pools, listen (loopback unless the config says otherwise, and
// never without a token off loopback), and stop in order: HTTP closed, then
// every engine group SIGTERMed and, after the grace period, SIGKILLed.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildPoolManagerApp } from './http/app.js';
import { createPoolManager } from './pool-manager.js';
import type { PoolManager, PoolManagerOptions } from './pool-manager.js';

export interface StartPoolManagerdOptions extends PoolManagerOptions {
  token: string | null;
  /** Defaults to config.pool_manager.bind / port. */
  host?: string;
  port?: number;
  heartbeatMs?: number;
}

export interface RunningPoolManagerd {
  readonly url: string;
  readonly manager: PoolManager;
  readonly app: FastifyInstance;
  stop(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/;

export async function startPoolManagerd(options: StartPoolManagerdOptions): Promise<RunningPoolManagerd> {
  const host = options.host ?? options.config.pool_manager.bind;
  const port = options.port ?? options.config.pool_manager.port;
  if (!LOOPBACK.test(host) && options.token === null) {
    throw new Error(
      `pool-managerd refuses to bind ${host} without an API token; set LLORCH_API_TOKEN or server.token_file`,
    );
  }
  const manager = createPoolManager({
    ...options,
    logSecrets: [...(options.logSecrets ?? []), ...(options.token === null ? [] : [options.token])],
  });
  if (!LOOPBACK.test(host))
    manager.logger.warn(
      { bind: host },
      'pool-managerd listens beyond loopback; only orchestratord should reach it',
    );
  const app = await buildPoolManagerApp({
    manager,
    token: options.token,
    ...(options.heartbeatMs && { heartbeatMs: options.heartbeatMs }),
  });
  try {
    await app.listen({ host, port });
    await manager.start();
  } catch (err) {
    await app.close();
    await manager.stop();
    throw err;
  }
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    manager,
    app,
    stop: () =>
      (stopping ??= (async () => {
        await app.close();
        await manager.stop();
      })()),
  };
}
