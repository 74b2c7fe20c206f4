// The typed clients send the shared token and hit the documented paths; a real
// HTTP server on loopback records what actually goes over the wire.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createCompatClient,
  createControlClient,
  createDataClient,
  createPoolClient,
  type Admission,
  type ErrorEnvelope,
  type DataComponents,
  type ErrorCode,
  type AnthropicStreamEvent,
  type OpenAiChatCompletionRequest,
  type OpenAiResponseStreamEvent,
  type SseEvent,
} from '@llama-orch/contracts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const admission: Admission = { task_id: 'x', queue_position: 0, predicted_start_ms: 5, backoff_ms: 0 };
      res.writeHead(req.url === '/v1/tasks' ? 202 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/v1/tasks' ? admission : { ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

const last = (): Seen => {
  const hit = seen.at(-1);
  if (hit === undefined) throw new Error('the server saw no request');
  return hit;
};

describe('typed clients', () => {
  it('the data client posts a task with the bearer token and parses the admission [OC-003] [OC-005]', async () => {
    const client = createDataClient({ baseUrl, token: 's3cret' });
    const { data, response } = await client.POST('/v1/tasks', {
      body: {
        task_id: '3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11',
        session_id: '9b2e4d6f-1a3c-4e5b-8d7f-2c4e6a8b0d22',
        workload: 'completion',
        model_ref: 'tiny-bigram',
        engine: 'llamacpp',
        ctx: 512,
        priority: 'interactive',
        prompt: 'hi',
        max_tokens: 8,
        deadline_ms: 5000,
      },
    });
    expect(response.status).toBe(202);
    // The 2xx union also holds the stream frames of the Accept: text/event-stream variant.
    expect(data !== undefined && 'task_id' in data && data.predicted_start_ms).toBe(5);
    expect(last()).toMatchObject({ method: 'POST', url: '/v1/tasks' });
    expect(last().headers.authorization).toBe('Bearer s3cret');
    expect(JSON.parse(last().body)).toMatchObject({ model_ref: 'tiny-bigram', max_tokens: 8 });
  });

  it('the control and pool clients fill path parameters and send the token [OC-003] [OC-005]', async () => {
    await createControlClient({ baseUrl, token: 'tok' }).POST('/v1/pools/{id}/drain', {
      params: { path: { id: 'tiny-bigram' } },
      body: { deadline_ms: 1000 },
    });
    expect(last()).toMatchObject({ method: 'POST', url: '/v1/pools/tiny-bigram/drain' });
    expect(last().headers.authorization).toBe('Bearer tok');

    await createPoolClient({ baseUrl, token: 'tok' }).GET('/v1/replicas', {
      params: { query: { pool_id: 'tiny-bigram' } },
    });
    expect(last()).toMatchObject({ method: 'GET', url: '/v1/replicas?pool_id=tiny-bigram' });
    expect(last().headers.authorization).toBe('Bearer tok');
  });

  it('the compat client posts an OpenAI chat request with the token and the llama-orch headers [OC-003] [OC-005]', async () => {
    const body: OpenAiChatCompletionRequest = {
      model: 'tiny-bigram',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      max_completion_tokens: 8,
      // Unknown fields are part of the served subset's contract: accepted and ignored.
      user: 'agent-7',
    };
    const { response } = await createCompatClient({ baseUrl, token: 'tok' }).POST('/v1/chat/completions', {
      body,
      params: { header: { 'X-Llorch-Priority': 'batch', 'X-Llorch-Session': 'codex-1' } },
    });
    expect(response.status).toBe(200);
    expect(last()).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
    expect(last().headers).toMatchObject({
      authorization: 'Bearer tok',
      'x-llorch-priority': 'batch',
      'x-llorch-session': 'codex-1',
    });
    expect(JSON.parse(last().body)).toEqual(body);
  });

  it('sends no Authorization header without a token, and uses the fetch it is given [OC-003]', async () => {
    const urls: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    await createControlClient({ baseUrl, fetch: recordingFetch }).GET('/v1/capabilities');
    expect(urls).toEqual([`${baseUrl}/v1/capabilities`]);
    expect(last().headers.authorization).toBeUndefined();
  });

  it('refuses a token with a line break with a message naming the fix [OC-013]', () => {
    expect(() => createDataClient({ baseUrl, token: 'abc\n' })).toThrow(/LLORCH_API_TOKEN/);
    expect(() => createDataClient({ baseUrl, token: '' })).toThrow(/empty/);
  });

  it('generated types agree with the hand-written error taxonomy [OC-012]', () => {
    expectTypeOf<DataComponents['schemas']['ErrorCode']>().toEqualTypeOf<ErrorCode>();
    expectTypeOf<DataComponents['schemas']['ErrorEnvelope']>().toEqualTypeOf<ErrorEnvelope>();
    expectTypeOf<SseEvent['event']>().toEqualTypeOf<
      'started' | 'token' | 'tool_call' | 'metrics' | 'end' | 'error'
    >();
    expectTypeOf<Extract<SseEvent, { event: 'error' }>['data']>().toEqualTypeOf<ErrorEnvelope>();
    expectTypeOf<Extract<SseEvent, { event: 'tool_call' }>['data']>().toEqualTypeOf<{
      index: number;
      id?: string;
      name?: string;
      arguments: string;
    }>();
  });

  it('compat stream events narrow on `type` [OC-016]', () => {
    expectTypeOf<
      Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['index']
    >().toEqualTypeOf<number>();
    expectTypeOf<Extract<AnthropicStreamEvent, { type: 'error' }>['error']['type']>().toExtend<string>();
    expectTypeOf<
      Extract<OpenAiResponseStreamEvent, { type: 'response.output_text.delta' }>['delta']
    >().toEqualTypeOf<string>();
  });
});
