// ORCHD daemon lifecycle (ORCHD-046, OC-004, HOME-005): bind safety, listen,
// and drain → grace → force on stop. Kept apart from buildApp so tests and the benchmark start a real
// listening daemon the same way the launcher does.
import type { AddressInfo } from 'node:net';
import { buildApp, type BuildAppOptions, type OrchestratordApp } from './app.js';
import { assertSafeBind, isLoopbackHost } from './http/bind-guard.js';

export interface StartOrchestratordOptions extends BuildAppOptions {
  /** Defaults to config.server.bind / config.server.port. */
  host?: string;
  port?: number;
}

export interface RunningOrchestratord extends OrchestratordApp {
  /** Base URL, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Drains (refuse new work, let held work finish within the grace period), then closes. */
  stop(): Promise<void>;
}

export async function startOrchestratord(options: StartOrchestratordOptions): Promise<RunningOrchestratord> {
  const host = options.host ?? options.config.server.bind;
  const port = options.port ?? options.config.server.port;
  assertSafeBind(host, options.token);
  const built = await buildApp(options);
  await built.app.listen({ host, port });
  if (!isLoopbackHost(host)) {
    built.logger.warn(
      { bind: host },
      'listening on a non-loopback address: reachable from the network (token required)',
    );
  }
  const address = built.app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    ...built,
    url: `http://${shownHost}:${address.port}`,
    stop: () => (stopping ??= built.app.close()),
  };
}
