// Ctrl-C during a `llorch chat` reply closes that reply's connection (which
// is what cancels its task on the server). A one-shot chat then exits 130; a
// conversation drops the stopped turn and reads the next line. Two cases run
// the real `llorch` binary: a real SIGINT, and a conversation on a pipe that
// stays open after /exit.
import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { pause, startFakeServer, type FakeServer } from './support/fake-orchestratord.js';
import {
  chunk,
  dataFrame,
  openChatStream,
  replyFrames,
  type ChatRoutes,
  serveChat,
} from './support/fake-openai-chat.js';
import { createTestIo } from './support/test-io.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/llorch.js');

let server: FakeServer;
let routes: ChatRoutes;
/** Set once the client closed a reply the server had not finished. */
let abandoned: Promise<void>;

/** The first reply streams a piece every 20 ms until the client goes away; later ones are short. */
function slowFirstReply() {
  let markAbandoned = () => {};
  abandoned = new Promise((resolve) => (markAbandoned = resolve));
  server.route('POST', '/v1/chat/completions', async (_r, res: ServerResponse) => {
    openChatStream(res);
    if (routes.chats().length > 1) {
      res.end(replyFrames([' short']));
      return;
    }
    res.on('close', () => {
      if (!res.writableEnded) markAbandoned();
    });
    for (let i = 0; i < 500 && !res.destroyed; i++) {
      res.write(dataFrame(chunk({ content: ` t${i}` })));
      await pause(20);
    }
  });
}

beforeEach(async () => {
  server = await startFakeServer();
  routes = serveChat(server);
  slowFirstReply();
});
afterEach(async () => server.close());

const hermetic = () => ({
  ...process.env,
  LLORCH_ADDR: server.url,
  LLORCH_API_TOKEN: 'tok',
  LLORCH_CONFIG: '',
  HOME: '/nonexistent-home',
  XDG_CONFIG_HOME: '/nonexistent-xdg',
});

describe('Ctrl-C in llorch chat', () => {
  it('closes the reply connection and exits 130 in a one-shot chat [CLI-021, CLI-017]', async () => {
    const t = createTestIo({ env: { LLORCH_ADDR: server.url, LLORCH_API_TOKEN: 'tok' } });
    const running = runCli(['chat', '--model', 'tiny-bigram', 'go'], t.io);
    await t.waitForStdout(' t1');
    t.interrupt();
    expect(await running).toBe(130);
    await abandoned;
    expect(t.stderr()).toContain('interrupted; the reply was stopped');
  });

  it('stops only the reply in a conversation, which goes on without that turn [CLI-021]', async () => {
    const t = createTestIo({
      env: { LLORCH_ADDR: server.url, LLORCH_API_TOKEN: 'tok' },
      stdin: 'tell me a long story\nnever mind\n',
    });
    const running = runCli(['chat', '--interactive', '--model', 'tiny-bigram'], t.io);
    await t.waitForStdout(' t1');
    t.interrupt();
    await abandoned;
    expect(await running).toBe(0);
    expect(t.stdout()).toMatch(/^( t\d+)+\n short\n$/);
    expect(t.stderr()).toContain('reply stopped; that turn is left out of the conversation');
    expect((routes.chats()[1]?.body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'never mind' },
    ]);
  });

  it('works through the real binary and a real SIGINT [CLI-021]', async () => {
    const child = spawn(process.execPath, [BIN, 'chat', '--model', 'tiny-bigram', 'go'], {
      env: hermetic(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!stdout.includes(' t2') && Date.now() < deadline) await pause(10);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    await abandoned;
  }, 30_000);

  it('a real conversation on a pipe that stays open ends at /exit [CLI-021]', async () => {
    server.route('POST', '/v1/chat/completions', (_r, res) => {
      openChatStream(res);
      res.end(replyFrames([' fox']));
    });
    const child = spawn(process.execPath, [BIN, 'chat', '--interactive'], {
      env: hermetic(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.write('hello\n/exit\n');
    expect(await exited).toBe(0);
    expect(stdout).toBe(' fox\n');
    child.stdin.destroy();
  }, 30_000);
});
