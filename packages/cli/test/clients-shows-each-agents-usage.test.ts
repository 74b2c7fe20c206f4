// `llorch clients` (CLI-024, ORCHD-096): every agent client from GET /v1/clients with its weight,
// limits, what it holds now and what it used, as a table or as the server's JSON; a client's key
// gets the server's 403 with the CLI's usual error line and exit status.
import type { ClientList } from '@llama-orch/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import { runAgainst } from './support/test-io.js';

const list: ClientList = {
  clients: [
    {
      name: 'aider',
      owner: false,
      weight: 2,
      max_priority: 'interactive',
      limits: { max_concurrent: 2, max_queued: 1, tokens_per_minute: 20_000, models: ['tiny-bigram'] },
      usage: {
        admitted: 41,
        completed: 38,
        failed: 1,
        canceled: 2,
        refused: { max_concurrent: 3, tokens_per_minute: 1, max_priority: 2, models: 1 },
        tokens_in: 51_200,
        tokens_out: 9_100,
        gpu_seconds: 212.44,
      },
      now: { queued: 1, running: 2, queue_share: 0.25, tokens_last_minute: 4_200 },
    },
    {
      name: 'owner',
      owner: true,
      weight: 1,
      max_priority: 'interactive',
      limits: { max_concurrent: null, max_queued: null, tokens_per_minute: null, models: null },
      usage: {
        admitted: 3,
        completed: 3,
        failed: 0,
        canceled: 0,
        refused: { max_concurrent: 0, tokens_per_minute: 0, max_priority: 0, models: 0 },
        tokens_in: 12,
        tokens_out: 30,
        gpu_seconds: 0.5,
      },
      now: { queued: 3, running: 0, queue_share: 0.75, tokens_last_minute: 0 },
    },
  ],
};

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => server.close());

describe('llorch clients', () => {
  it('prints one row per client: weight, limits, now and usage [CLI-024]', async () => {
    server.route('GET', '/v1/clients', (_r, res) => json(res, 200, list));
    const run = await runAgainst(server.url, ['clients']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        'CLIENT  WEIGHT  CONCURRENT  QUEUED MAX  TOKENS/MIN  RUNNING  QUEUED  SHARE  DONE/FAILED/CANCELED  REFUSED  TOKENS IN/OUT  GPU-S',
        'aider   2       2           1           20000       2        1       25%    38/1/2                7        51200/9100     212.4',
        'owner   1       -           -           -           0        3       75%    3/0/0                 0        12/30          0.5',
        '',
      ].join('\n'),
    );
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer secret-token-123');
  });

  it('prints the server’s JSON with --json [CLI-024]', async () => {
    server.route('GET', '/v1/clients', (_r, res) => json(res, 200, list));
    const run = await runAgainst(server.url, ['clients', '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(list);
  });

  it('a client key’s 403 is an authentication failure naming the owner token [CLI-024, CLI-016]', async () => {
    server.route('GET', '/v1/clients', (_r, res) =>
      json(res, 403, {
        code: 'INVALID_PARAMS',
        message: 'owner token required: client aider may not read GET /v1/clients',
        retriable: false,
      }),
    );
    const run = await runAgainst(server.url, ['clients']);
    expect(run.status).toBe(4);
    expect(run.stderr).toMatch(/owner token required/);
  });
});
