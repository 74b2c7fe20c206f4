// ORCHD-076, ORCHD-078, CORE-072 end to end: the product as `npm start --config
// FILE` runs it (pool-managerd beside orchestratord, real llama-server, generated
// models) with three on-demand models on a CPU budget that holds two. A long
// stream keeps one model busy while a third model is asked for: the idle one is
// evicted, the busy one finishes its stream untouched. Driven through the
// official OpenAI SDK only.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from './support/harness.js';
import { startProduct, type ProductProcess } from './support/product-process.js';

let product: ProductProcess;
let dir = '';
let client: OpenAI;
// od-long's stream must outlast two loads on a slow, busy machine: twice the others' context.
const LONG_CTX = 8_192;

const model = (id: string, kind: 'bigram' | 'random' | 'tool', seed: number, ctx = 4096) => ({
  id,
  source: { generate: { kind, seed } },
  devices: 'cpu',
  allow_cpu_fallback: true,
  ctx,
  launch: { threads: 1, parallel: 1 },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-od-'));
  product = await startProduct({
    dir,
    token: TOKEN,
    config: {
      server: { bind: '127.0.0.1', port: 0, state_dir: join(dir, 'state') },
      pool_manager: { bind: '127.0.0.1', port: 0 },
      observability: { log_level: 'info' },
      // A tiny model needs about 516 MiB here (the estimate's 512 MiB overhead dominates): two fit.
      residency: { cpu_memory_mib: 1100 },
      models: [
        model('od-chat', 'bigram', 5),
        model('od-long', 'random', 3, LONG_CTX),
        model('od-tool', 'tool', 13),
      ],
    },
  });
  client = new OpenAI({ baseURL: `${product.url}/v1`, apiKey: TOKEN, maxRetries: 0, timeout: 120_000 });
}, 900_000);

