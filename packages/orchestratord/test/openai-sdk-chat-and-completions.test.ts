// ORCHD-062, ORCHD-065, ORCHD-066, ORCHD-068: the official `openai` SDK against the daemon over mock
// engines (real sockets, real admission): models, chat with and without
// streaming, usage, legacy completions, typed errors, and a client abort that
// cancels the task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { TOKEN, startTestDaemon, waitFor } from './support/harness.js';

const SCRIPT = [' the', ' quick', ' brown', ' fox'];

describe('openai SDK against the agents front door', () => {
  let daemon: Awaited<ReturnType<typeof startTestDaemon>>;
  let client: OpenAI;
  const slow = createMockAdapter({ tokenDelayMs: 30, slotsTotal: 1 });

  beforeAll(async () => {
    daemon = await startTestDaemon({
      pools: [
        { id: 'golden', model: 'golden', replicas: [createMockAdapter({ script: SCRIPT })] },
        { id: 'slow', model: 'slow', replicas: [slow], capacity: 1 },
      ],
    });
    client = new OpenAI({ baseURL: `${daemon.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
  });
  afterAll(async () => daemon?.stop());

  it('lists every served model [ORCHD-063]', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(['golden', 'slow']);
  });

  it('answers a chat with the engine text, a stop finish and usage [ORCHD-067]', async () => {
    const reply = await client.chat.completions.create({
      model: 'golden',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(reply.choices[0]?.message.content).toBe(SCRIPT.join(''));
    expect(reply.choices[0]?.message.refusal).toBeNull();
    expect(reply.choices[0]?.finish_reason).toBe('stop');
    expect(reply.usage?.completion_tokens).toBe(SCRIPT.length);
  });

  it('streams the same text as chunks with usage last [ORCHD-067]', async () => {
    const stream = await client.chat.completions.create({
      model: 'golden',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(SCRIPT.join(''));
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBe(SCRIPT.length);
  });

  it('with include_usage every chunk but the usage one carries usage: null; without it, none has usage [ORCHD-067]', async () => {
    const hi = [{ role: 'user' as const, content: 'hi' }];
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    const stream = await client.chat.completions.create({
      model: 'golden',
      messages: hi,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(SCRIPT.length);
    const before = chunks.slice(0, -1);
    expect(before.length).toBeGreaterThan(SCRIPT.length);
    for (const chunk of before) {
      expect(chunk).toHaveProperty('usage', null);
      expect(chunk.choices).toEqual([expect.objectContaining({ index: 0, logprobs: null })]);
    }
    const plain = await client.chat.completions.create({ model: 'golden', messages: hi, stream: true });
    for await (const chunk of plain) expect(chunk).not.toHaveProperty('usage');
  });

  it('clamps max_tokens far above the context and ends with length', async () => {
    const reply = await client.chat.completions.create({
      model: 'slow',
      messages: [{ role: 'user', content: 'go' }],
      max_tokens: 3,
    });
    expect(reply.choices[0]?.finish_reason).toBe('length');
    const clamped = await client.chat.completions.create({
      model: 'golden',
      messages: [{ role: 'user', content: 'go' }],
      max_tokens: 1_000_000,
    });
    expect(clamped.choices[0]?.message.content).toBe(SCRIPT.join(''));
  });

  it('refuses an unknown model with 404 naming the served ones [ORCHD-063]', async () => {
    const error = await client.chat.completions
      .create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).message).toMatch(/golden/);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('refuses n > 1 naming the field', async () => {
    const error = await client.chat.completions
      .create({ model: 'golden', messages: [{ role: 'user', content: 'x' }], n: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n');
  });

  it('a wrong key is 403 and no key 401 on every OpenAI route, both code invalid_api_key [ORCHD-062]', async () => {
    const callers = [
      {
        sdk: new OpenAI({ baseURL: `${daemon.url}/v1`, apiKey: 'wrong', maxRetries: 0 }),
        status: 403,
        kind: OpenAI.PermissionDeniedError,
      },
      {
        sdk: new OpenAI({
          baseURL: `${daemon.url}/v1`,
          apiKey: 'unused',
          maxRetries: 0,
          defaultHeaders: { authorization: null },
        }),
        status: 401,
        kind: OpenAI.AuthenticationError,
      },
    ];
    for (const { sdk, status, kind } of callers) {
      const refused = await Promise.all([
        sdk.models.list().catch((e: unknown) => e),
        sdk.chat.completions
          .create({ model: 'golden', messages: [{ role: 'user', content: 'hi' }] })
          .catch((e: unknown) => e),
        sdk.completions.create({ model: 'golden', prompt: 'the' }).catch((e: unknown) => e),
        sdk.responses.create({ model: 'golden', input: 'hi' }).catch((e: unknown) => e),
      ]);
      for (const error of refused) {
        expect(error).toBeInstanceOf(kind);
        expect(error).toMatchObject({ status, code: 'invalid_api_key' });
      }
    }
  });

  it('legacy completions return text_completion', async () => {
    const reply = await client.completions.create({ model: 'golden', prompt: 'the', max_tokens: 8 });
    expect(reply.object).toBe('text_completion');
    expect(reply.choices[0]?.text).toBe(SCRIPT.join(''));
    const stream = await client.completions.create({ model: 'golden', prompt: 'the', stream: true });
    const choices: OpenAI.CompletionChoice[] = [];
    for await (const chunk of stream) choices.push(...chunk.choices);
    expect(choices.map((c) => c.text).join('')).toBe(SCRIPT.join(''));
    for (const choice of choices) expect(choice.logprobs).toBeNull();
  });

  it('an AbortController cancels the task and frees the slot', async () => {
    const controller = new AbortController();
    const before = slow.stats().requestsTotal;
    const stream = await client.chat.completions.create(
      { model: 'slow', messages: [{ role: 'user', content: 'go' }], stream: true, max_tokens: 400 },
      { signal: controller.signal },
    );
    let seen = 0;
    try {
      for await (const _chunk of stream) {
        seen += 1;
        if (seen === 3) controller.abort();
      }
    } catch (error) {
      expect(error).toBeInstanceOf(OpenAI.APIUserAbortError);
    }
    expect(seen).toBe(3);
    await waitFor(() => slow.stats().inFlight === 0, 2_000);
    expect(slow.stats().requestsTotal).toBe(before + 1);
    const metrics = await (
      await fetch(`${daemon.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/tasks_canceled_total\{[^}]*reason="client"[^}]*\} [1-9]/);
  });

  it('the X-Llorch-Task-Id names an ordinary task: its native stream and cancel work on it [ORCHD-064]', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'slow', messages: [{ role: 'user', content: 'go' }], stream: true, max_tokens: 300 })
      .withResponse();
    const taskId = response.headers.get('x-llorch-task-id');
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const cancel = await fetch(`${daemon.url}/v1/tasks/${taskId}/cancel`, { method: 'POST', headers: auth });
    expect(cancel.status).toBe(204);
    let chunks = 0;
    for await (const _chunk of data) chunks += 1;
    expect(chunks).toBeLessThan(300);
    const native = await (await fetch(`${daemon.url}/v1/tasks/${taskId}/stream`, { headers: auth })).text();
    expect(native).toMatch(/event: end\ndata: \{[^\n]*"canceled":true/);
  });
});
