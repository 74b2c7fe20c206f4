// A fake orchestratord for CLI tests: a real HTTP server on 127.0.0.1 whose
// answers each test scripts per route, recording every request it receives.
// Real sockets (not a stubbed fetch) so the CLI's typed client, SSE parsing,
// reconnects and aborts run exactly as they do against the daemon.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type Handler = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** `pattern` is an exact path or a RegExp; later routes win over earlier ones. */
  route(method: string, pattern: string | RegExp, handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeServer(): Promise<FakeServer> {
  const routes: { method: string; pattern: string | RegExp; handler: Handler }[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
      requests.push(recorded);
      const match = [...routes]
        .reverse()
        .find(
          (r) =>
            r.method === recorded.method &&
            (typeof r.pattern === 'string' ? r.pattern === path : r.pattern.test(path)),
        );
      if (match === undefined) {
        json(res, 404, {
          code: 'INVALID_PARAMS',
          message: `fake server has no route for ${recorded.method} ${path}`,
        });
        return;
      }
      Promise.resolve(match.handler(recorded, res)).catch((error: unknown) => {
        res.destroy(error as Error);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (method, pattern, handler) => void routes.push({ method, pattern, handler }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-correlation-id': 'corr-fake-1',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export function noContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

export interface Frame {
  event: 'started' | 'token' | 'metrics' | 'end' | 'error';
  data: unknown;
}

/** SSE frames with ids starting at `firstId`, as orchestratord writes them. */
export function sseText(frames: readonly Frame[], firstId = 0): string {
  return frames
    .map((f, n) => `id: ${firstId + n}\nevent: ${f.event}\ndata: ${JSON.stringify(f.data)}\n\n`)
    .join('');
}

export function openSse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-correlation-id': 'corr-stream-1',
    ...headers,
  });
  res.flushHeaders();
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The frames of a short successful completion. */
export function completionFrames(tokens: readonly string[]): Frame[] {
  return [
    { event: 'started', data: { queue_position: 0, predicted_start_ms: 40 } },
    ...tokens.map((t, i) => ({ event: 'token' as const, data: { t, i } })),
    { event: 'end', data: { tokens_out: tokens.length, decode_ms: 12 } },
  ];
}
