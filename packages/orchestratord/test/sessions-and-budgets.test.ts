import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, type HarnessOptions, type LogSink } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

async function start(sessions: HarnessOptions['sessions'] = {}) {
  daemon = await startTestDaemon({
    pools: [
      {
        id: 'mock',
        replicas: [createMockAdapter({ tokenDelayMs: 1 }), createMockAdapter({ tokenDelayMs: 1 })],
      },
    ],
    sessions,
  });
  return daemon;
}

async function runTurn(d: RunningOrchestratord, body: Record<string, unknown>) {
  const admitted = await call(d.url, 'POST', '/v1/tasks', body);
  const stream = await readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, {
    headers: streamHeaders,
  });
  return { admitted, stream };
}

describe('sessions', () => {
  it('reports turns, ttl and kv warmth after a turn, and keeps the session on its replica [ORCHD-027, ORCHD-013]', async () => {
    const d = await start();
    const session_id = randomUUID();
    await runTurn(d, taskBody({ session_id, max_tokens: 2 }));
    const info = await call(d.url, 'GET', `/v1/sessions/${session_id}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ session_id, turns: 1, kv_warmth: true, tokens_budget_remaining: null });
    expect(info.body.ttl_ms_remaining as number).toBeGreaterThan(500_000);
    const second = await runTurn(d, taskBody({ session_id, max_tokens: 2 }));
    const decoding = second.stream.messages
      .filter((m) => m.event === 'metrics')
      .map((m) => parsed(m))
      .find((f) => f.phase === 'decoding');
    expect(decoding).toMatchObject({ kv_warmth: true, kv_migrated: false });
  });

  it('evicts on DELETE: 204, then 404, and the next task starts cold [ORCHD-028]', async () => {
    const d = await start();
    const session_id = randomUUID();
    await runTurn(d, taskBody({ session_id, max_tokens: 2 }));
    expect((await call(d.url, 'DELETE', `/v1/sessions/${session_id}`)).status).toBe(204);
    expect((await call(d.url, 'DELETE', `/v1/sessions/${session_id}`)).status).toBe(204);
    const gone = await call(d.url, 'GET', `/v1/sessions/${session_id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'NOT_FOUND' });
    const next = await runTurn(d, taskBody({ session_id, max_tokens: 2 }));
    const decoding = next.stream.messages
      .filter((m) => m.event === 'metrics')
      .map((m) => parsed(m))
      .find((f) => f.phase === 'decoding');
    expect(decoding).toMatchObject({ kv_warmth: false });
  });

  it('refuses a task once its session used every turn [ORCHD-002, HOME-017]', async () => {
    const d = await start({ max_turns: 2 });
    const session_id = randomUUID();
    await runTurn(d, taskBody({ session_id, max_tokens: 1 }));
    await runTurn(d, taskBody({ session_id, max_tokens: 1 }));
    const refused = await call(d.url, 'POST', '/v1/tasks', taskBody({ session_id }));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'ADMISSION_REJECT', retriable: false });
  });
});

describe('budgets', () => {
  it('sends budget headers on admission and stream, reports them in metrics frames and refuses once exhausted [ORCHD-029, ORCHD-019, ORCHD-002]', async () => {
    const d = await start({ enforce: true, budgets: { tokens: 40 } });
    const session_id = randomUUID();
    const first = await runTurn(d, taskBody({ session_id, prompt: 'hello', max_tokens: 10 }));
    expect(first.admitted.headers['x-budget-tokens-remaining']).toBe('40');
    expect(first.stream.headers['x-budget-tokens-remaining']).toBeDefined();
    const frame = first.stream.messages.filter((m) => m.event === 'metrics').map((m) => parsed(m))[0];
    expect(frame).toHaveProperty('tokens_budget_remaining');
    const info = await call(d.url, 'GET', `/v1/sessions/${session_id}`);
    const left = info.body.tokens_budget_remaining as number;
    expect(left).toBeLessThan(40);
    const refused = await call(
      d.url,
      'POST',
      '/v1/tasks',
      taskBody({ session_id, prompt: 'hello', max_tokens: left }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'ADMISSION_REJECT',
      policy_label: 'budget',
      retriable: false,
    });
  });
});
