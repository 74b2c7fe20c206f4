// POOL-016, POOL-045..POOL-047, DET-004, DET-011: a real llama-server (built offline by
// ensureLlamaServer; minutes on first use, cached after) serving our tiny models.
// Golden text and EOS come from the bigram model; seed behaviour from the random one.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIGRAM_SENTENCE,
  EngineProcessError,
  ensureLlamaServer,
  startLlamaServer,
  writeTinyModel,
} from '../src/index.js';
import type { LlamaServerProcess } from '../src/index.js';

interface Chunk {
  content: string;
  stop: boolean;
  stop_type?: string;
  tokens_predicted?: number;
}

let dir: string;
let binaryPath: string;
let bigramPath: string;
let randomPath: string;
let bigram: LlamaServerProcess;
let random: LlamaServerProcess;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-engine-'));
  ({ binaryPath } = await ensureLlamaServer({
    onProgress: (line) => /^(\[\s*\d+%\]|llama-orch)/.test(line) && console.log(line),
  }));
  bigramPath = (await writeTinyModel({ kind: 'bigram', seed: 42, path: path.join(dir, 'bigram.gguf') })).path;
  randomPath = (await writeTinyModel({ kind: 'random', seed: 42, path: path.join(dir, 'random.gguf') })).path;
  [bigram, random] = await Promise.all([
    startLlamaServer({ binaryPath, modelPath: bigramPath, ctx: 512 }),
    startLlamaServer({ binaryPath, modelPath: randomPath, ctx: 512 }),
  ]);
}, 900_000);

