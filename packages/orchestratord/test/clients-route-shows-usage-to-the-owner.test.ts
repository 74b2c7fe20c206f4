// ORCHD-096: GET /v1/clients shows the owner every configured client and itself: weight, limits,
// usage since start and what each holds now, queue share included. A client's key gets 403 saying
// the route needs the owner token (the route table's owner_only refusal, ORCHD-084).
import { OWNER_CLIENT, type ClientList } from '@llama-orch/contracts';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientIdentity } from '../src/clients/client-identity.js';
import type { RunningOrchestratord } from '../src/index.js';
import { call } from './support/client.js';
import { startTestDaemon, taskBody, waitFor, type LogSink } from './support/harness.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

const CLIENTS = [
  {
    name: 'aider',
    token_env: 'LLORCH_TEST_AIDER',
    weight: 2,
    max_concurrent: 1,
    tokens_per_minute: 5_000,
    models: ['mock'],
  },
  { name: 'codex', token_env: 'LLORCH_TEST_CODEX' },
];

async function start() {
  daemon = await startTestDaemon({
    pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 30, slotsTotal: 1 })] }],
    clients: CLIENTS,
  });
  const plane = daemon.dataPlane;
  const identity = (name: string): ClientIdentity => ({
    name,
    owner: false,
    config: plane.config.clients.find((c) => c.name === name) ?? null,
  });
  return { d: daemon, plane, identity };
}

describe('GET /v1/clients', () => {
  it('lists each client then the owner, with limits, usage and queue share [ORCHD-096]', async () => {
    const { d, plane, identity } = await start();
    const admit = (name: string, max_tokens: number) =>
      plane.admit(taskBody({ max_tokens }), { correlationId: 'c', log: d.logger, client: identity(name) });
    const first = await admit('aider', 4);
    await waitFor(() => plane.transcript(first.admission.task_id)?.terminal !== undefined, 10_000);
    // One slot: codex's first task runs, the next two wait, one of them aider's.
    await admit('codex', 40);
    await waitFor(() => plane.pools()[0]!.replicas[0]!.inFlight === 1, 5_000);
    await admit('codex', 4);
    await admit('aider', 4);

    const answer = await call(d.url, 'GET', '/v1/clients');
    expect(answer.status).toBe(200);
    const { clients } = answer.body as unknown as ClientList;
    expect(clients.map((c) => c.name)).toEqual(['aider', 'codex', OWNER_CLIENT]);
    const [aider, codex, owner] = clients;
    expect(aider).toMatchObject({
      owner: false,
      weight: 2,
      max_priority: 'interactive',
      limits: { max_concurrent: 1, max_queued: 1, tokens_per_minute: 5_000, models: ['mock'] },
      usage: {
        admitted: 2,
        completed: 1,
        failed: 0,
        canceled: 0,
        refused: { max_concurrent: 0, tokens_per_minute: 0 },
        tokens_out: 4,
      },
      now: { queued: 1, running: 0, queue_share: 0.5 },
    });
    expect(aider!.usage.tokens_in).toBeGreaterThan(0);
    expect(aider!.usage.gpu_seconds).toBeGreaterThan(0);
    expect(aider!.now.tokens_last_minute).toBe(aider!.usage.tokens_in + 4);
    expect(codex).toMatchObject({
      weight: 1,
      limits: { max_concurrent: null, max_queued: null, tokens_per_minute: null, models: null },
      now: { queued: 1, running: 1, queue_share: 0.5 },
    });
    expect(owner).toMatchObject({ owner: true, now: { queued: 0, running: 0, queue_share: 0 } });
  });

  it('answers a client’s key with 403: an owner token is required [ORCHD-096]', async () => {
    const { d } = await start();
    // The harness gives each token_env client the key test-key-<name>.
    const refused = await call(d.url, 'GET', '/v1/clients', undefined, {
      authorization: 'Bearer test-key-aider',
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'POLICY_DENIED',
      policy_label: 'owner_only',
      retriable: false,
    });
    expect(String(refused.body.message)).toMatch(/GET \/v1\/clients needs the owner token.*client "aider"/);
    expect((await call(d.url, 'GET', '/v1/clients')).status).toBe(200);
  });
});
