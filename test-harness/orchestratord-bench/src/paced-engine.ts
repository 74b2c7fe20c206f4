// A llama.cpp-protocol engine that emits tokens at an exact, configurable rate
// (paced-stream.ts) on llama-server's native /completion and on its OpenAI chat
// route /v1/chat/completions, with the /apply-template and /tokenize calls the
// llama.cpp adapter makes to count a chat prompt at admission. Runs as its own process:
//   tsx src/paced-engine.ts --rate 10000 --slots 64
// and prints {"endpoint": "..."} on stdout once it listens. Like llama-server, a request
// beyond the declared slots is served rather than refused (llama-server defers it).
// It streams only: a chat request without stream:true is refused with a 400.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { pace, type PacedFrames } from './paced-stream.js';
import {
  MODEL_PATH,
  chatFrames,
  countTokens,
  nativeFrames,
  renderChat,
  tokensAsked,
  type Body,
} from './paced-wire.js';

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

const refuse = (res: ServerResponse, status: number, message: string): void =>
  json(res, status, { error: { code: status, message, type: 'invalid_request_error' } });

async function readBody(req: IncomingMessage): Promise<Body> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('not an object');
  return parsed as Body;
}

function stream(res: ServerResponse, total: number, frames: PacedFrames): void {
  busy += 1;
  pace(res, RATE, total, frames, () => {
    busy -= 1;
  });
}

/** POST routes, by path: each answers one parsed JSON body. */
const POST_ROUTES: Record<string, (res: ServerResponse, body: Body) => void> = {
  '/completion': (res, body) => {
    const total = tokensAsked(body, 16);
    stream(res, total, nativeFrames(total, countTokens(String(body['prompt'] ?? ''))));
  },
  '/v1/chat/completions': (res, body) => {
    const messages = body['messages'];
    if (!Array.isArray(messages) || messages.length === 0) {
      return refuse(res, 400, "'messages' must be a non-empty array");
    }
    if (body['stream'] !== true) return refuse(res, 400, 'the paced engine only streams; send stream: true');
    const options = (body['stream_options'] ?? {}) as Body;
    const total = tokensAsked(body, 16);
    const promptTokens = countTokens(renderChat(messages));
    stream(res, total, chatFrames(total, promptTokens, options['include_usage'] === true));
  },
  '/apply-template': (res, body) => {
    const messages = body['messages'];
    if (!Array.isArray(messages)) return refuse(res, 400, "'messages' must be an array");
    json(res, 200, { prompt: renderChat(messages) });
  },
  '/tokenize': (res, body) => {
    const count = countTokens(String(body['content'] ?? ''));
    json(res, 200, { tokens: Array.from({ length: count }, (_, i) => i) });
  },
};

const server = createServer((req, res) => {
  const path = req.url ?? '/';
  if (req.method === 'GET' && path === '/health') return json(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/props') {
    return json(res, 200, {
      build_info: 'paced-engine',
      total_slots: SLOTS,
      model_path: MODEL_PATH,
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
  const route = req.method === 'POST' ? POST_ROUTES[path] : undefined;
  if (route === undefined) return refuse(res, 404, 'not found');
  readBody(req)
    .then((body) => route(res, body))
    .catch(() => refuse(res, 400, 'bad request body'));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
