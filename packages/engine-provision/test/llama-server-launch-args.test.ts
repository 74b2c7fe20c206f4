// DET-004, POOL-045, POOL-046: the command line that makes llama-server
// deterministic and observable, and the readiness rule (only 200 is ready).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allocateLoopbackPort, llamaServerArgs, probeHealth } from '../src/index.js';

describe('llama-server launch', () => {
  it('runs one slot, one thread, no continuous batching, with metrics, slots, the Jinja chat template and HTTP threads for a stream per slot and four more [DET-004, POOL-045]', () => {
    const args = llamaServerArgs({
      modelPath: '/m/tiny.gguf',
      ctx: 512,
      host: '127.0.0.1',
      port: 8123,
      parallel: 1,
      threads: 1,
      extraArgs: ['--seed', '5'],
    });
    expect(args.join(' ')).toBe(
      '--host 127.0.0.1 --port 8123 -m /m/tiny.gguf -c 512 --parallel 1 -t 1 -nocb --metrics --slots --jinja --threads-http 5 --seed 5',
    );
  });

  it('rejects non-positive numbers before spawning anything [POOL-045]', () => {
    const base = { modelPath: 'm', ctx: 512, host: '127.0.0.1', port: 1, parallel: 1, threads: 1 };
    expect(() => llamaServerArgs({ ...base, ctx: 0 })).toThrow(/ctx must be a positive integer/);
    expect(() => llamaServerArgs({ ...base, threads: 1.5 })).toThrow(/threads/);
  });

  it('hands out a bindable loopback port [POOL-045]', async () => {
    const port = await allocateLoopbackPort();
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    expect((server.address() as AddressInfo).port).toBe(port);
    await new Promise((resolve) => server.close(resolve));
  });

  it('treats connection refused and 503 as not ready, 200 as ready [POOL-046]', async () => {
    const unbound = await allocateLoopbackPort();
    expect(await probeHealth(`http://127.0.0.1:${unbound}`)).toEqual({
      type: 'not-ready',
      detail: 'ECONNREFUSED',
    });
    let status = 503;
    const server = http.createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          status === 200 ? { status: 'ok' } : { error: { message: 'Loading model', code: 503 } },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await probeHealth(endpoint)).toEqual({ type: 'not-ready', detail: 'HTTP 503' });
    status = 200;
    expect(await probeHealth(endpoint)).toEqual({ type: 'ready' });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    // A pooled keep-alive socket may see the close first; either way it is not ready.
    expect(await probeHealth(endpoint)).toMatchObject({ type: 'not-ready' });
  });
});
