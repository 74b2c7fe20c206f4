// What one `llorch chat` request carries: the OpenAI body fields from the
// options, the llama-orch headers, the token and correlation id every CLI
// request carries, and the model the server lists first when none is named.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import { serveChat, type ChatRoutes } from './support/fake-openai-chat.js';
import { runAgainst } from './support/test-io.js';

let server: FakeServer;
let routes: ChatRoutes;

beforeEach(async () => {
  server = await startFakeServer();
  routes = serveChat(server, { models: ['tiny-random', 'tiny-bigram'] });
});
afterEach(async () => server.close());

const onlyChat = () => {
  const [chat, ...more] = routes.chats();
  expect(more).toHaveLength(0);
  return chat!;
};

describe('llorch chat request', () => {
  it('maps every option to its body field or header [CLI-021]', async () => {
    const run = await runAgainst(server.url, [
      'chat',
      '--model',
      'tiny-bigram',
      '--system',
      'be brief',
      '--max-tokens',
      '32',
      '--seed',
      '7',
      '--temperature',
      '0.5',
      '--priority',
      'batch',
      '--session',
      'agent-7/refactor',
      'the',
    ]);
    expect(run.status).toBe(0);
    const chat = onlyChat();
    expect(chat.body).toEqual({
      model: 'tiny-bigram',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'the' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 32,
      seed: 7,
      temperature: 0.5,
    });
    expect(chat.headers['x-llorch-priority']).toBe('batch');
    expect(chat.headers['x-llorch-session']).toBe('agent-7/refactor');
    expect(chat.headers['authorization']).toBe('Bearer secret-token-123');
    expect(chat.headers['x-correlation-id']).toMatch(/^llorch-/);
    // The model was named, so the server was asked nothing else.
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/chat/completions']);
  });

  it('uses the first model GET /v1/models lists and leaves unset fields to the server [CLI-021]', async () => {
    expect((await runAgainst(server.url, ['chat', 'hi'])).status).toBe(0);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/models',
      'POST /v1/chat/completions',
    ]);
    const chat = onlyChat();
    expect(chat.body).toEqual({
      model: 'tiny-random',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(chat.headers['x-llorch-priority']).toBeUndefined();
    expect(chat.headers['x-llorch-session']).toBeUndefined();
  });

  it('takes the default model from LLORCH_MODEL like submit does [CLI-021]', async () => {
    const run = await runAgainst(server.url, ['chat', 'hi'], { env: { LLORCH_MODEL: 'tiny-bigram' } });
    expect(run.status).toBe(0);
    expect((onlyChat().body as { model: string }).model).toBe('tiny-bigram');
  });

  it('refuses out-of-range values before any request [CLI-002, CLI-017]', async () => {
    const hot = await runAgainst(server.url, ['chat', '--temperature', '2.5', 'hi']);
    expect(hot.status).toBe(2);
    expect(hot.stderr).toContain('--temperature must be at most 2, got 2.5');
    const word = await runAgainst(server.url, ['chat', '--temperature', 'warm', 'hi']);
    expect(word.status).toBe(2);
    expect(word.stderr).toContain('--temperature must be a number');
    const urgent = await runAgainst(server.url, ['chat', '--priority', 'urgent', 'hi']);
    expect(urgent.status).toBe(2);
    expect(server.requests).toHaveLength(0);
  });
});
