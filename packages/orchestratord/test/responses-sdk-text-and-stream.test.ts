// The official `openai` SDK's Responses client against the daemon over mock
// engines (real sockets, real admission): a whole response with output_text and
// usage, the streamed event order the SDK's own accumulator accepts, the length
// limit as `incomplete`, a Codex CLI-shaped request, keep-alives while queued,
// and refusals as the SDK's typed errors [ORCHD-070] [ORCHD-062] [ORCHD-066].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { TOKEN, startTestDaemon } from './support/harness.js';

const SCRIPT = [' the', ' quick', ' brown', ' fox'];
const TEXT = SCRIPT.join('');

/** The body Codex CLI sends (see the agents reference): input items, function tools, store false. */
const CODEX_BODY = {
  model: 'golden',
  stream: true,
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are Codex.' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context/>' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list the files' }] },
  ],
  tools: [
    {
      type: 'function',
      name: 'exec_command',
      description: 'Runs a command',
      strict: false,
      parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
    },
    { type: 'function', name: 'apply_patch', description: 'Edits files', strict: false, parameters: {} },
    { type: 'local_shell' },
    { type: 'web_search' },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '6b0f2d1e-codex-session',
  client_metadata: { originator: 'codex_exec' },
};

function sseEvents(text: string): { event: string; data: Record<string, unknown> }[] {
  return [...text.matchAll(/^event: (.+)\ndata: (.+)$/gm)].map((m) => ({
    event: m[1] ?? '',
    data: JSON.parse(m[2] ?? '{}') as Record<string, unknown>,
  }));
}

describe('openai SDK responses against the agents front door', () => {
  let daemon: Awaited<ReturnType<typeof startTestDaemon>>;
  let client: OpenAI;

  beforeAll(async () => {
    daemon = await startTestDaemon({
      pools: [
        { id: 'golden', model: 'golden', replicas: [createMockAdapter({ script: SCRIPT })] },
        { id: 'slow', model: 'slow', replicas: [createMockAdapter({ tokenDelayMs: 20, slotsTotal: 1 })] },
        {
          id: 'faulty',
          model: 'faulty',
          replicas: [createMockAdapter({ script: SCRIPT, faults: { errorAfterTokens: 2 } })],
        },
      ],
      tuning: { heartbeatMs: 40 },
    });
    client = new OpenAI({ baseURL: `${daemon.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
  });
  afterAll(async () => daemon?.stop());

  it('answers a whole response with the engine text, output_text and usage', async () => {
    const response = await client.responses.create({
      model: 'golden',
      input: 'hi',
      instructions: 'be brief',
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe(TEXT);
    expect(response.output).toEqual([
      {
        type: 'message',
        id: expect.stringMatching(/^msg_/),
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: TEXT, annotations: [] }],
      },
    ]);
    expect(response.usage?.output_tokens).toBe(SCRIPT.length);
    expect(response.usage?.total_tokens).toBe(
      (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    );
    expect(response).toMatchObject({ instructions: 'be brief', error: null, incomplete_details: null });
  });

  it("repeats back the request's settings and sends the usage details the SDK's types require", async () => {
    const response = await client.responses.create({
      model: 'golden',
      input: 'hi',
      metadata: { ticket: '7' },
    });
    expect(response).toMatchObject({
      instructions: null,
      tools: [],
      tool_choice: 'auto',
      parallel_tool_calls: true,
      temperature: null,
      top_p: null,
      max_output_tokens: null,
      previous_response_id: null,
      text: { format: { type: 'text' } },
      metadata: { ticket: '7' },
      store: true,
      reasoning: null,
      truncation: 'disabled',
    });
    expect(response.usage).toMatchObject({
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('streams the events in order and ends with response.completed carrying usage', async () => {
    const stream = await client.responses.create({ model: 'golden', input: 'hi', stream: true });
    const types: string[] = [];
    const sequence: number[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      sequence.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...SCRIPT.map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(sequence).toEqual(types.map((_, i) => i));
    expect(text).toBe(TEXT);
    expect(completed?.usage?.output_tokens).toBe(SCRIPT.length);
    expect(completed?.output[0]).toMatchObject({ type: 'message', status: 'completed' });
  });

  it("builds the same response through the SDK's own stream accumulator", async () => {
    const stream = client.responses.stream({ model: 'golden', input: 'hi' });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(TEXT);
    expect(final.status).toBe('completed');
  });

  it('ends incomplete with max_output_tokens when the limit cuts the reply', async () => {
    const whole = await client.responses.create({ model: 'slow', input: 'go', max_output_tokens: 3 });
    expect(whole.status).toBe('incomplete');
    expect(whole.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(whole.usage?.output_tokens).toBe(3);
    const stream = await client.responses.create({
      model: 'slow',
      input: 'go',
      max_output_tokens: 2,
      stream: true,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.incomplete');
    expect(types).not.toContain('response.completed');
  });

  it('accepts the body Codex CLI sends and answers it as named SSE events', async () => {
    const res = await fetch(`${daemon.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(CODEX_BODY),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = sseEvents(await res.text());
    for (const { event, data } of events) expect(data.type).toBe(event);
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    const last = events.at(-1)?.data.response as Record<string, unknown> | undefined;
    expect(events.at(-1)?.event).toBe('response.completed');
    expect(last).toMatchObject({ status: 'completed', store: false, parallel_tool_calls: false });
    expect((last?.tools as unknown[]).length).toBe(2);
  });

  it('sends keep-alive comments while the response waits in the queue', async () => {
    const first = await client.responses.create({
      model: 'slow',
      input: 'go',
      max_output_tokens: 15,
      stream: true,
    });
    const busy = first[Symbol.asyncIterator]();
    while ((await busy.next()).value?.type !== 'response.output_text.delta');
    const res = await fetch(`${daemon.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow', input: 'next', max_output_tokens: 1, stream: true }),
    });
    const [text] = await Promise.all([
      res.text(),
      (async () => {
        while (!(await busy.next()).done);
      })(),
    ]);
    const keepAlive = text.indexOf(': keep-alive');
    expect(keepAlive).toBeGreaterThan(text.indexOf('response.created'));
    expect(keepAlive).toBeLessThan(text.indexOf('response.output_item.added'));
  });

  it('reports an engine failure mid-stream as an error event and response.failed', async () => {
    const stream = await client.responses.create({ model: 'faulty', input: 'hi', stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['error', 'response.failed']);
    const failed = events.at(-1) as OpenAI.Responses.ResponseFailedEvent;
    expect(failed.response.status).toBe('failed');
    expect(failed.response.error).toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/mid-stream/),
    });
    const whole = await client.responses.create({ model: 'faulty', input: 'hi' }).catch((e: unknown) => e);
    expect(whole).toBeInstanceOf(OpenAI.InternalServerError);
  });

  it('refuses an image part with a 400 naming the item, and an unknown model with a 404', async () => {
    const image = await client.responses
      .create({
        model: 'golden',
        input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'data:,', detail: 'auto' }] }],
      })
      .catch((e: unknown) => e);
    expect(image).toBeInstanceOf(OpenAI.BadRequestError);
    expect((image as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input[0].content[0].type');
    const unknown = await client.responses.create({ model: 'nope', input: 'x' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });
});
