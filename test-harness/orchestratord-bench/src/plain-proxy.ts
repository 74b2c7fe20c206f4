// The plain proxy the benchmark measures beside orchestratord (DEVELOPERS: ratios
// against the engine direct and a plain proxy in the same run): a bare Node HTTP
// server that forwards each request to one engine over node:http with a keep-alive
// agent and relays the reply chunk by chunk. No framework, no auth, no parsing, no
// queue: the cost of one more Node process and two more loopback hops on this
// machine, the floor for any proxy written in Node. (Until the eleventh session it
// forwarded with undici, which measured 0.2–0.3 ms slower here than node:http.)
// Runs as its own process: tsx src/plain-proxy.ts --target URL; prints {"endpoint": …}.
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { target: { type: 'string' } } });
if (values.target === undefined) {
  console.error('usage: tsx src/plain-proxy.ts --target URL');
  process.exit(2);
}
const target = new URL(values.target);
const agent = new Agent({ keepAlive: true });

const server = createServer((req, res) => {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      path: req.url ?? '/',
      method: req.method === 'GET' ? 'GET' : 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      agent,
    },
    (reply) => {
      res.writeHead(reply.statusCode ?? 502, {
        'content-type': String(reply.headers['content-type'] ?? 'application/octet-stream'),
      });
      reply.on('data', (chunk: Buffer) => res.write(chunk));
      reply.on('end', () => res.end());
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(String(error));
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
