// The plain proxy the benchmark measures beside orchestratord (DEVELOPERS: ratios
// against the engine direct and a plain proxy in the same run): a bare Node HTTP
// server that forwards each request to one engine with undici and relays the reply
// chunk by chunk. No auth, no parsing, no queue: the cost of one more process and two
// more loopback hops on this machine, which no proxy written in Node avoids.
// Runs as its own process: tsx src/plain-proxy.ts --target URL; prints {"endpoint": …}.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';

const { values } = parseArgs({ options: { target: { type: 'string' } } });
const target = values.target;
if (target === undefined) {
  console.error('usage: tsx src/plain-proxy.ts --target URL');
  process.exit(2);
}
const dispatcher = new Agent({ keepAliveTimeout: 60_000 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void (async () => {
      const upstream = await request(`${target}${req.url ?? '/'}`, {
        method: req.method === 'GET' ? 'GET' : 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: chunks.length === 0 ? undefined : Buffer.concat(chunks),
        dispatcher,
      });
      res.writeHead(upstream.statusCode, {
        'content-type': String(upstream.headers['content-type'] ?? 'application/octet-stream'),
      });
      for await (const chunk of upstream.body) res.write(chunk);
      res.end();
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
