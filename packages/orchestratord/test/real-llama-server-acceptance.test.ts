// Acceptance against real llama-server processes on the generated tiny models
// (no mocks): determinism, cancel freeing the engine slot, and engine death.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureLlamaServer,
  startLlamaServer,
  writeTinyModel,
  type LlamaServerProcess,
} from '@llama-orch/engine-provision';
import { createLlamaCppAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, type LogSink, replicasOf } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse, type SseMessage } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

let dir = '';
let binaryPath = '';
let modelPath = '';
const engines: LlamaServerProcess[] = [];

async function engine(ctx = 2048): Promise<LlamaServerProcess> {
  const started = await startLlamaServer({
    binaryPath,
    modelPath,
    ctx,
    parallel: 1,
    threads: 1,
    ownProcessGroup: true,
  });
  engines.push(started);
  return started;
}

async function daemonFor(endpoint: string): Promise<RunningOrchestratord & { logs: LogSink }> {
  return startTestDaemon({
    pools: [{ id: 'tiny-random', replicas: [createLlamaCppAdapter({ endpoint })] }],
    tuning: { probeIntervalMs: 60_000 },
  });
}

const tokensOf = (messages: SseMessage[]) => messages.filter((m) => m.event === 'token').map((m) => m.data);

beforeAll(async () => {
  // First run on a fresh machine builds llama-server from the bundled source (minutes); later runs reuse the cache.
  binaryPath = (await ensureLlamaServer()).binaryPath;
  dir = await mkdtemp(join(tmpdir(), 'orchd-real-'));
  modelPath = (await writeTinyModel({ kind: 'random', seed: 7, path: join(dir, 'tiny-random.gguf') })).path;
}, 900_000);

afterAll(async () => {
  await Promise.allSettled(engines.map((e) => e.stop(1_000)));
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('real llama-server', () => {
  it('streams byte-identical token frames for the same seed, and different ones for another seed [OC-018]', async () => {
    const llama = await engine(512);
    const daemon = await daemonFor(llama.endpoint);
    try {
      const run = async (seed: number) => {
        const body = taskBody({
          model_ref: 'tiny-random',
          prompt: 'hello world',
          seed,
          max_tokens: 48,
          ctx: 512,
        });
        expect((await call(daemon.url, 'POST', '/v1/tasks', body)).status).toBe(202);
        const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
          headers: streamHeaders,
        });
        expect(stream.messages.at(-1)?.event).toBe('end');
        return tokensOf(stream.messages);
      };
      const first = await run(1234);
      const second = await run(1234);
      // Byte-level pieces that are not yet valid UTF-8 reach the client merged, so frames <= tokens.
      expect(first.length).toBeGreaterThan(10);
      expect(Buffer.from(second.join('\n'))).toEqual(Buffer.from(first.join('\n')));
      expect(await run(99)).not.toEqual(first);
    } finally {
      await daemon.stop();
    }
  });

  it('cancels after 2 tokens: the stream ends and the engine slot goes idle [ORCHD-026, OC-022]', async () => {
    const llama = await engine();
    const adapter = createLlamaCppAdapter({ endpoint: llama.endpoint });
    const daemon = await daemonFor(llama.endpoint);
    try {
      const body = taskBody({ model_ref: 'tiny-random', prompt: 'hello', max_tokens: 2000, ctx: 2048 });
      expect((await call(daemon.url, 'POST', '/v1/tasks', body)).status).toBe(202);
      let canceled: Promise<unknown> | undefined;
      const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
        headers: streamHeaders,
        until: (messages) => {
          if (canceled === undefined && tokensOf(messages).length >= 2) {
            canceled = call(daemon.url, 'POST', `/v1/tasks/${String(body.task_id)}/cancel`);
          }
          return false;
        },
      });
      expect(((await canceled) as { status: number }).status).toBe(204);
      const end = stream.messages.at(-1)!;
      expect(end.event).toBe('end');
      expect(parsed(end)).toMatchObject({ canceled: true });
      expect(parsed<{ tokens_out: number }>(end).tokens_out).toBeLessThan(2000);
      let idle = false;
      const deadline = Date.now() + 2_000;
      while (!idle && Date.now() < deadline) {
        idle = (await adapter.slots()).every((slot) => !slot.is_processing);
        if (!idle) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(idle).toBe(true);
    } finally {
      await daemon.stop();
    }
  });

  it('ends the stream with WORKER_RESET within 1 s when the engine process is killed mid-stream [ORCHD-020]', async () => {
    const llama = await engine();
    const daemon = await daemonFor(llama.endpoint);
    try {
      const body = taskBody({ model_ref: 'tiny-random', prompt: 'hello', max_tokens: 2000, ctx: 2048 });
      expect((await call(daemon.url, 'POST', '/v1/tasks', body)).status).toBe(202);
      let killedAt = 0;
      const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
        headers: streamHeaders,
        until: (messages) => {
          if (killedAt === 0 && tokensOf(messages).length >= 3) {
            killedAt = performance.now();
            llama.kill('SIGKILL');
          }
          return false;
        },
      });
      const elapsed = performance.now() - killedAt;
      const last = stream.messages.at(-1)!;
      expect(last.event).toBe('error');
      expect(parsed(last)).toMatchObject({ code: 'WORKER_RESET', retriable: true });
      expect(elapsed).toBeLessThan(1_000);
      expect(replicasOf(daemon.dataPlane)[0]?.state).toBe('Unready');
    } finally {
      await daemon.stop();
    }
  });
});
