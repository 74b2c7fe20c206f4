// An interactive `llorch chat` (forced with --interactive so piped lines can
// drive it): every turn sends the whole history under one X-Llorch-Session,
// /exit or the end of input ends it, and a failed turn is reported without
// ending the conversation or entering its history.
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { pause, startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import {
  openAiError,
  openChatStream,
  replyFrames,
  serveChat,
  type ChatRoutes,
} from './support/fake-openai-chat.js';
import { createTestIo, runAgainst } from './support/test-io.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: FakeServer;
let routes: ChatRoutes;

beforeEach(async () => {
  server = await startFakeServer();
  routes = serveChat(server, { reply: () => [` reply ${routes.chats().length}`] });
});
afterEach(async () => server.close());

const messagesOf = (n: number) => (routes.chats()[n]?.body as { messages: unknown[] }).messages;

describe('llorch chat conversation', () => {
  it('sends the whole history on the second turn, under one session [CLI-021]', async () => {
    const run = await runAgainst(server.url, ['chat', '--interactive'], { stdin: 'hello\nand again\n' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(' reply 1\n reply 2\n');
    expect(routes.chats()).toHaveLength(2);
    expect(messagesOf(1)).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: ' reply 1' },
      { role: 'user', content: 'and again' },
    ]);
    const sessions = routes.chats().map((r) => r.headers['x-llorch-session']);
    expect(sessions[0]).toMatch(UUID);
    expect(sessions[1]).toBe(sessions[0]);
    expect(run.stderr).toContain(`chat with tiny-bigram, session ${String(sessions[0])}`);
    // The model is looked up once for the whole conversation.
    expect(server.requests.filter((r) => r.path === '/v1/models')).toHaveLength(1);
  });

  it('opens with --system and the MESSAGE argument, and keeps --session [CLI-021]', async () => {
    const run = await runAgainst(
      server.url,
      ['chat', '-i', '--system', 'be brief', '--session', 'pairing-1', 'first'],
      { stdin: 'second\n' },
    );
    expect(run.status).toBe(0);
    expect(messagesOf(1)).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: ' reply 1' },
      { role: 'user', content: 'second' },
    ]);
    expect(routes.chats().map((r) => r.headers['x-llorch-session'])).toEqual(['pairing-1', 'pairing-1']);
  });

  it('ends at /exit and skips empty lines', async () => {
    const run = await runAgainst(server.url, ['chat', '--interactive'], { stdin: '\n  \none\n/exit\ntwo\n' });
    expect(run.status).toBe(0);
    expect(routes.chats()).toHaveLength(1);
    expect(messagesOf(0)).toEqual([{ role: 'user', content: 'one' }]);
  });

  it('reports a failed turn, leaves it out of the history, goes on, and exits with its status [CLI-021, CLI-016, CLI-017]', async () => {
    let calls = 0;
    server.route('POST', '/v1/chat/completions', (_r, res) => {
      calls += 1;
      if (calls === 1) {
        openAiError(res, 400, { message: 'too long', type: 'invalid_request_error', code: 'INVALID_PARAMS' });
        return;
      }
      openChatStream(res);
      res.end(replyFrames([' fine']));
    });
    const run = await runAgainst(server.url, ['chat', '--interactive'], { stdin: 'bad\ngood\n' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error INVALID_PARAMS (HTTP 400, correlation id corr-fake-1): too long');
    expect(run.stdout).toBe(' fine\n');
    expect(messagesOf(1)).toEqual([{ role: 'user', content: 'good' }]);
  });

  it('refuses `-` as the opening message, since stdin carries the turns [CLI-021, CLI-017]', async () => {
    const run = await runAgainst(server.url, ['chat', '--interactive', '-'], { stdin: 'x\n' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error USAGE');
    expect(routes.chats()).toHaveLength(0);
  });

  it('leaves with status 130 on Ctrl-C at the prompt [CLI-021, CLI-017]', async () => {
    const stdin = Object.assign(new PassThrough({ encoding: 'utf8' }), { isTTY: false });
    const t = createTestIo({ env: { LLORCH_ADDR: server.url, LLORCH_API_TOKEN: 'tok' } });
    const running = runCli(['chat', '--interactive'], { ...t.io, stdin });
    stdin.write('hello\n');
    await t.waitForStdout(' reply 1\n');
    await pause(20);
    t.interrupt();
    expect(await running).toBe(130);
    expect(routes.chats()).toHaveLength(1);
  });
});
