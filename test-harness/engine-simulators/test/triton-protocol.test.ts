// WA-013: the Triton simulator speaks KServe v2 + the generate extension for a
// TensorRT-LLM ensemble where adapters depend on it: empty 200 health, server and
// model metadata (seed input named `seed` or `random_seed`), 400 for undeclared
// inputs, `data: ` events with text_output deltas and no [DONE], nv_ metrics with
// the TRT-LLM KV fraction, and refused connections while the model loads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_TEXT, startSimulator } from '../src/index.js';
import type { SimulatorHandle } from '../src/index.js';
import { getRaw, postRaw, probe, sseBlocks, sseJson } from './support/http.js';

describe('Triton simulator protocol', () => {
  let sim: SimulatorHandle;
  const model = (path = '') => `${sim.endpoint}/v2/models/ensemble${path}`;
  beforeAll(async () => {
    sim = await startSimulator({ protocol: 'triton', model: 'golden', tokenDelayMs: 1 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('streams `data: ` events whose text_output are deltas, without [DONE] [WA-013]', async () => {
    const { status, type, text } = await postRaw(model('/generate_stream'), {
      id: '42',
      text_input: 'the',
      max_tokens: 64,
      stream: true,
    });
    expect(status).toBe(200);
    expect(type).toBe('text/event-stream; charset=utf-8');
    expect(sseBlocks(text).every((b) => b.startsWith('data: {'))).toBe(true);
    expect(text).not.toContain('[DONE]');
    const events = sseJson(text);
    expect(events).toHaveLength(10);
    expect(events[0]).toMatchObject({
      id: '42',
      model_name: 'ensemble',
      model_version: '1',
      text_output: ' the',
    });
    expect(events.map((e) => e['text_output']).join('')).toBe(GOLDEN_TEXT);
  });

  it('answers /generate with one response holding the whole text [WA-013]', async () => {
    const { status, text } = await postRaw(model('/generate'), { text_input: 'the', max_tokens: 3 });
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ model_name: 'ensemble', text_output: ' the quick brown' });
  });

  it('rejects inputs the ensemble does not declare with a 400 error body [WA-013]', async () => {
    const { status, text } = await postRaw(model('/generate'), {
      text_input: 'x',
      max_tokens: 3,
      random_seed: 1,
    });
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({
      error: "unexpected inference input 'random_seed' for model 'ensemble'",
    });
  });

  it('serves empty-bodied health, server and model metadata, model config [WA-013]', async () => {
    for (const path of ['/v2/health/live', '/v2/health/ready', '/v2/models/ensemble/ready']) {
      expect(await getRaw(`${sim.endpoint}${path}`)).toMatchObject({ status: 200, text: '', length: '0' });
    }
    expect(JSON.parse((await getRaw(`${sim.endpoint}/v2`)).text)).toMatchObject({
      name: 'triton',
      version: '2.60.0',
    });
    const metadata = JSON.parse((await getRaw(model())).text) as { inputs: Array<{ name: string }> };
    expect(metadata.inputs.map((i) => i.name)).toContain('seed');
    expect(JSON.parse((await getRaw(model('/config'))).text)).toMatchObject({ max_batch_size: 1 });
    expect((await getRaw(`${sim.endpoint}/v2/models/other/ready`)).status).toBe(400);
  });

  it('publishes per-model nv_inference_* and TRT-LLM request and KV-cache series [WA-013]', async () => {
    const text = (await getRaw(`${sim.endpoint}/metrics`)).text;
    expect(text).toMatch(/^nv_inference_request_success\{model="ensemble",version="1"\} \d+$/m);
    expect(text).toMatch(
      /^nv_trt_llm_request_metrics\{model="tensorrt_llm",version="1",request_type="active"\} 0$/m,
    );
    expect(text).toMatch(/^nv_trt_llm_kv_cache_block_metrics\{[^}]*kv_cache_block_type="fraction"\} 0$/m);
  });
});

describe('Triton simulator variants', () => {
  it('refuses connections while loading, then serves [WA-013]', async () => {
    const sim = await startSimulator({ protocol: 'triton', loadingMs: 1500, waitFor: 'port' });
    try {
      expect(await probe(`${sim.endpoint}/v2/health/ready`)).toBe('ECONNREFUSED');
      await sim.ready;
      expect(await probe(`${sim.endpoint}/v2/health/ready`)).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  it('names the seed input random_seed when configured like a pre-2025-05 ensemble [WA-013]', async () => {
    const sim = await startSimulator({ protocol: 'triton', model: 'seeded', tritonSeedInput: 'random_seed' });
    try {
      const metadata = JSON.parse((await getRaw(`${sim.endpoint}/v2/models/ensemble`)).text) as {
        inputs: Array<{ name: string }>;
      };
      const names = metadata.inputs.map((i) => i.name);
      expect(names).toContain('random_seed');
      expect(names).not.toContain('seed');
      const request = { text_input: 'x', max_tokens: 4, random_seed: 5, temperature: 0.8, top_k: 40 };
      const first = await postRaw(`${sim.endpoint}/v2/models/ensemble/generate`, request);
      const second = await postRaw(`${sim.endpoint}/v2/models/ensemble/generate`, request);
      expect(first.status).toBe(200);
      expect(second.text).toBe(first.text);
    } finally {
      await sim.stop();
    }
  });
});
