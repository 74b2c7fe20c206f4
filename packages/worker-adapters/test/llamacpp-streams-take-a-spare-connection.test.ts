// WA-024: llama.cpp streams go out on a connection opened ahead of need. The
// engine here records, per connection, when it was accepted and which requests
// it carried, so the tests read off the wire whether a stream paid a connect
// after it was asked for, whether a spare outlives its 2 s, and whether a spare
// the engine drops is replaced instead of failing the stream.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLlamaCppAdapter, resolveSamplerProfile } from '../src/index.js';
import { collect } from './conformance/helpers.js';

interface Connection {
  acceptedAt: number;
  requests: { at: number; connection: string | undefined }[];
  closedAt?: number;
}

interface Engine {
  endpoint: string;
  connections: Connection[];
  close(): Promise<void>;
}

let engines: Engine[] = [];

afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()));
  engines = [];
});

/**
 * A llama.cpp-shaped engine answering one token per stream. `dropIdleAfterMs`: a
 * connection whose first request comes later than that after it was accepted is
 * destroyed as the request arrives (an engine closing an idle connection just as
 * the client writes on it).
 */
async function startEngine(dropIdleAfterMs?: number): Promise<Engine> {
  const connections: Connection[] = [];
  const bySocket = new WeakMap<Socket, Connection>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const conn = bySocket.get(req.socket)!;
    const at = performance.now();
    conn.requests.push({ at, connection: req.headers.connection });
    if (
      dropIdleAfterMs !== undefined &&
      conn.requests.length === 1 &&
      at - conn.acceptedAt > dropIdleAfterMs
    ) {
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ content: ' fox', stop: false })}\n\n`);
      res.end(
        `data: ${JSON.stringify({ content: '', stop: true, stop_type: 'limit', tokens_predicted: 1 })}\n\n`,
      );
    });
  });
  server.on('connection', (socket: Socket) => {
    const conn: Connection = { acceptedAt: performance.now(), requests: [] };
    connections.push(conn);
    bySocket.set(socket, conn);
    socket.on('close', () => (conn.closedAt = performance.now()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const engine: Engine = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  engines.push(engine);
  return engine;
}

const sampler = resolveSamplerProfile('default-v1')!;
const request = { prompt: 'the', max_tokens: 1, seed: 1, sampler };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('llama.cpp streams take a connection opened ahead of need [WA-024]', () => {
  it('after the first stream, each back-to-back stream goes out on a connection accepted before it was asked for', async () => {
    const engine = await startEngine();
    const adapter = createLlamaCppAdapter({ endpoint: engine.endpoint });
    const askedAt: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await pause(20); // the spare has time to connect, as between an agent's requests
      askedAt.push(performance.now());
      const events = await collect(adapter.complete(request));
      expect(events.at(-1)).toMatchObject({ type: 'end', stats: { stop_reason: 'limit' } });
    }
    const used = engine.connections.filter((c) => c.requests.length > 0);
    expect(used).toHaveLength(5);
    // One request per connection, each announcing that the connection ends with it (WA-023).
    for (const c of used) expect(c.requests).toEqual([expect.objectContaining({ connection: 'close' })]);
    expect(used[0]!.acceptedAt).toBeGreaterThan(askedAt[0]!);
    for (let i = 1; i < 5; i += 1) expect(used[i]!.acceptedAt).toBeLessThan(askedAt[i]!);
  });

  it('closes a spare nobody took after 2 s, so an idle engine holds no connection of ours', async () => {
    const engine = await startEngine();
    const adapter = createLlamaCppAdapter({ endpoint: engine.endpoint });
    await collect(adapter.complete(request));
    await pause(100);
    const spare = engine.connections.find((c) => c.requests.length === 0);
    expect(spare).toBeDefined();
    expect(spare!.closedAt).toBeUndefined();
    await pause(2_400);
    expect(engine.connections.every((c) => c.closedAt !== undefined)).toBe(true);
    expect(spare!.closedAt! - spare!.acceptedAt).toBeGreaterThanOrEqual(1_900);
  });

  it('replaces a spare the engine drops as the request arrives with a fresh connection, and the stream succeeds', async () => {
    const engine = await startEngine(50);
    const adapter = createLlamaCppAdapter({ endpoint: engine.endpoint });
    await collect(adapter.complete(request));
    await pause(150); // the spare now sat idle longer than this engine keeps idle connections
    const events = await collect(adapter.complete(request));
    expect(events.at(-1)).toMatchObject({ type: 'end', stats: { stop_reason: 'limit' } });
    const dropped = engine.connections.filter(
      (c) => c.requests.length === 1 && c.requests[0]!.at - c.acceptedAt > 50,
    );
    expect(dropped).toHaveLength(1);
    expect(engine.connections.filter((c) => c.requests.length === 1)).toHaveLength(3);
  });

  it('does not retry once the engine has answered: a stream cut mid-way is a WORKER_RESET, sent once', async () => {
    let requests = 0;
    const server = createServer((req, res) => {
      requests += 1;
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: ${JSON.stringify({ content: ' fox', stop: false })}\n\n`, () =>
          req.socket.destroy(),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    engines.push({
      endpoint: '',
      connections: [],
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    });
    const adapter = createLlamaCppAdapter({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
    await collect(adapter.complete(request)).catch(() => undefined);
    await pause(50);
    await expect(collect(adapter.complete(request))).rejects.toMatchObject({ code: 'WORKER_RESET' });
    expect(requests).toBe(2);
  });
});