afterAll(async () => {
  await Promise.all([bigram?.stop(), random?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

async function complete(
  endpoint: string,
  body: Record<string, unknown>,
): Promise<{ text: string; chunks: Chunk[] }> {
  const response = await fetch(`${endpoint}/completion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stream: true, cache_prompt: false, ...body }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const chunks = (await response.text())
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => JSON.parse(line.slice(5)) as Chunk);
  return { text: chunks.map((c) => c.content).join(''), chunks };
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('real llama-server', () => {
  it('answers /health with 200 and /props with one slot and the model [POOL-045, POOL-046]', async () => {
    const health = await fetch(`${bigram.endpoint}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const props = (await (await fetch(`${bigram.endpoint}/props`)).json()) as Record<string, unknown>;
    expect(props).toMatchObject({ total_slots: 1, model_path: bigramPath, eos_token: '</s>' });
    expect(props['default_generation_settings']).toMatchObject({ n_ctx: 512 });
    expect(bigram.endpoint).toBe(`http://127.0.0.1:${bigram.port}`);
  });

  it('streams the golden continuation of "the" and stops on EOS, greedy [DET-011]', async () => {
    const { text, chunks } = await complete(bigram.endpoint, { prompt: 'the', temperature: 0, seed: 1 });
    expect(text).toBe(' quick brown fox jumps over a lazy dog.');
    expect(BIGRAM_SENTENCE).toBe(` the${text}`);
    expect(chunks.at(-1)).toMatchObject({ stop: true, stop_type: 'eos' });
    expect(chunks.filter((c) => !c.stop).length).toBeGreaterThanOrEqual(9);
  });

  it('gives the same text with sampling at temperature 0.8 and a seed [DET-011]', async () => {
    for (const seed of [42, 7]) {
      const { text, chunks } = await complete(bigram.endpoint, { prompt: 'the', temperature: 0.8, seed });
      expect(text).toBe(' quick brown fox jumps over a lazy dog.');
      expect(chunks.at(-1)?.stop_type).toBe('eos');
    }
  });

  it('converges onto the sentence from any other prompt [DET-011]', async () => {
    const { text } = await complete(bigram.endpoint, { prompt: 'hello world', temperature: 0.8, seed: 3 });
    expect(text).toBe(BIGRAM_SENTENCE);
  });

  it('repeats the random model output for the same seed and runs to the token limit [DET-004, DET-011]', async () => {
    const request = { prompt: 'hello', temperature: 0.8, seed: 1234, n_predict: 48 };
    const first = await complete(random.endpoint, request);
    const second = await complete(random.endpoint, request);
    expect(second.text).toBe(first.text);
    expect(first.chunks.at(-1)).toMatchObject({ stop: true, stop_type: 'limit', tokens_predicted: 48 });
    const other = await complete(random.endpoint, { ...request, seed: 999 });
    expect(other.text).not.toBe(first.text);
  });

  it('stop() terminates the process and frees the port [POOL-047]', async () => {
    const server = await startLlamaServer({ binaryPath, modelPath: bigramPath, ctx: 256 });
    expect(isAlive(server.pid)).toBe(true);
    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${server.endpoint}/health`)).rejects.toThrow();
    await server.stop(); // idempotent
  });

  it('reports an engine that dies before ready with its last log lines [POOL-046]', async () => {
    const attempt = startLlamaServer({ binaryPath, modelPath: path.join(dir, 'missing.gguf'), ctx: 256 });
    const error = (await attempt.catch((e: unknown) => e)) as EngineProcessError;
    expect(error).toBeInstanceOf(EngineProcessError);
    expect(error.code).toBe('ENGINE_EXITED_BEFORE_READY');
    expect(error.retriable).toBe(false);
    expect(error.context.lastLog.join('\n')).toContain('missing.gguf');
    expect(error.message).toContain('missing.gguf');
    expect(isAlive(error.context.pid as number)).toBe(false);
  });

  it('fails fast when the binary cannot be spawned [POOL-046]', async () => {
    await expect(
      startLlamaServer({ binaryPath: path.join(dir, 'no-such-binary'), modelPath: bigramPath, ctx: 256 }),
    ).rejects.toMatchObject({
      code: 'ENGINE_SPAWN_FAILED',
      message: expect.stringContaining('pnpm engines:llamacpp'),
    });
  });

  it('reports a fixed port that is already taken as such [POOL-045]', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(
        startLlamaServer({ binaryPath, modelPath: bigramPath, ctx: 256, port }),
      ).rejects.toMatchObject({
        code: 'ENGINE_PORT_IN_USE',
        message: expect.stringContaining(`127.0.0.1:${port}`),
        context: { port, lastLog: expect.arrayContaining([expect.stringMatching(/couldn't bind/)]) },
      });
    } finally {
      blocker.close();
    }
  });

  it('can run the engine as the leader of its own process group [POOL-016, POOL-047]', async () => {
    const processGroup = async (pid: number): Promise<number> =>
      Number((await promisify(execFile)('ps', ['-o', 'pgid=', '-p', String(pid)])).stdout.trim());
    const grouped = await startLlamaServer({
      binaryPath,
      modelPath: bigramPath,
      ctx: 256,
      ownProcessGroup: true,
    });
    expect(await processGroup(grouped.pid)).toBe(grouped.pid);
    expect(await processGroup(bigram.pid)).toBe(await processGroup(process.pid));
    grouped.kill('SIGTERM');
    expect(await grouped.exited).toEqual({ code: 0, signal: null });
    expect(isAlive(grouped.pid)).toBe(false);
  });

  it('kills an engine that misses the startup deadline [POOL-046]', async () => {
    const error = (await startLlamaServer({
      binaryPath,
      modelPath: bigramPath,
      ctx: 256,
      startupTimeoutMs: 1,
    }).catch((e: unknown) => e)) as EngineProcessError;
    expect(error.code).toBe('ENGINE_START_TIMEOUT');
    expect(error.retriable).toBe(true);
    expect(isAlive(error.context.pid as number)).toBe(false);
  });

  it('runs a build of this commit that knows -nocb [DET-004]', async () => {
    const { stdout, stderr } = await promisify(execFile)(binaryPath, ['--help']);
    expect(`${stdout}${stderr}`).toMatch(/-nocb, --no-cont-batching/);
  });
});
