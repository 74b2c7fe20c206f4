// WA-013: the llama.cpp simulator speaks llama-server's native protocol byte for
// byte where adapters depend on it: `data: ` framing, an EOS chunk with empty
// content, a final stop chunk with empty content and tokens, no [DONE], and 503
// with the loading body on every route until the model is up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_TEXT, startSimulator } from '../src/index.js';
import type { SimulatorHandle } from '../src/index.js';
import { getRaw, openStream, postRaw, sseBlocks, sseJson, waitFor } from './support/http.js';

describe('llama.cpp simulator protocol', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ protocol: 'llamacpp', model: 'golden', tokenDelayMs: 5 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('streams `data: ` events, an EOS chunk, then a final stop chunk and no [DONE] [WA-013]', async () => {
    const { status, type, text } = await postRaw(`${sim.endpoint}/completion`, {
      prompt: 'the',
      n_predict: 64,
      stream: true,
      seed: 42,
    });
    expect(status).toBe(200);
    expect(type).toBe('text/event-stream');
    const blocks = sseBlocks(text);
    expect(blocks.every((b) => b.startsWith('data: {'))).toBe(true);
    expect(text.endsWith('}\n\n')).toBe(true);
    expect(text).not.toContain('[DONE]');
    const chunks = sseJson(text);
    const eos = chunks.at(-2);
    const final = chunks.at(-1);
    expect(eos).toMatchObject({ content: '', tokens: [2], stop: false });
    expect(final).toMatchObject({
      content: '',
      tokens: [],
      stop: true,
      stop_type: 'eos',
      tokens_predicted: 11,
    });
    expect(chunks.map((c) => c['content']).join('')).toBe(GOLDEN_TEXT);
    expect(chunks[0]).toMatchObject({
      index: 0,
      stop: false,
      id_slot: -1,
      tokens_predicted: 1,
      tokens_evaluated: 2,
    });
  });

  it('answers a non-streamed completion with the whole content and stop_type limit [WA-013]', async () => {
    const { status, text } = await postRaw(`${sim.endpoint}/completion`, { prompt: 'the', n_predict: 3 });
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ content: ' the quick brown', stop: true, stop_type: 'limit' });
  });

  it('serves /health, /props, /tokenize and /detokenize in llama-server shapes [WA-013]', async () => {
    expect(await getRaw(`${sim.endpoint}/health`)).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    const props = JSON.parse((await getRaw(`${sim.endpoint}/props`)).text) as Record<string, unknown>;
    expect(props).toMatchObject({
      total_slots: 1,
      build_info: 'b1-5e1a0c0',
      default_generation_settings: { n_ctx: 2048 },
    });
    const tokens = JSON.parse((await postRaw(`${sim.endpoint}/tokenize`, { content: ' the quick' })).text);
    expect(tokens).toEqual({ tokens: [100, 101] });
    const content = JSON.parse((await postRaw(`${sim.endpoint}/detokenize`, { tokens: [100, 101] })).text);
    expect(content).toEqual({ content: ' the quick' });
  });

  it('shows a busy slot while decoding and frees it when the client disconnects [WA-013]', async () => {
    const stream = await openStream(`${sim.endpoint}/completion`, {
      prompt: 'x',
      n_predict: 64,
      stream: true,
    });
    await stream.events(2);
    const slots = JSON.parse((await getRaw(`${sim.endpoint}/slots`)).text) as Array<Record<string, unknown>>;
    expect(slots[0]).toMatchObject({ id: 0, is_processing: true });
    const metrics = (await getRaw(`${sim.endpoint}/metrics`)).text;
    expect(metrics).toContain('llamacpp:requests_processing 1');
    stream.controller.abort();
    const idle = await waitFor(
      2000,
      async () => JSON.parse((await getRaw(`${sim.endpoint}/slots`)).text) as Array<Record<string, unknown>>,
      (s) => s[0]?.['is_processing'] === false,
    );
    expect(idle[0]?.['is_processing']).toBe(false);
  });

  it('publishes llamacpp: metrics whose token counter follows generation [WA-013]', async () => {
    const before = (await getRaw(`${sim.endpoint}/metrics`)).text;
    const count = (text: string) => Number(/^llamacpp:tokens_predicted_total (\d+)$/m.exec(text)?.[1]);
    await postRaw(`${sim.endpoint}/completion`, { prompt: 'the', n_predict: 4 });
    const after = (await getRaw(`${sim.endpoint}/metrics`)).text;
    expect(count(after) - count(before)).toBe(4);
    for (const name of [
      'prompt_tokens_total',
      'n_decode_total',
      'requests_deferred',
      'predicted_tokens_seconds',
    ]) {
      expect(after).toContain(`# TYPE llamacpp:${name} `);
    }
  });
});

describe('llama.cpp simulator loading phase', () => {
  it('answers 503 with the loading body on every route until loaded, then 200 [WA-013]', async () => {
    const sim = await startSimulator({ protocol: 'llamacpp', loadingMs: 1500, waitFor: 'listening' });
    try {
      const loadingBody = '{"error":{"message":"Loading model","type":"unavailable_error","code":503}}';
      expect(await getRaw(`${sim.endpoint}/health`)).toMatchObject({ status: 503, text: loadingBody });
      expect(await postRaw(`${sim.endpoint}/completion`, { prompt: 'x' })).toMatchObject({
        status: 503,
        text: loadingBody,
      });
      await sim.ready;
      expect((await getRaw(`${sim.endpoint}/health`)).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});
