// ORCHD-062, ORCHD-065, ORCHD-069: refusals on the Anthropic routes arrive in
// Anthropic's error shape so the official SDK raises the class a user expects;
// both of its credentials (x-api-key, Bearer) work; a queued stream keeps its
// connection with ping events; a task failing mid-stream is an `error` event;
// and an aborted stream cancels its task.
import Anthropic from '@anthropic-ai/sdk';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, startTestDaemon, waitFor } from './support/harness.js';
import { SseParser } from './support/sse-client.js';

const SCRIPT = [' ok'];
const hi = [{ role: 'user' as const, content: 'hi' }];

describe('anthropic SDK errors, credentials and stream lifetime', () => {
  let daemon: Awaited<ReturnType<typeof startTestDaemon>>;
  let client: Anthropic;
  const slow = createMockAdapter({ tokenDelayMs: 40, slotsTotal: 1 });

  beforeAll(async () => {
    daemon = await startTestDaemon({
      pools: [
        { id: 'golden', model: 'golden', replicas: [createMockAdapter({ script: SCRIPT })] },
        { id: 'slow', model: 'slow', replicas: [slow], capacity: 4 },
        { id: 'flaky', model: 'flaky', replicas: [createMockAdapter({ faults: { errorAfterTokens: 2 } })] },
      ],
      tuning: { heartbeatMs: 20 },
    });
    client = new Anthropic({ baseURL: daemon.url, apiKey: TOKEN, maxRetries: 0 });
  });
  afterAll(async () => daemon?.stop());

  it('accepts the token as apiKey (x-api-key) and as authToken (Bearer)', async () => {
    const bearer = new Anthropic({ baseURL: daemon.url, apiKey: null, authToken: TOKEN, maxRetries: 0 });
    for (const sdk of [client, bearer]) {
      const message = await sdk.messages.create({ model: 'golden', max_tokens: 8, messages: hi });
      expect(message.content).toEqual([{ type: 'text', text: SCRIPT.join('') }]);
    }
  });

  it('a wrong key is a PermissionDeniedError, no key an authentication_error', async () => {
    const wrong = new Anthropic({ baseURL: daemon.url, apiKey: 'wrong', maxRetries: 0 });
    const error = await wrong.messages
      .create({ model: 'golden', max_tokens: 8, messages: hi })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('permission_error');
    const none = await fetch(`${daemon.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'golden', max_tokens: 8, messages: hi }),
    });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('an unknown model is a NotFoundError naming the served ones, for messages and count_tokens', async () => {
    const error = await client.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 8, messages: hi })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toMatch(/golden/);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('not_found_error');
    const counted = await client.messages
      .countTokens({ model: 'nope', messages: hi })
      .catch((e: unknown) => e);
    expect(counted).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('an image block is a BadRequestError naming the block', async () => {
    const error = await client.messages
      .create({
        model: 'golden',
        max_tokens: 8,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            ],
          },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('invalid_request_error');
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toMatch(
      /messages\[0\]\.content\[1\]: image/,
    );
  });

  it('a queued stream gets ping events before its first block', async () => {
    const holder = client.messages.create({ model: 'slow', max_tokens: 6, messages: hi });
    await waitFor(() => slow.stats().inFlight === 1, 2_000);
    const response = await fetch(`${daemon.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TOKEN, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'slow', max_tokens: 2, stream: true, messages: hi }),
    });
    const parser = new SseParser();
    parser.push(await response.text());
    await holder;
    const names = parser.messages.map((m) => m.event);
    const firstBlock = names.indexOf('content_block_start');
    expect(names[0]).toBe('message_start');
    expect(names.slice(1, firstBlock)).toContain('ping');
    const ping = parser.messages.find((m) => m.event === 'ping');
    expect(JSON.parse(ping?.data ?? '')).toEqual({ type: 'ping' });
    expect(names.at(-1)).toBe('message_stop');
  });

  it('a task failing mid-stream ends the stream with an error event the SDK raises', async () => {
    const stream = client.messages.stream({ model: 'flaky', max_tokens: 8, messages: hi });
    const seen: string[] = [];
    stream.on('streamEvent', (event) => seen.push(event.type));
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toMatch(/mid-stream/);
    expect(seen).toContain('content_block_delta');
    expect(seen).not.toContain('message_stop');
    const whole = await client.messages
      .create({ model: 'flaky', max_tokens: 8, messages: hi })
      .catch((e: unknown) => e);
    expect(whole).toBeInstanceOf(Anthropic.InternalServerError);
    expect((whole as InstanceType<typeof Anthropic.APIError>).type).toBe('api_error');
  });

  it('aborting a stream cancels its task and frees the slot', async () => {
    const before = slow.stats().requestsTotal;
    const stream = client.messages.stream({ model: 'slow', max_tokens: 400, messages: hi });
    let deltas = 0;
    stream.on('text', () => {
      deltas += 1;
      if (deltas === 3) stream.abort();
    });
    const outcome = await stream.finalMessage().catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(Anthropic.APIUserAbortError);
    await waitFor(() => slow.stats().inFlight === 0, 2_000);
    expect(slow.stats().requestsTotal).toBe(before + 1);
    expect(slow.stats().generatedTokensTotal).toBeLessThan(400);
  });
});