afterAll(async () => {
  await product?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

const states = async () => {
  const list = (await client.models.list()).data as unknown as { id: string; state: string }[];
  return Object.fromEntries(list.map((m) => [m.id, m.state]));
};

describe('on-demand models on real engines', () => {
  it('evicts the idle model, never the busy one, and every request completes [ORCHD-076, ORCHD-078, CORE-072]', async () => {
    expect(await states()).toEqual({ 'od-chat': 'unloaded', 'od-long': 'unloaded', 'od-tool': 'unloaded' });
    // od-long is used first, so by last use it is the one to evict; but it is still streaming
    // (busy) when od-tool needs room, so od-chat, used after it but idle, must go instead.
    const stream = await client.chat.completions.create({
      model: 'od-long',
      messages: [{ role: 'user', content: 'go on' }],
      max_tokens: LONG_CTX - 96,
      stream: true,
    });
    let chunks = 0;
    let finish: string | null | undefined;
    let streamEndedAt = 0;
    const reading = (async () => {
      for await (const chunk of stream) {
        if ((chunk.choices[0]?.delta.content ?? '') !== '') chunks += 1;
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      streamEndedAt = Date.now();
    })();
    while (chunks === 0) await new Promise((r) => setTimeout(r, 20));
    const first = await client.chat.completions.create({
      model: 'od-chat',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 16,
    });
    expect(first.choices[0]?.message.content).toContain('quick brown fox');

    const tool = await client.chat.completions.create({
      model: 'od-tool',
      messages: [{ role: 'user', content: 'weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
      max_tokens: 64,
    });
    expect(tool.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather' } });
    const during = await states();
    await reading;
    expect(finish).toBe('length');
    expect(chunks).toBeGreaterThan(1000);
    // od-long may end before od-tool's load does on a slow machine, and then be resident
    // or gone; what must hold is that nothing took it away.
    expect(during['od-chat']).toBe('unloaded');
    expect(during['od-tool']).toBe('resident');

    const metrics = await (
      await fetch(`${product.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/model_evictions_total\{pool_id="od-chat",reason="make-room"\} 1/);
    expect(metrics).not.toMatch(/model_evictions_total\{pool_id="od-long"/);
    expect(metrics).toMatch(/model_loads_total\{pool_id="od-tool",outcome="loaded"\} 1/);
    // The eviction and the loads are in the log, with the model and the memory involved (ORCHD-079).
    const log = product.stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
    const unloading = log.find((r) => r.msg === 'model unloading' && r.pool_id === 'od-chat');
    expect(unloading).toMatchObject({ reason: 'make-room', freed_bytes: expect.any(Number) });
    // The choice was made while od-long was still streaming (busy), the case under test.
    expect(Date.parse(String(unloading?.['time']))).toBeLessThan(streamEndedAt);
  }, 300_000);
});

describe('on-demand models on real engines, room for one', () => {
  let small: ProductProcess;
  let smallDir = '';
  let sdk: OpenAI;
  const MAX_WAIT_MS = 1_000;

  beforeAll(async () => {
    smallDir = await mkdtemp(join(tmpdir(), 'llorch-od1-'));
    const notAModel = join(smallDir, 'not-a-model.gguf');
    await writeFile(notAModel, 'this is not a GGUF file\n');
    small = await startProduct({
      dir: smallDir,
      token: TOKEN,
      config: {
        server: { bind: '127.0.0.1', port: 0, state_dir: join(smallDir, 'state') },
        pool_manager: { bind: '127.0.0.1', port: 0 },
        residency: { cpu_memory_mib: 600, max_wait_ms: MAX_WAIT_MS, load_backoff_ms: 1_000 },
        models: [
          model('ag-a', 'bigram', 31),
          model('ag-b', 'bigram', 32),
          { ...model('broken', 'bigram', 33), source: { path: notAModel } },
        ],
      },
    });
    sdk = new OpenAI({ baseURL: `${small.url}/v1`, apiKey: TOKEN, maxRetries: 0, timeout: 120_000 });
  }, 900_000);

  afterAll(async () => {
    await small?.stop();
    if (smallDir !== '') await rm(smallDir, { recursive: true, force: true });
  });

  const ask = (id: string) =>
    sdk.chat.completions.create({ model: id, messages: [{ role: 'user', content: 'hi' }], max_tokens: 16 });

  it('two agents alternating A and B: swaps bounded by elapsed time over max_wait_ms, all complete [ORCHD-078, CORE-078]', async () => {
    const perAgent = 8;
    const waits: number[] = [];
    const agent = async (first: string, second: string) => {
      for (let i = 0; i < perAgent; i++) {
        const began = Date.now();
        const reply = await ask(i % 2 === 0 ? first : second);
        expect(reply.choices[0]?.finish_reason).toBeDefined();
        waits.push(Date.now() - began);
      }
    };
    const began = Date.now();
    await Promise.all([agent('ag-a', 'ag-b'), agent('ag-b', 'ag-a')]);
    const elapsed = Date.now() - began;
    const text = await (
      await fetch(`${small.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    const loads = [...text.matchAll(/^model_loads_total\{[^}]*outcome="loaded"[^}]*\} (\d+)/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    expect(waits).toHaveLength(2 * perAgent);
    // At most one swap per max_wait_ms, plus the first load and one at the end; swap-on-change
    // would load for nearly every one of the 16 requests.
    expect(loads).toBeLessThanOrEqual(Math.ceil(elapsed / MAX_WAIT_MS) + 2);
    expect(loads).toBeLessThan(2 * perAgent);
    waits.sort((x, y) => x - y);
    expect(waits[Math.floor(waits.length * 0.95)]).toBeLessThan(MAX_WAIT_MS + 5_000);
  }, 300_000);

  it('a failed load ends every waiting request with a typed error, then backs off and retries [ORCHD-077]', async () => {
    const failures = await Promise.allSettled([ask('broken'), ask('broken')]);
    for (const failure of failures) {
      expect(failure.status).toBe('rejected');
      const error = (failure as PromiseRejectedResult).reason as InstanceType<typeof OpenAI.APIError>;
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error.status).toBe(503);
      expect(error.message).toContain('could not be loaded');
    }
    const refused = await ask('broken').catch((e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toMatch(/^\d+$/);
    await new Promise((r) => setTimeout(r, 1_200));
    await expect(ask('broken')).rejects.toBeInstanceOf(OpenAI.APIError);
    const text = await (
      await fetch(`${small.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(text).toMatch(/model_loads_total\{pool_id="broken",outcome="failed"\} 2/);
  }, 120_000);
});
