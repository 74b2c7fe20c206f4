// A stream that drops before its terminal frame is resumed with
// Last-Event-ID, so every token reaches stdout once and in order; a stream
// that keeps dropping without progress gives up with a pointer to resume.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  json,
  openSse,
  sseText,
  startFakeServer,
  type FakeServer,
  type Frame,
} from './support/fake-orchestratord.js';
import { runAgainst } from './support/test-io.js';

const TASK = '3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11';
const frames: Frame[] = [
  { event: 'started', data: { queue_position: 0, predicted_start_ms: 3 } },
  { event: 'token', data: { t: 'one', i: 0 } },
  { event: 'token', data: { t: ' two', i: 1 } },
  { event: 'token', data: { t: ' three', i: 2 } },
  { event: 'end', data: { tokens_out: 3, decode_ms: 9 } },
];

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => server.close());

const streams = () => server.requests.filter((r) => r.path === `/v1/tasks/${TASK}/stream`);

describe('stream resume', () => {
  it('reconnects with Last-Event-ID and shows each token once [CLI-012]', async () => {
    server.route('GET', `/v1/tasks/${TASK}/stream`, (r, res) => {
      openSse(res);
      const last = r.headers['last-event-id'];
      if (last === undefined) {
        // Two frames, then the connection dies mid-stream (no terminal frame).
        res.write(sseText(frames.slice(0, 3)));
        setTimeout(() => res.destroy(), 20);
        return;
      }
      // The server replays from after `last`; resend one overlapping frame to prove the client dedupes.
      const from = Number(last);
      res.end(sseText(frames.slice(from), from));
    });
    const run = await runAgainst(server.url, ['stream', TASK]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('one two three');
    expect(streams().map((r) => r.headers['last-event-id'])).toEqual([undefined, '2']);
    expect(run.stderr).toContain('stream dropped; resuming after frame 2');
  });

  it('gives up after repeated drops with no progress, saying how to resume [CLI-012, CLI-016]', async () => {
    server.route('GET', `/v1/tasks/${TASK}/stream`, (_r, res) => {
      openSse(res);
      res.write(': keep-alive\n\n');
      setTimeout(() => res.destroy(), 5);
    });
    // The resume bounds come from the config file, as a user would tune them.
    const dir = await mkdtemp(path.join(tmpdir(), 'llorch-cli-'));
    const config = path.join(dir, 'config.yaml');
    await writeFile(config, 'retries:\n  resume_attempts: 3\n  resume_delay_ms: 5\n');
    const run = await runAgainst(server.url, ['stream', TASK], { env: { LLORCH_CONFIG: config } });
    await rm(dir, { recursive: true });
    expect(run.status).toBe(1);
    expect(streams()).toHaveLength(4); // the first try plus three resumes
    expect(run.stderr).toContain('resuming after the start in 20 ms (attempt 3 of 3)');
    expect(run.stderr).toContain('error STREAM_LOST');
    expect(run.stderr).toContain(
      `hint: the task may still be running: follow it with \`llorch stream ${TASK}\``,
    );
  });

  it('does not resume after a final answer such as 404 [CLI-012, CLI-017]', async () => {
    server.route('GET', `/v1/tasks/${TASK}/stream`, (_r, res) =>
      json(res, 404, {
        code: 'INVALID_PARAMS',
        message: `no task ${TASK}; submit it with POST /v1/tasks first`,
        retriable: false,
      }),
    );
    const run = await runAgainst(server.url, ['stream', TASK]);
    expect(run.status).toBe(2);
    expect(streams()).toHaveLength(1);
    expect(run.stderr).toContain(
      `error INVALID_PARAMS (HTTP 404, correlation id corr-fake-1): no task ${TASK}`,
    );
    expect(run.stderr).toContain('hint: nothing on the server has this id');
  });
});
