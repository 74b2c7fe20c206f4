// WA-013: the vLLM simulator speaks the OpenAI-compatible server's protocol where
// adapters depend on it: `data: ` chunks, finish_reason on the last text chunk, a
// usage chunk on request, `data: [DONE]` at the end (also after an in-stream
// error), empty-bodied /health, and refused connections while the model loads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { SimulatorHandle } from '../src/index.js';
import { getRaw, postRaw, probe, sseBlocks, sseJson } from './support/http.js';

describe('vLLM simulator protocol', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ protocol: 'vllm', model: 'golden', tokenDelayMs: 1 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const complete = (body: Record<string, unknown>) =>
    postRaw(`${sim.endpoint}/v1/completions`, { model: 'golden', prompt: 'the', ...body });

  it('ends the stream with `data: [DONE]` after a usage chunk [WA-013]', async () => {
    const { status, text } = await complete({
      max_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(status).toBe(200);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(sseBlocks(text).every((b) => b.startsWith('data: '))).toBe(true);
    const chunks = sseJson(text);
    const usage = chunks.at(-1);
    expect(usage).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 2, completion_tokens: 11, total_tokens: 13 },
    });
    const eos = chunks.at(-2) as { choices: Array<Record<string, unknown>> };
    expect(eos.choices[0]).toMatchObject({ text: '', finish_reason: 'stop', stop_reason: null });
    expect(chunks.slice(0, -2).every((c) => c['usage'] === null)).toBe(true);
  });

  it('puts finish_reason "length" on the last token and sends no usage unless asked [WA-013]', async () => {
    const chunks = sseJson((await complete({ max_tokens: 3, stream: true })).text) as Array<{
      choices: Array<Record<string, unknown>>;
    }>;
    expect(chunks).toHaveLength(3);
    expect(chunks.map((c) => c.choices[0]?.['finish_reason'])).toEqual([null, null, 'length']);
  });

  it('answers non-streamed completions and rejects unknown models with a 404 error object [WA-013]', async () => {
    const whole = JSON.parse((await complete({ max_tokens: 2 })).text) as Record<string, unknown>;
    expect(whole).toMatchObject({
      object: 'text_completion',
      choices: [{ text: ' the quick', finish_reason: 'length' }],
    });
    const missing = await postRaw(`${sim.endpoint}/v1/completions`, { model: 'other', prompt: 'x' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({
      error: { type: 'NotFoundError', code: 404, param: 'model' },
    });
  });

  it('serves empty-bodied /health, /version, /v1/models and /tokenize [WA-013]', async () => {
    expect(await getRaw(`${sim.endpoint}/health`)).toMatchObject({ status: 200, text: '', length: '0' });
    expect(JSON.parse((await getRaw(`${sim.endpoint}/version`)).text)).toEqual({ version: '0.11.0+sim' });
    const models = JSON.parse((await getRaw(`${sim.endpoint}/v1/models`)).text) as Record<string, unknown>;
    expect(models).toMatchObject({ object: 'list', data: [{ id: 'golden', max_model_len: 2048 }] });
    const tokens = JSON.parse((await postRaw(`${sim.endpoint}/tokenize`, { prompt: ' the quick' })).text);
    expect(tokens).toEqual({ count: 3, max_model_len: 2048, tokens: [1, 100, 101], token_strs: null });
  });

  it('publishes vllm: gauges and counters labelled by model [WA-013]', async () => {
    const text = (await getRaw(`${sim.endpoint}/metrics`)).text;
    for (const name of [
      'num_requests_running',
      'num_requests_waiting',
      'kv_cache_usage_perc',
      'generation_tokens_total',
    ]) {
      expect(text).toMatch(new RegExp(`^vllm:${name}\\{engine="0",model_name="golden"\\} \\d+\\.\\d+$`, 'm'));
    }
    expect(text).not.toContain('gpu_cache_usage_perc');
  });
});

describe('vLLM simulator variants', () => {
  it('refuses connections while loading, then serves [WA-013]', async () => {
    const sim = await startSimulator({ protocol: 'vllm', loadingMs: 1500, waitFor: 'port' });
    try {
      expect(await probe(`${sim.endpoint}/health`)).toBe('ECONNREFUSED');
      await sim.ready;
      expect(await probe(`${sim.endpoint}/health`)).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  it('sends an in-stream error object followed by [DONE], and can publish the legacy KV metric [WA-013]', async () => {
    const sim = await startSimulator({
      protocol: 'vllm',
      model: 'seeded',
      faults: [{ type: 'error-after', tokens: 2 }],
      vllmLegacyKvMetric: true,
    });
    try {
      const { status, text } = await postRaw(`${sim.endpoint}/v1/completions`, {
        prompt: 'x',
        max_tokens: 8,
        stream: true,
      });
      expect(status).toBe(200);
      const blocks = sseBlocks(text);
      expect(blocks).toHaveLength(4);
      expect(blocks[3]).toBe('data: [DONE]');
      expect(JSON.parse(blocks[2]?.slice('data: '.length) ?? '')).toMatchObject({
        error: { type: 'InternalServerError', code: 500 },
      });
      const metrics = (await getRaw(`${sim.endpoint}/metrics`)).text;
      expect(metrics).toContain('vllm:gpu_cache_usage_perc{');
      expect(metrics).not.toContain('vllm:kv_cache_usage_perc');
    } finally {
      await sim.stop();
    }
  });
});
