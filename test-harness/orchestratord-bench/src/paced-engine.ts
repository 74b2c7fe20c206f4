// A llama.cpp-protocol engine that emits tokens at an exact, configurable rate
// (including rates far above 1k tok/s, which timer-per-token simulators cannot
// reach). Tokens due since the last tick go out in one write, like a fast engine
// that decodes in bursts. Runs as its own process:
//   tsx src/paced-engine.ts --rate 10000 --slots 64
// and prints {"endpoint": "..."} on stdout once it listens. Like llama-server, a request
// beyond the declared slots is served rather than refused (llama-server defers it).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '1000' }, slots: { type: 'string', default: '64' } },
});
const RATE = Number(values.rate);
const SLOTS = Number(values.slots);
let busy = 0;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function complete(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): void {
  const total = Number(body.n_predict ?? 16);
  const promptTokens =
    String(body.prompt ?? '')
      .split(/\s+/)
      .filter(Boolean).length + 1;
  busy += 1;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const started = performance.now();
  let sent = 0;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    busy -= 1;
  };
  res.on('close', finish);
  const tick = () => {
    if (done) return;
    const due = Math.min(total, Math.floor(((performance.now() - started) * RATE) / 1000) + 1);
    let chunk = '';
    for (; sent < due; sent++) {
      chunk += `data: {"index":0,"content":" t${sent % 100}","tokens":[${sent}],"stop":false,"tokens_predicted":${sent + 1}}\n\n`;
    }
    if (sent >= total) {
      const ms = performance.now() - started;
      chunk += `data: {"index":0,"content":"","stop":true,"stop_type":"limit","tokens_predicted":${total},"tokens_evaluated":${promptTokens},"timings":{"predicted_ms":${ms}}}\n\n`;
      res.end(chunk);
      finish();
      return;
    }
    if (chunk !== '') res.write(chunk);
    const next = ((sent + 1) * 1000) / RATE - (performance.now() - started);
    if (next <= 0) setImmediate(tick);
    else setTimeout(tick, Math.max(0, Math.floor(next)));
  };
  tick();
}

const server = createServer((req, res) => {
  const path = req.url ?? '/';
  if (req.method === 'GET' && path === '/health') return json(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/props') {
    return json(res, 200, {
      build_info: 'paced-engine',
      total_slots: SLOTS,
      model_path: 'paced.gguf',
      default_generation_settings: { n_ctx: 1_000_000 },
    });
  }
  if (req.method === 'GET' && path === '/slots') {
    return json(
      res,
      200,
      Array.from({ length: SLOTS }, (_, id) => ({ id, n_ctx: 1_000_000, is_processing: id < busy })),
    );
  }
  if (req.method === 'GET' && path === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end(`llamacpp:requests_processing ${busy}\n`);
  }
  if (req.method === 'POST' && (path === '/completion' || path === '/tokenize')) {
    readBody(req)
      .then((body) => {
        if (path === '/tokenize') {
          const count =
            String(body.content ?? '')
              .split(/\s+/)
              .filter(Boolean).length + 1;
          return json(res, 200, { tokens: Array.from({ length: count }, (_, i) => i) });
        }
        return complete(req, res, body);
      })
      .catch(() => json(res, 400, { error: { code: 400, message: 'bad request body' } }));
    return;
  }
  json(res, 404, { error: { code: 404, message: 'not found' } });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
