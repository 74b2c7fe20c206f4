// A real HTTP server on 127.0.0.1 for the mediated-fetch tests to fetch from.
// It records every request it receives (method, path, headers, body), so a test
// can prove what reached the target and what never did, and it notes when a
// response it was still writing was cut off by the client.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type LlorchConfig } from '@llama-orch/contracts';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { buildApp, createLogger, type OrchestratordApp } from '../../src/index.js';
import { LogSink, TOKEN } from './harness.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FetchTarget {
  readonly port: number;
  readonly received: ReceivedRequest[];
  /** Streamed responses the client closed before the server finished writing them. */
  readonly cutOff: string[];
  url(path: string, host?: string): string;
  close(): Promise<void>;
}

export const BIG_BODY_BYTES = 4 * 1024 * 1024;
export const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x01, 0xc3]);

async function streamBig(res: ServerResponse, cutOff: string[], path: string): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const chunk = Buffer.alloc(16 * 1024, 0x61);
  let closed = false;
  res.once('close', () => {
    closed = true;
    if (!res.writableFinished) cutOff.push(path);
  });
  for (let sent = 0; sent < BIG_BODY_BYTES && !closed; sent += chunk.length) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.once('drain', done).once('close', done);
      });
    }
  }
  if (!closed) res.end();
}

export async function startFetchTarget(): Promise<FetchTarget> {
  const received: ReceivedRequest[] = [];
  const cutOff: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', path, headers: req.headers, body });
      switch (path) {
        case '/hello':
          res.writeHead(200, {
            'content-type': 'text/plain; charset=utf-8',
            'set-cookie': 'session=COOKIE_SECRET_7c1e',
            'x-target': 'yes',
            'keep-alive': 'timeout=5',
          });
          return res.end('hello from the target ✓');
        case '/echo':
          res.writeHead(201, { 'content-type': 'text/plain' });
          return res.end(body);
        case '/redirect':
          res.writeHead(302, { location: `http://localhost:${port()}/hello` });
          return res.end();
        case '/binary':
          res.writeHead(200, { 'content-type': 'image/png' });
          return res.end(BINARY);
        case '/big-declared':
          res.writeHead(200, { 'content-length': String(BIG_BODY_BYTES) });
          return res.end(Buffer.alloc(BIG_BODY_BYTES, 0x62));
        case '/big':
          return void streamBig(res, cutOff, path);
        case '/silent':
          return; // never answers: the fetch's timeout has to end it
        default:
          res.writeHead(404);
          return res.end('no such page');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;
  return {
    port: port(),
    received,
    cutOff,
    url: (path, host = 'localhost') => `http://${host}:${port()}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface FetchAppOptions {
  policy: Record<string, unknown>;
  /** The daemon's clock (rate bucket, durations). */
  now?: () => number;
}

export function fetchConfig(policy: Record<string, unknown>): LlorchConfig {
  return parseConfig({
    server: { bind: '127.0.0.1', port: 0, state_dir: mkdtempSync(join(tmpdir(), 'llorch-fetch-')) },
    pool_manager: { port: 0 },
    pools: [
      { id: 'mock', engine: 'llamacpp', model: { ref: 'mock' }, devices: 'cpu', allow_cpu_fallback: true },
    ],
    policy,
  });
}

/** orchestratord as buildApp() makes it, with its logs in memory and the given fetch policy. */
export async function buildFetchApp(options: FetchAppOptions): Promise<OrchestratordApp & { logs: LogSink }> {
  const logs = new LogSink();
  const built = await buildApp({
    config: fetchConfig(options.policy),
    replicas: [{ pool_id: 'mock', replica_id: 'mock-0', adapter: createMockAdapter({ tokenDelayMs: 0 }) }],
    token: TOKEN,
    logger: createLogger({ level: 'info', destination: logs, secrets: [TOKEN] }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  await built.app.ready();
  return { ...built, logs };
}

/** The audit line of one request, found by its correlation id. */
export function auditLine(logs: LogSink, correlationId: string): Record<string, unknown>[] {
  return logs.records().filter((r) => r.msg === 'fetch audit' && r.correlation_id === correlationId);
}
