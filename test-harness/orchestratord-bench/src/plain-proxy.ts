// The plain proxy the benchmark measures beside orchestratord (DEVELOPERS: ratios
// against the engine direct and a plain proxy in the same run): a bare Node HTTP
// server that forwards each request to one engine over node:http with a keep-alive
// agent and relays the reply chunk by chunk (proxy-forward.ts). No framework, no auth,
// no parsing, no queue: the cost of one more Node process and two more loopback hops
// on this machine, the floor for any proxy written in Node. (Until the eleventh
// session it forwarded with undici, which measured 0.2–0.3 ms slower here.)
// Runs as its own process: tsx src/plain-proxy.ts --target URL; prints {"endpoint": …}.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwarder, targetFromArgs } from './proxy-forward.js';

const forward = forwarder(targetFromArgs('plain-proxy.ts'));

const server = createServer((req, res) => {
  req.pipe(forward(req.method ?? 'POST', req.url ?? '/', res));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
