// Test engine front: a real HTTP proxy in front of an engine simulator that
// records every request the engine gets (in order, and whether the client
// hung up before the answer ended) and can break one part of the llama.cpp
// protocol, chosen at start, so each self-test step can be made to fail alone.
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export type ProxyFault =
  /** GET /props answers 500: the engine cannot describe itself. */
  | 'props-500'
  /** POST /completion answers 500 before any token. */
  | 'completion-500'
  /** Once a client hung up on a running /completion, GET /health answers 500 for good. */
  | 'unhealthy-after-cancel'
  /** GET /metrics answers 501, as llama-server does when started without --metrics. */
  | 'metrics-501'
  /** Once a client hung up on a running /completion, GET /metrics reports that request still running. */
  | 'slot-stuck-after-cancel';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** n_predict of a /completion body. */
  nPredict?: number;
  /** answered: the whole answer went out; hung-up: the client left first; faulted: the proxy's fault answered. */
  outcome: 'pending' | 'answered' | 'hung-up' | 'faulted';
}

export interface RecordingProxy {
  readonly endpoint: string;
  readonly requests: readonly ProxiedRequest[];
  close(): Promise<void>;
}

function sendError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: status, message, type: 'server_error' } }));
}

export async function startRecordingProxy(upstream: string, fault?: ProxyFault): Promise<RecordingProxy> {
  const target = new URL(upstream);
  const requests: ProxiedRequest[] = [];
  let hungUpOnCompletion = false;

  const faultFor = (entry: ProxiedRequest): [number, string] | undefined => {
    if (fault === 'props-500' && entry.path === '/props') return [500, 'model metadata unavailable'];
    if (fault === 'completion-500' && entry.path === '/completion')
      return [500, 'decode failed: KV cache corrupt'];
    if (fault === 'metrics-501' && entry.path === '/metrics')
      return [501, 'This server does not support metrics endpoint. Start it with `--metrics`'];
    if (fault === 'unhealthy-after-cancel' && entry.path === '/health' && hungUpOnCompletion)
      return [500, 'slot 0 is stuck after an aborted request'];
    return undefined;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, entry: ProxiedRequest): void => {
    const upstreamRequest = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        // A connection per request, without the client's hop-by-hop `connection` header: llama-server
        // (and the simulator) hang up after a streamed reply, so a pooled upstream socket could be
        // a closing one (WA-023).
        headers: { ...req.headers, host: target.host, connection: 'close' },
        agent: false,
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstreamRequest.on('error', () => res.destroy());
    res.on('close', () => {
      if (res.writableFinished) {
        entry.outcome = 'answered';
        return;
      }
      entry.outcome = 'hung-up';
      if (entry.path === '/completion') hungUpOnCompletion = true;
      // The engine must see the hang-up too, as it would without a proxy.
      upstreamRequest.destroy();
    });
    upstreamRequest.end(body);
  };

  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    entry: ProxiedRequest,
  ): Promise<void> => {
    if (fault === 'unhealthy-after-cancel' && entry.path === '/health') {
      // A hang-up and the next request travel on different sockets: let a running decode settle first.
      while (requests.some((r) => r.path === '/completion' && r.outcome === 'pending')) await delay(5);
    }
    if (fault === 'slot-stuck-after-cancel' && entry.path === '/metrics' && hungUpOnCompletion) {
      entry.outcome = 'faulted';
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end('# TYPE llamacpp:requests_processing gauge\nllamacpp:requests_processing 1\n');
      return;
    }
    const broken = faultFor(entry);
    if (broken !== undefined) {
      entry.outcome = 'faulted';
      sendError(res, ...broken);
      return;
    }
    forward(req, res, body, entry);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry: ProxiedRequest = {
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://proxy').pathname,
        outcome: 'pending',
      };
      if (entry.path === '/completion') {
        const parsed = JSON.parse(body.toString('utf8') || '{}') as { n_predict?: number };
        if (parsed.n_predict !== undefined) entry.nPredict = parsed.n_predict;
      }
      requests.push(entry);
      void answer(req, res, body, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
