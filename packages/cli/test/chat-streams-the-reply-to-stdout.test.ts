// `llorch chat MESSAGE` against a fake of the OpenAI-compatible route: the
// assistant's text reaches stdout in order and nothing else does; tool calls,
// the task id and the summary go to stderr; --json prints the chunks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import {
  CHAT_TASK_ID,
  chunk,
  dataFrame,
  openChatStream,
  replyFrames,
  serveChat,
} from './support/fake-openai-chat.js';
import { createTestIo, runAgainst } from './support/test-io.js';

let server: FakeServer;

beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => server.close());

describe('llorch chat, one message', () => {
  it('streams the reply text to stdout in order, byte-exact in a pipe [CLI-021, CLI-013, CLI-015]', async () => {
    serveChat(server, { reply: () => [' the', ' quick', ' brown', ' fox', '.'] });
    const run = await runAgainst(server.url, ['chat', 'say something']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(' the quick brown fox.');
    expect(run.stderr).toBe('');
  });

  it('prints each piece as it arrives, before the reply is complete [CLI-013]', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    server.route('POST', '/v1/chat/completions', async (_r, res) => {
      openChatStream(res);
      res.write(dataFrame(chunk({ content: 'first' })));
      await held;
      res.end(dataFrame(chunk({ content: ' second' }, 'stop')) + dataFrame('[DONE]'));
    });
    const t = createTestIo({ env: { LLORCH_ADDR: server.url, LLORCH_API_TOKEN: 'tok' } });
    const running = runCli(['chat', '--model', 'tiny-bigram', 'hi'], t.io);
    await t.waitForStdout('first');
    expect(t.stdout()).toBe('first');
    release();
    expect(await running).toBe(0);
    expect(t.stdout()).toBe('first second');
  });

  it('ends the line on a terminal [CLI-015]', async () => {
    serveChat(server);
    const run = await runAgainst(server.url, ['chat', 'hi'], { stdoutIsTTY: true });
    expect(run.stdout).toBe(' the quick brown fox\n');
  });

  it('reads the message from stdin for `-`, and when stdin is piped with no message [CLI-021]', async () => {
    const chats = serveChat(server).chats;
    expect((await runAgainst(server.url, ['chat', '-'], { stdin: 'from a pipe\n' })).status).toBe(0);
    expect((await runAgainst(server.url, ['chat'], { stdin: 'piped too' })).status).toBe(0);
    const contents = chats().map((r) => (r.body as { messages: { content: string }[] }).messages[0]?.content);
    expect(contents).toEqual(['from a pipe\n', 'piped too']);
  });

  it('shows tool calls as a readable line on stderr, assembled from their pieces', async () => {
    server.route('POST', '/v1/chat/completions', (_r, res) => {
      openChatStream(res);
      res.end(
        replyFrames([], {
          toolCalls: [
            { index: 0, id: 'call_1', name: 'read_file', arguments: '{"path":' },
            { index: 0, arguments: '"README.md"}' },
          ],
        }),
      );
    });
    const run = await runAgainst(server.url, ['chat', '--model', 'tiny-tool', 'read the readme']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('tool call: read_file({"path":"README.md"})\n');
  });

  it('names the task and sums up the reply on stderr with --verbose [CLI-013]', async () => {
    server.route('POST', '/v1/chat/completions', (_r, res) => {
      openChatStream(res);
      res.end(replyFrames([' fox'], { usage: { prompt_tokens: 5, completion_tokens: 1 } }));
    });
    const run = await runAgainst(server.url, ['--verbose', 'chat', '--model', 'tiny-bigram', 'hi']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(' fox');
    expect(run.stderr).toContain(`task ${CHAT_TASK_ID}\n`);
    expect(run.stderr).toContain(
      `done: finish reason stop, 5 prompt + 1 completion tokens (task ${CHAT_TASK_ID})`,
    );
  });

  it('prints one JSON object per chunk with --json [CLI-013]', async () => {
    serveChat(server, { reply: () => [' a', ' b'] });
    const run = await runAgainst(server.url, ['--json', 'chat', '--model', 'tiny-bigram', 'hi']);
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { object: string; choices: { delta: { content?: string } }[] });
    expect(lines.map((l) => l.object)).toEqual(Array(4).fill('chat.completion.chunk'));
    expect(lines.map((l) => l.choices[0]?.delta.content ?? null)).toEqual(['', ' a', ' b', null]);
  });
});
