import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, waitFor, type LogSink } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse, type SseMessage } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

type Daemon = RunningOrchestratord & { logs: LogSink };
let daemon: Daemon | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

/** Half a unit per prompt token, one unit per generated token. */
const PRICE = { per_1k_prompt_tokens: 500, per_1k_completion_tokens: 1_000 };

async function start(cost: number): Promise<Daemon> {
  daemon = await startTestDaemon({
    pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 20 })], price: PRICE }],
    sessions: { enforce: true, budgets: { cost } },
  });
  return daemon;
}

async function costLeft(d: Daemon, sessionId: string): Promise<number> {
  const info = await call(d.url, 'GET', `/v1/sessions/${sessionId}`);
  return info.body.cost_budget_remaining as number;
}

describe('cost budget', () => {
  it("charges each run its pool's price and refuses a run the rest cannot cover [ORCHD-029, CFG-019, CORE-032]", async () => {
    const d = await start(10);
    const session_id = randomUUID();
    const first = taskBody({ session_id, max_tokens: 3 });
    const admitted = await call(d.url, 'POST', '/v1/tasks', first);
    expect(admitted.headers['x-budget-cost-remaining']).toBe('10');
    const stream = await readSse(`${d.url}/v1/tasks/${String(first.task_id)}/stream`, {
      headers: streamHeaders,
    });
    const end = parsed<{ tokens_in: number; tokens_out: number }>(stream.messages.at(-1)!);
    expect(end.tokens_out).toBe(3);
    const left = 10 - end.tokens_in * 0.5 - end.tokens_out;
    expect(left).toBeGreaterThan(0);
    expect(await costLeft(d, session_id)).toBeCloseTo(left, 9);

    // The worst case of the next run (its prompt and max_tokens at the pool's price) is more than is left.
    const tooLong = taskBody({ session_id, max_tokens: Math.ceil(left) });
    const refused = await call(d.url, 'POST', '/v1/tasks', tooLong);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'ADMISSION_REJECT',
      policy_label: 'budget',
      retriable: false,
    });
    expect(refused.body.message).toContain('cost budget');
  });

  it('charges a cancelled run the price of its prompt and of the tokens it streamed [ORCHD-029, CFG-019]', async () => {
    const d = await start(1_000);
    const body = taskBody({ session_id: randomUUID(), max_tokens: 200 });
    await call(d.url, 'POST', '/v1/tasks', body);
    const seen: SseMessage[] = [];
    const reading = readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
      until: (messages) => {
        seen.splice(0, seen.length, ...messages);
        return false;
      },
    });
    await waitFor(() => seen.filter((m) => m.event === 'token').length >= 3, 5_000, 1);
    expect((await call(d.url, 'POST', `/v1/tasks/${String(body.task_id)}/cancel`)).status).toBe(204);
    const streamed = (await reading).messages.filter((m) => m.event === 'token').length;
    const admitted = d.logs.records().find((r) => r.job_id === body.task_id && r.msg === 'task admitted');
    const prompt = admitted?.tokens_in as number;
    expect(await costLeft(d, String(body.session_id))).toBeCloseTo(1_000 - prompt * 0.5 - streamed, 9);
  });
});
