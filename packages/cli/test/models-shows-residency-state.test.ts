// `llorch models` (CLI-022): every servable model from GET /v1/models with its
// residency state (ORCHD-075), against a real HTTP server. An older daemon that
// lists bare OpenAI models still prints, with '-' where it says nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenAiModelList } from '@llama-orch/contracts';
import { json, startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import { openAiError } from './support/fake-openai-chat.js';
import { runAgainst } from './support/test-io.js';

const MIB = 1024 * 1024;
const base = { object: 'model', created: 1_700_000_000, owned_by: 'llama-orch' } as const;

const residency: OpenAiModelList = {
  object: 'list',
  data: [
    {
      ...base,
      id: 'qwen2.5-coder-14b',
      state: 'resident',
      on_demand: false,
      pinned: false,
      devices: [0],
      footprint_bytes: 11_500 * MIB,
    },
    {
      ...base,
      id: 'autocomplete-1.5b',
      state: 'loading',
      on_demand: true,
      pinned: true,
      devices: [1],
      footprint_bytes: 1_700 * MIB,
    },
    {
      ...base,
      id: 'tiny-coder',
      state: 'resident',
      on_demand: true,
      pinned: false,
      devices: [],
      footprint_bytes: 151 * MIB,
    },
    {
      ...base,
      id: 'tiny-chat',
      state: 'unloaded',
      on_demand: true,
      pinned: false,
      devices: [],
      footprint_bytes: null,
    },
  ],
};

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => server.close());

describe('llorch models', () => {
  it('prints state, on-demand (pinned marked), devices and memory per model [CLI-022, ORCHD-079]', async () => {
    server.route('GET', '/v1/models', (_r, res) => json(res, 200, residency));
    const run = await runAgainst(server.url, ['models']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'MODEL              STATE     ON-DEMAND     DEVICES  MEMORY',
        'qwen2.5-coder-14b  resident  no            gpu 0    11.2 GiB',
        'autocomplete-1.5b  loading   yes (pinned)  gpu 1    1.7 GiB',
        'tiny-coder         resident  yes           cpu      151 MiB',
        'tiny-chat          unloaded  yes           -        -',
        '',
      ].join('\n'),
    );
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer secret-token-123');
  });

  it("prints '-' for the fields an older daemon does not send [CLI-022]", async () => {
    server.route('GET', '/v1/models', (_r, res) =>
      json(res, 200, { object: 'list', data: [{ ...base, id: 'tiny-bigram' }] }),
    );
    const run = await runAgainst(server.url, ['models']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      'MODEL        STATE  ON-DEMAND  DEVICES  MEMORY\ntiny-bigram  -      -          -        -\n',
    );
  });

  it('says so when no model is servable [CLI-022]', async () => {
    server.route('GET', '/v1/models', (_r, res) => json(res, 200, { object: 'list', data: [] }));
    const run = await runAgainst(server.url, ['models']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('no servable models\n');
  });

  it('--json prints the server list unchanged [CLI-013, CLI-022]', async () => {
    server.route('GET', '/v1/models', (_r, res) => json(res, 200, residency));
    const run = await runAgainst(server.url, ['--json', 'models']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(residency);
  });

  it('a rejected token names the auth hint and exits 4 [CLI-016, CLI-017]', async () => {
    server.route('GET', '/v1/models', (_r, res) =>
      openAiError(res, 401, {
        message: 'missing API token',
        type: 'authentication_error',
        code: 'invalid_api_key',
      }),
    );
    const run = await runAgainst(server.url, ['models']);
    expect(run.status).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error AUTH (HTTP 401, correlation id corr-fake-1): missing API token');
    expect(run.stderr).toContain('hint: no token was sent: set LLORCH_API_TOKEN');
  });

  it('a daemon that is down says to start it and exits 1 [CLI-016, CLI-017]', async () => {
    const url = server.url;
    await server.close();
    const run = await runAgainst(url, ['models']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error NETWORK`);
    expect(run.stderr).toContain(`cannot reach orchestratord at ${url} (ECONNREFUSED)`);
    server = await startFakeServer();
  });
});
