// The framework's own floor, measured beside orchestratord in the chat TTFT section:
// Fastify 5 set up as the product sets it up at its default log level (the product's
// own logger: pino JSON lines to stdout, written in batches, one `info` line per
// request when it ends), parsing the JSON body as every route does and forwarding it,
// re-serialized, as the plain proxy does (proxy-forward.ts). No auth, admission,
// queue, placement or SSE re-encoding: what is left of an overhead goal once the
// framework the toolchain pins has taken its share.
// Runs as its own process: tsx src/fastify-proxy.ts --target URL; prints {"endpoint": …}.
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { createLogger } from '@llama-orch/orchestratord';
import { forwarder, targetFromArgs } from './proxy-forward.js';

const forward = forwarder(targetFromArgs('fastify-proxy.ts'));
const logger = createLogger({ level: 'info' });
const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, disableRequestLogging: true });

app.post('/v1/chat/completions', (req, reply) => {
  reply.hijack();
  const started = performance.now();
  const upstream = forward('POST', req.url, reply.raw, (status) =>
    req.log.info(
      { method: req.method, url: req.url, status, duration_ms: performance.now() - started },
      'request completed',
    ),
  );
  upstream.end(JSON.stringify(req.body));
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
// After pino's own "listening" line, which goes to the same stdout.
process.stdout.write(`${JSON.stringify({ endpoint: address })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
