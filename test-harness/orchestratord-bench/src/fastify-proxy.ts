// The framework's own floor, measured beside orchestratord in the chat TTFT section:
// Fastify 5 set up as the product sets it up at its default log level (pino JSON
// lines to stdout through an asynchronous destination, one `info` line per request
// when it ends), parsing the JSON body as every route does and forwarding it,
// re-serialized, over node:http with a keep-alive agent; the reply is relayed chunk
// by chunk. No auth, admission, queue, placement or SSE re-encoding: what is left of
// an overhead goal once the framework the toolchain pins has taken its share.
// Runs as its own process: tsx src/fastify-proxy.ts --target URL; prints {"endpoint": …}.
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';

const { values } = parseArgs({ options: { target: { type: 'string' } } });
if (values.target === undefined) {
  console.error('usage: tsx src/fastify-proxy.ts --target URL');
  process.exit(2);
}
const target = new URL(values.target);
const agent = new Agent({ keepAlive: true });
const logger = pino({ level: 'info' }, pino.destination({ dest: 1, sync: false }));
const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, disableRequestLogging: true });

app.post('/v1/chat/completions', (req, reply) => {
  reply.hijack();
  const res = reply.raw;
  const started = performance.now();
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      path: req.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      agent,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, {
        'content-type': String(answer.headers['content-type'] ?? 'application/octet-stream'),
      });
      answer.on('data', (chunk: Buffer) => res.write(chunk));
      answer.on('end', () => {
        res.end();
        req.log.info(
          {
            method: req.method,
            url: req.url,
            status: answer.statusCode,
            duration_ms: performance.now() - started,
          },
          'request completed',
        );
      });
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(String(error));
  });
  upstream.end(JSON.stringify(req.body));
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
// After pino's own "listening" line, which goes to the same stdout.
process.stdout.write(`${JSON.stringify({ endpoint: address })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
