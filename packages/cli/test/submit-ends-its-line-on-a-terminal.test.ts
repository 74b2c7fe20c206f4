// CLI-015: `llorch submit` on a terminal ends the streamed text with a newline,
// so the shell prompt starts on its own line; in a pipe stdout is exactly the
// token text. The decision is one pure function; the real `llorch` process is
// run twice against a fake orchestratord: with stdout piped, and with stdout on
// a pseudo-terminal made by util-linux `script` (Debian's bsdutils).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsFinalNewline } from '../src/render.js';
import {
  completionFrames,
  json,
  openSse,
  sseText,
  startFakeServer,
  type FakeServer,
} from './support/fake-orchestratord.js';

const BIN = fileURLToPath(new URL('../bin/llorch.js', import.meta.url));

describe('the final newline decision [CLI-015]', () => {
  it('adds one only on a terminal, after text that did not end its line', () => {
    expect(needsFinalNewline({ streamed: ' fox', terminal: true })).toBe(true);
    expect(needsFinalNewline({ streamed: ' fox', terminal: false })).toBe(false);
    expect(needsFinalNewline({ streamed: ' fox\n', terminal: true })).toBe(false);
    expect(needsFinalNewline({ streamed: '', terminal: true })).toBe(false);
  });
});

let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer();
  server.route('POST', '/v1/tasks', (r, res) =>
    json(res, 202, {
      task_id: (r.body as { task_id: string }).task_id,
      queue_position: 0,
      predicted_start_ms: 0,
      backoff_ms: 0,
    }),
  );
  server.route('GET', /^\/v1\/tasks\/[^/]+\/stream$/, (_r, res) => {
    openSse(res);
    res.end(sseText(completionFrames([' quick', ' brown', ' fox.'])));
  });
});

afterAll(() => server.close());

/** Runs `command` (argv) and collects its stdout; stderr is kept for failure messages. */
function run(
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const submitArgs = () => [
  BIN,
  '--endpoint',
  server.url,
  '--token',
  'a-test-token',
  'submit',
  '--model',
  'tiny-bigram',
  '--engine',
  'llamacpp',
  '--ctx',
  '512',
  'the',
];

describe('llorch submit as a real process [CLI-015]', () => {
  it('writes exactly the token text to a pipe, with no newline added', async () => {
    const result = await run(process.execPath, submitArgs());
    expect(result.stderr).toContain('done: 3 tokens');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(' quick brown fox.');
  });

  it('ends the line on a terminal', async () => {
    // script(1) gives the command a pseudo-terminal and copies what it shows to our pipe;
    // the terminal turns "\n" into "\r\n". stderr goes to /dev/null so only stdout is seen.
    const quoted = [process.execPath, ...submitArgs()].map((a) => `'${a}'`).join(' ');
    const result = await run('script', ['-qec', `${quoted} 2>/dev/null`, '/dev/null']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(' quick brown fox.\r\n');
  });
});
