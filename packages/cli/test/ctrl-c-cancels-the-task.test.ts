// Ctrl-C during `submit`/`stream`: the first one cancels the task on the
// server and waits (bounded) for the terminal frame, exiting 130; a second one
// exits at once. One case drives the real `llorch` binary with a real SIGINT.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import {
  json,
  noContent,
  openSse,
  pause,
  startFakeServer,
  type FakeServer,
} from './support/fake-orchestratord.js';
import { createTestIo } from './support/test-io.js';

const TASK = '3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11';
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/llorch.js');
const frame = (id: number, event: string, data: unknown) =>
  `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

let server: FakeServer;
let open: ServerResponse | undefined;
let sent = 0;

/** A task that emits a token every 20 ms until canceled, then ends with `canceled: true`, as orchestratord does. */
function slowTask(options: { honourCancel: boolean }) {
  server.route('POST', '/v1/tasks', (_r, res) =>
    json(res, 202, { task_id: TASK, queue_position: 0, predicted_start_ms: 1, backoff_ms: 0 }),
  );
  server.route('GET', `/v1/tasks/${TASK}/stream`, async (_r, res) => {
    open = res;
    openSse(res);
    res.write(frame(0, 'started', { queue_position: 0, predicted_start_ms: 1 }));
    while (!res.destroyed && !res.writableEnded && sent < 500) {
      res.write(frame(sent + 1, 'token', { t: ` t${sent}`, i: sent }));
      sent += 1;
      await pause(20);
    }
  });
  server.route('POST', `/v1/tasks/${TASK}/cancel`, (_r, res) => {
    noContent(res);
    if (options.honourCancel && open !== undefined && !open.writableEnded) {
      open.end(frame(sent + 1, 'end', { tokens_out: sent, decode_ms: 5, canceled: true }));
    }
  });
}

beforeEach(async () => {
  server = await startFakeServer();
  open = undefined;
  sent = 0;
});
afterEach(async () => server.close());

const cancels = () =>
  server.requests.filter((r) => r.method === 'POST' && r.path === `/v1/tasks/${TASK}/cancel`);

describe('Ctrl-C', () => {
  it('cancels the running task, waits for its end frame and exits 130 [CLI-014, CLI-017]', async () => {
    slowTask({ honourCancel: true });
    const t = createTestIo({ env: { LLORCH_ADDR: server.url, LLORCH_API_TOKEN: 'tok' } });
    const running = runCli(['submit', '--model', 'm', '--engine', 'llamacpp', '--ctx', '64', 'go'], t.io);
    await t.waitForStdout(' t1');
    t.interrupt();
    const status = await running;
    expect(status).toBe(130);
    expect(cancels()).toHaveLength(1);
    expect(t.stderr()).toContain(`canceling task ${TASK} (press Ctrl-C again to quit at once)`);
    expect(t.stderr()).toMatch(/canceled after \d+ tokens/);
    // No token after the end frame: stdout stops where the server stopped.
    expect(t.stdout().trim().split(' ').length).toBe(sent);
  });

  it('exits at once on a second Ctrl-C even if the server never confirms [CLI-014]', async () => {
    slowTask({ honourCancel: false });
    const t = createTestIo({ env: { LLORCH_ADDR: server.url, LLORCH_API_TOKEN: 'tok' } });
    const running = runCli(['stream', TASK], t.io);
    await t.waitForStdout(' t1');
    t.interrupt();
    await pause(50);
    const before = Date.now();
    t.interrupt();
    expect(await running).toBe(130);
    expect(Date.now() - before).toBeLessThan(1_000);
    expect(cancels()).toHaveLength(1);
    expect(t.stderr()).toContain('stopped without waiting');
  });

  it('cancels by id when interrupted while admission is still retrying [CLI-014, CLI-010]', async () => {
    server.route('POST', '/v1/tasks', (_r, res) =>
      json(
        res,
        429,
        {
          code: 'ADMISSION_REJECT',
          policy_label: 'reject',
          retriable: true,
          retry_after_ms: 5000,
          message: 'full',
        },
        { 'x-backoff-ms': '5000', 'retry-after': '5' },
      ),
    );
    server.route('POST', `/v1/tasks/${TASK}/cancel`, (_r, res) => noContent(res));
    const t = createTestIo({ env: { LLORCH_ADDR: server.url, LLORCH_API_TOKEN: 'tok' } });
    const running = runCli(
      ['submit', '--task-id', TASK, '--model', 'm', '--engine', 'llamacpp', '--ctx', '64', 'go'],
      t.io,
    );
    while (!t.stderr().includes('retrying in')) await pause(5);
    t.interrupt();
    expect(await running).toBe(130);
    expect(cancels()).toHaveLength(1);
  });

  it('works through the real binary and a real SIGINT [CLI-014]', async () => {
    slowTask({ honourCancel: true });
    const child = spawn(process.execPath, [BIN, 'stream', TASK], {
      // Hermetic: no user config file can leak in.
      env: {
        ...process.env,
        LLORCH_ADDR: server.url,
        LLORCH_API_TOKEN: 'tok',
        LLORCH_CONFIG: '',
        HOME: '/nonexistent-home',
        XDG_CONFIG_HOME: '/nonexistent-xdg',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!stdout.includes(' t2') && Date.now() < deadline) await pause(10);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(cancels()).toHaveLength(1);
    expect(stderr).toContain(`canceling task ${TASK}`);
  }, 30_000);

  it('leaves at once when interrupted while still reading the prompt from stdin [CLI-014, CLI-017]', async () => {
    const child = spawn(
      process.execPath,
      [BIN, '--verbose', 'submit', '--model', 'm', '--engine', 'llamacpp', '--ctx', '64'],
      {
        env: {
          ...process.env,
          LLORCH_ADDR: server.url,
          LLORCH_API_TOKEN: 'tok',
          HOME: '/nonexistent-home',
          XDG_CONFIG_HOME: '/nonexistent-xdg',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    child.stdin.write('a prompt that never ends');
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // --verbose prints its settings line just before the command starts (and starts reading stdin).
    while (!stderr.includes('correlation id')) await pause(10);
    await pause(100);
    const before = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(Date.now() - before).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(0);
  }, 30_000);
});
