// Every failure prints the typed code, the server's message, the correlation
// id and what to do next, and maps to the documented exit status.
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, openSse, sseText, startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import { runAgainst } from './support/test-io.js';

const TASK = '3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11';
let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => server.close());

/** A port nothing listens on: bind one, note it, close it. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('error reporting', () => {
  it('401 says to set LLORCH_API_TOKEN and exits 4 [CLI-016, CLI-017]', async () => {
    server.route('GET', '/v1/capabilities', (_r, res) =>
      json(res, 401, {
        code: 'INVALID_PARAMS',
        message: 'missing API token: send Authorization: Bearer <token> or X-API-Key',
      }),
    );
    const run = await runAgainst(server.url, ['caps']);
    expect(run.status).toBe(4);
    expect(run.stderr).toBe(
      'error AUTH (server code INVALID_PARAMS, HTTP 401, correlation id corr-fake-1): missing API token: send Authorization: Bearer <token> or X-API-Key\n' +
        "  hint: no token was sent: set LLORCH_API_TOKEN (or --token, or `token:` in the config file) to the workstation's token\n",
    );
  });

  it('403 says the token does not match and exits 4 [CLI-016, CLI-017]', async () => {
    server.route('GET', '/v1/replicasets', (_r, res) =>
      json(res, 403, {
        code: 'INVALID_PARAMS',
        message: 'API token rejected: check LLORCH_API_TOKEN on the client',
      }),
    );
    const run = await runAgainst(server.url, ['replicasets']);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain("hint: the token does not match the server's");
  });

  it('connection refused says to start the service or open the tunnel and exits 1 [CLI-016, CLI-017, HOME-004]', async () => {
    const port = await deadPort();
    const run = await runAgainst(`http://127.0.0.1:${port}`, ['status']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^error NETWORK \(correlation id llorch-[0-9a-f-]{36}\): cannot reach orchestratord at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\n/,
    );
    expect(run.stderr).toContain(
      'start the service (`pnpm start` on the workstation) or open the SSH tunnel',
    );
  });

  it('an error frame exits 5 with the frame code, the stream correlation id and a hint [CLI-016, CLI-017]', async () => {
    server.route('GET', `/v1/tasks/${TASK}/stream`, (_r, res) => {
      openSse(res, { 'x-correlation-id': 'corr-from-stream' });
      res.end(
        sseText([
          { event: 'started', data: { queue_position: 0, predicted_start_ms: 1 } },
          { event: 'token', data: { t: 'half', i: 0 } },
          {
            event: 'error',
            data: {
              code: 'WORKER_RESET',
              message: 'engine process on replica tiny-bigram-0 exited mid-stream; resubmit the task',
              retriable: true,
            },
          },
        ]),
      );
    });
    const run = await runAgainst(server.url, ['stream', TASK]);
    expect(run.status).toBe(5);
    expect(run.stdout).toBe('half');
    expect(run.stderr).toContain(
      'error WORKER_RESET (correlation id corr-from-stream): engine process on replica tiny-bigram-0 exited mid-stream',
    );
    expect(run.stderr).toContain('hint: the engine restarted mid-task; resubmit the task');
  });

  it('a task canceled by someone else exits 1 and says so [CLI-017]', async () => {
    server.route('GET', `/v1/tasks/${TASK}/stream`, (_r, res) => {
      openSse(res);
      res.end(
        sseText([
          { event: 'started', data: { queue_position: 0, predicted_start_ms: 1 } },
          { event: 'end', data: { tokens_out: 0, decode_ms: 0, canceled: true } },
        ]),
      );
    });
    const run = await runAgainst(server.url, ['stream', TASK]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('someone else canceled this task');
  });

  it('an unknown option or a missing argument is a usage error, exit 2 [CLI-017]', async () => {
    expect((await runAgainst(server.url, ['submit', '--no-such-flag'])).status).toBe(2);
    const missing = await runAgainst(server.url, ['cancel']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'task-id'");
    const badInt = await runAgainst(server.url, ['submit', '--max-tokens', 'lots', 'x']);
    expect(badInt.status).toBe(2);
    expect(badInt.stderr).toContain('--max-tokens must be an integer');
    expect(server.requests).toHaveLength(0);
  });

  it('a non-orchestratord answer is reported as such, not as a crash [CLI-016]', async () => {
    server.route('GET', '/v1/capabilities', (_r, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    const run = await runAgainst(server.url, ['caps']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error PROTOCOL (HTTP 502');
    expect(run.stderr).toContain('hint: check that --endpoint points at orchestratord');
  });
});
