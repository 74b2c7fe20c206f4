// WA-002, WA-013: one simulator process: an HTTP server, its loading phase, and routing to a front-end.
// Why: loading behaviour differs per engine and the adapters' readiness logic depends on
// it: llama.cpp answers 503 on every route while loading; vLLM, TGI and Triton refuse
// connections until the model is up (we reproduce that by calling listen() late).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { OOM_LINES, createSimEngine } from './engine-core.js';
import type { EngineEffects, SimEngine } from './engine-core.js';
import type { FrontEnd, FrontEndFactory } from './front-end.js';
import { BadRequest, sendJson } from './http-kit.js';
import { LLAMACPP_LOADING_BODY, createLlamaCppFrontEnd } from './llamacpp.js';
import type { SimProtocol, SimulatorOptions } from './options.js';
import { createTgiFrontEnd } from './tgi.js';
import { createTritonFrontEnd } from './triton.js';
import { createVllmFrontEnd } from './vllm.js';

const FRONT_ENDS: Record<SimProtocol, FrontEndFactory> = {
  llamacpp: createLlamaCppFrontEnd,
  vllm: createVllmFrontEnd,
  tgi: createTgiFrontEnd,
  triton: createTritonFrontEnd,
};

/** Not part of any engine's protocol: a read-only window for tests into the simulated engine. */
export const STATE_PATH = '/__simulator/state';

/** Progress reports, in order: `port` (deferred-listen engines only), `listening`, `ready`. */
export type SimulatorPhaseEvent =
  | { type: 'port'; endpoint: string }
  | { type: 'listening'; endpoint: string }
  | { type: 'ready'; endpoint: string };

export interface SimulatorServerOptions {
  options: SimulatorOptions;
  effects: EngineEffects;
  onPhase(event: SimulatorPhaseEvent): void;
}

export interface SimulatorServer {
  readonly engine: SimEngine;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Which routes one listening socket serves: all, all but /metrics, or only /metrics. */
type Serves = 'all' | 'api' | 'metrics';

function dispatch(frontEnd: FrontEnd, engine: SimEngine, isLoading: () => boolean, serves: Serves = 'all') {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if ((url.pathname === '/metrics') !== (serves === 'metrics') && serves !== 'all')
      return frontEnd.sendError(res, 404, `no route for ${req.method} ${url.pathname} on this port`);
    if (url.pathname === STATE_PATH) {
      return sendJson(res, 200, {
        protocol: engine.options.protocol,
        model: engine.options.model,
        phase: isLoading() ? 'loading' : 'ready',
        counters: engine.counters(),
        slots: engine.slots(),
      });
    }
    if (isLoading()) return sendJson(res, 503, LLAMACPP_LOADING_BODY);
    const route = frontEnd.routes.find(
      (r) =>
        r.method === req.method &&
        (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)),
    );
    if (route === undefined)
      return frontEnd.sendError(res, 404, `no route for ${req.method} ${url.pathname}`);
    try {
      await route.handler(req, res, url);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BadRequest) return frontEnd.sendError(res, 400, error.message);
      frontEnd.sendError(
        res,
        500,
        `simulator bug: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

async function reservePort(host: string, port: number): Promise<number> {
  if (port !== 0) return port;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, resolve);
  });
  const reserved = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return reserved;
}

export function createSimulatorServer({
  options,
  effects,
  onPhase,
}: SimulatorServerOptions): SimulatorServer {
  const engine = createSimEngine(options, effects);
  const frontEnd = FRONT_ENDS[options.protocol](engine);
  let loading = true;
  const split = options.metricsPort !== null;
  const server: Server = createServer((req, res) => {
    res.on('error', () => undefined);
    void dispatch(frontEnd, engine, () => loading, split ? 'api' : 'all')(req, res);
  });
  // Triton's --metrics-port: a second socket that serves /metrics alone.
  const metricsServer: Server | null = split
    ? createServer((req, res) => {
        res.on('error', () => undefined);
        void dispatch(frontEnd, engine, () => loading, 'metrics')(req, res);
      })
    : null;
  // Streams may idle for long stretches (hang faults, slow pacing); never time them out here.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 1000;

  const endpointOf = (port: number) => `http://${options.host}:${port}`;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host, () => resolve((server.address() as AddressInfo).port));
    });

  async function load(): Promise<void> {
    const oom = engine.fault('oom-at-load') !== undefined;
    await sleep(oom ? options.loadingMs / 2 : options.loadingMs);
    if (oom) {
      for (const line of OOM_LINES) effects.stderr(line);
      await effects.crash(1);
    }
  }

  return {
    engine,
    async start() {
      if (options.protocol === 'llamacpp') {
        const port = await listen(options.port);
        onPhase({ type: 'listening', endpoint: endpointOf(port) });
        await load();
        loading = false;
        onPhase({ type: 'ready', endpoint: endpointOf(port) });
        return;
      }
      const reserved = await reservePort(options.host, options.port);
      onPhase({ type: 'port', endpoint: endpointOf(reserved) });
      await load();
      loading = false;
      if (metricsServer !== null) {
        await new Promise<void>((resolve, reject) => {
          metricsServer.once('error', reject);
          metricsServer.listen(options.metricsPort ?? 0, options.host, resolve);
        });
      }
      const port = await listen(reserved);
      onPhase({ type: 'listening', endpoint: endpointOf(port) });
      onPhase({ type: 'ready', endpoint: endpointOf(port) });
    },
    close: async () => {
      for (const open of [server, metricsServer]) {
        if (open === null) continue;
        open.closeAllConnections();
        await new Promise<void>((resolve) => open.close(() => resolve()));
      }
    },
  };
}
