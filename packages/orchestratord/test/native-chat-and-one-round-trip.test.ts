// The native API does the agents' work too: a `chat` workload through POST /v1/tasks
// [ORCHD-061], its refusals naming the field [ORCHD-061], an engine that cannot
// serve chat refused with the engines that can [WA-020], and the task streamed in
// the response to its own submission [ORCHD-071].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { TOKEN, startTestDaemon, taskBody } from './support/harness.js';

const SCRIPT = [' hello', ' world'];

describe('native chat workload and one-round-trip streaming', () => {
  let daemon: Awaited<ReturnType<typeof startTestDaemon>>;
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const submit = (body: Record<string, unknown>, accept?: string) =>
    fetch(`${daemon.url}/v1/tasks`, {
      method: 'POST',
      headers: accept === undefined ? headers : { ...headers, accept },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ script: SCRIPT })] }],
    });
  });
  afterAll(async () => daemon?.stop());

  it('streams a chat task in the response to its submission, with its task id', async () => {
    const body = taskBody({
      workload: 'chat',
      prompt: undefined,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
    });
    const res = await submit(body, 'text/event-stream');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('x-llorch-task-id')).toBe(body.task_id);
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('started');
    expect(events.at(-1)).toBe('end');
    const tokens = [...text.matchAll(/^event: token\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1] ?? '{}').t);
    expect(tokens.join('')).toBe(SCRIPT.join(''));
  });

  it('keeps the 202 admission without the Accept header', async () => {
    const res = await submit(taskBody());
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ queue_position: expect.any(Number) });
  });

  it.each([
    [{ workload: 'chat' }, /workload chat takes body.messages/],
    [{ workload: 'chat', prompt: undefined, messages: [] }, /body.messages must be a non-empty array/],
    [
      { workload: 'chat', prompt: undefined, messages: [{ role: 'robot', content: 'x' }] },
      /messages\[0\].role/,
    ],
    [
      { workload: 'chat', prompt: undefined, messages: [{ role: 'tool', content: 'x' }] },
      /tool_call_id is required/,
    ],
    [{ tools: [] }, /body.tools applies to workload chat only/],
    [{ temperature: 3 }, /body.temperature must be a number/],
    [{ sampler_profile_version: 'v1' }, /accepted: det-v1, default-v1/],
  ])('refuses %j with a 400 naming the field', async (overrides, message) => {
    const res = await submit(taskBody(overrides));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('INVALID_PARAMS');
    expect(body.message).toMatch(message);
  });

  it('a resubmitted chat task_id with other messages is a 409, with the same ones an idempotent 202 [ORCHD-061]', async () => {
    const body = taskBody({
      workload: 'chat',
      prompt: undefined,
      messages: [{ role: 'user', content: 'first' }],
    });
    expect((await submit(body)).status).toBe(202);
    expect((await submit(body)).status).toBe(202);
    const changed = { ...body, messages: [{ role: 'user', content: 'second' }] };
    expect((await submit(changed)).status).toBe(409);
  });
});
