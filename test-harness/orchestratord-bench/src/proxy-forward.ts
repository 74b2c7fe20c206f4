// What both Node baseline proxies (plain-proxy.ts, fastify-proxy.ts) do with a request:
// send it on to the one engine over node:http with a keep-alive agent and relay the
// reply to the client chunk by chunk, as it arrives.
import { Agent, request, type ClientRequest, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';

/** The engine URL from `--target URL`; exits with usage when it is missing. */
export function targetFromArgs(script: string): URL {
  const { values } = parseArgs({ options: { target: { type: 'string' } } });
  if (values.target === undefined) {
    console.error(`usage: tsx src/${script} --target URL`);
    process.exit(2);
  }
  return new URL(values.target);
}

/**
 * A function that forwards one request to `target`: the caller writes the body into the
 * returned request and ends it; `onEnd` runs once the whole reply has been relayed.
 */
export function forwarder(target: URL) {
  const agent = new Agent({ keepAlive: true });
  return (
    method: string,
    path: string,
    res: ServerResponse,
    onEnd?: (status: number) => void,
  ): ClientRequest => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path,
        method: method === 'GET' ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        agent,
      },
      (reply) => {
        const status = reply.statusCode ?? 502;
        res.writeHead(status, {
          'content-type': String(reply.headers['content-type'] ?? 'application/octet-stream'),
        });
        reply.on('data', (chunk: Buffer) => res.write(chunk));
        reply.on('end', () => {
          res.end();
          onEnd?.(status);
        });
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    return upstream;
  };
}
