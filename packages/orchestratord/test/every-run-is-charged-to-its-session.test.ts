import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createMockAdapter, type MockAdapter, type MockFaults } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, waitFor, type HarnessOptions, type LogSink } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse, type SseMessage, type SseReadResult } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

type Daemon = RunningOrchestratord & { logs: LogSink };
let daemon: Daemon | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

const TOKEN_DELAY_MS = 20;

async function start(sessions: HarnessOptions['sessions'], adapters: MockAdapter[]): Promise<Daemon> {
  daemon = await startTestDaemon({
    pools: [{ id: 'mock', replicas: adapters, timeouts: { idle_ms: 300 } }],
    sessions,
  });
  return daemon;
}

const slowMock = (): MockAdapter => createMockAdapter({ tokenDelayMs: TOKEN_DELAY_MS });

interface Turn {
  body: Record<string, unknown>;
  seen: SseMessage[];
  done: Promise<SseReadResult>;
}

/** Submits a long task and follows its stream until `tokens` token frames arrived. */
async function turnWithTokens(d: Daemon, body: Record<string, unknown>, tokens: number): Promise<Turn> {
  const admitted = await call(d.url, 'POST', '/v1/tasks', body);
  expect(admitted.status).toBe(202);
  const seen: SseMessage[] = [];
  const done = readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, {
    headers: streamHeaders,
    until: (messages) => {
      seen.splice(0, seen.length, ...messages);
      return false;
    },
  });
  await waitFor(() => seen.filter((m) => m.event === 'token').length >= tokens, 5_000, 1);
  return { body, seen, done };
}

async function cancel(d: Daemon, turn: Turn): Promise<SseReadResult> {
  expect((await call(d.url, 'POST', `/v1/tasks/${String(turn.body.task_id)}/cancel`)).status).toBe(204);
  return turn.done;
}

const tokenFrames = (stream: SseReadResult): number =>
  stream.messages.filter((m) => m.event === 'token').length;
const errorCode = (stream: SseReadResult): unknown => {
  const last = stream.messages.at(-1)!;
  return last.event === 'error' ? parsed(last).code : last.event;
};

/** The prompt tokens admission counted for this task (what a run without end figures is charged). */
function admittedPromptTokens(d: Daemon, taskId: unknown): number {
  const line = d.logs.records().find((r) => r.job_id === taskId && r.msg === 'task admitted');
  return line?.tokens_in as number;
}

async function sessionInfo(d: Daemon, sessionId: string): Promise<Record<string, unknown>> {
  const info = await call(d.url, 'GET', `/v1/sessions/${sessionId}`);
  expect(info.status).toBe(200);
  return info.body;
}

async function warmTurn(d: Daemon, session_id: string): Promise<Record<string, unknown>> {
  const body = taskBody({ session_id, max_tokens: 2 });
  expect((await call(d.url, 'POST', '/v1/tasks', body)).status).toBe(202);
  return body;
}

function setFaults(adapters: MockAdapter[], faults: MockFaults): void {
  for (const adapter of adapters) adapter.setFaults(faults);
}

describe('every run is charged to its session, however it ends', () => {
  it('counts a turn for a run ended by cancel, deadline, watchdog or engine reset, so max_turns still holds [CORE-051, ORCHD-029]', async () => {
    const adapters = [slowMock(), slowMock()];
    const d = await start({ max_turns: 4 }, adapters);
    const session_id = randomUUID();
    const long = () => taskBody({ session_id, max_tokens: 200 });

    const canceled = await cancel(d, await turnWithTokens(d, long(), 2));
    expect(parsed(canceled.messages.at(-1)!)).toMatchObject({ canceled: true });
    expect(await sessionInfo(d, session_id)).toMatchObject({ turns: 1 });

    const late = await turnWithTokens(d, { ...long(), deadline_ms: 150 }, 1);
    expect(errorCode(await late.done)).toBe('DEADLINE_UNMET');

    setFaults(adapters, { hangAfterTokens: 2 });
    const wedged = await turnWithTokens(d, long(), 2);
    expect(errorCode(await wedged.done)).toBe('DECODE_TIMEOUT');
    expect(await sessionInfo(d, session_id)).toMatchObject({ turns: 3 });

    setFaults(adapters, { failAfterTokens: 2 });
    const reset = await turnWithTokens(d, long(), 2);
    expect(errorCode(await reset.done)).toBe('WORKER_RESET');

    // Four turns used, none of them completed: the fifth is refused like after four full turns.
    const refused = await call(d.url, 'POST', '/v1/tasks', taskBody({ session_id, max_tokens: 1 }));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'ADMISSION_REJECT', policy_label: 'turns', retriable: false });
  });

  it('charges a run the engine reset, and leaves its session cold: the KV went with the engine [ORCHD-029, CORE-052]', async () => {
    const adapters = [slowMock()];
    const d = await start({}, adapters);
    const session_id = randomUUID();
    await readSse(`${d.url}/v1/tasks/${String((await warmTurn(d, session_id)).task_id)}/stream`, {
      headers: streamHeaders,
    });
    expect(await sessionInfo(d, session_id)).toMatchObject({ turns: 1, kv_warmth: true });
    setFaults(adapters, { failAfterTokens: 1 });
    const reset = await turnWithTokens(d, taskBody({ session_id, max_tokens: 200 }), 1);
    expect(errorCode(await reset.done)).toBe('WORKER_RESET');
    expect(await sessionInfo(d, session_id)).toMatchObject({ turns: 2, kv_warmth: false });
  });

  it('charges the token budget with the prompt and the tokens streamed before a cancel or a deadline [ORCHD-029, CORE-053]', async () => {
    const d = await start({ enforce: true, budgets: { tokens: 1_000 } }, [slowMock()]);
    const session_id = randomUUID();

    const first = await turnWithTokens(d, taskBody({ session_id, max_tokens: 200 }), 3);
    const canceled = await cancel(d, first);
    const charged1 = admittedPromptTokens(d, first.body.task_id) + tokenFrames(canceled);
    expect(tokenFrames(canceled)).toBeGreaterThanOrEqual(3);
    expect(await sessionInfo(d, session_id)).toMatchObject({ tokens_budget_remaining: 1_000 - charged1 });

    const second = await turnWithTokens(d, taskBody({ session_id, max_tokens: 200, deadline_ms: 200 }), 1);
    const late = await second.done;
    expect(errorCode(late)).toBe('DEADLINE_UNMET');
    const charged2 = admittedPromptTokens(d, second.body.task_id) + tokenFrames(late);
    expect(await sessionInfo(d, session_id)).toMatchObject({
      tokens_budget_remaining: 1_000 - charged1 - charged2,
    });
  });

  it('charges the time budget for the slot time of a cancelled run [ORCHD-029, CORE-053]', async () => {
    const d = await start({ enforce: true, budgets: { time_ms: 60_000 } }, [slowMock()]);
    const session_id = randomUUID();
    await cancel(d, await turnWithTokens(d, taskBody({ session_id, max_tokens: 200 }), 3));
    const left = (await sessionInfo(d, session_id)).time_budget_remaining_ms as number;
    // Three tokens took at least three token delays of slot time.
    expect(left).toBeLessThanOrEqual(60_000 - 3 * TOKEN_DELAY_MS);
    const next = await call(d.url, 'POST', '/v1/tasks', taskBody({ session_id, max_tokens: 1 }));
    expect(Number(next.headers['x-budget-time-remaining-ms'])).toBeLessThanOrEqual(left);
  });
});
