// WA-013: the TGI simulator speaks the router's protocol where adapters depend on
// it: `data:` with no space, EOS as a special token on the final event carrying
// generated_text and details, no [DONE], TGI's 422 sampling validation, greedy
// decoding when parameters carry no sampling knob, and refused connections while loading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_TEXT, startSimulator, tokenize } from '../src/index.js';
import type { SimulatorHandle } from '../src/index.js';
import { getRaw, postRaw, probe, sseBlocks, sseJson } from './support/http.js';

describe('TGI simulator protocol', () => {
  let golden: SimulatorHandle;
  let seeded: SimulatorHandle;
  beforeAll(async () => {
    [golden, seeded] = await Promise.all([
      startSimulator({ protocol: 'tgi', model: 'golden', tokenDelayMs: 1 }),
      startSimulator({ protocol: 'tgi', model: 'seeded', tokenDelayMs: 1 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([golden?.stop(), seeded?.stop()]);
  });

  it('frames events as `data:{` with no space and ends on the EOS event, without [DONE] [WA-013]', async () => {
    const { status, text } = await postRaw(`${golden.endpoint}/generate_stream`, {
      inputs: 'the',
      parameters: { max_new_tokens: 64, details: true },
    });
    expect(status).toBe(200);
    const blocks = sseBlocks(text);
    expect(blocks.every((b) => b.startsWith('data:{'))).toBe(true);
    expect(text).not.toContain('[DONE]');
    const events = sseJson(text);
    expect(events[0]).toMatchObject({ index: 1, generated_text: null, details: null });
    expect(events.at(-1)).toMatchObject({
      token: { id: 2, text: '</s>', special: true },
      generated_text: GOLDEN_TEXT,
      details: { finish_reason: 'eos_token', generated_tokens: 11, seed: null, input_length: 1 },
    });
  });

  it('rejects what TGI rejects with 422 validation errors [WA-013]', async () => {
    for (const parameters of [{ temperature: 0 }, { top_p: 1 }, { top_k: 0 }, { max_new_tokens: 0 }]) {
      const { status, text } = await postRaw(`${seeded.endpoint}/generate`, { inputs: 'x', parameters });
      expect(status).toBe(422);
      expect(JSON.parse(text)).toMatchObject({ error_type: 'validation' });
    }
  });

  it('decodes greedily when parameters carry no sampling knob, so the seed cannot matter [WA-013]', async () => {
    const run = async (parameters: Record<string, unknown>) =>
      (
        JSON.parse(
          (await postRaw(`${seeded.endpoint}/generate`, { inputs: 'x', parameters })).text,
        ) as Record<string, unknown>
      )['generated_text'];
    const greedy = [await run({ max_new_tokens: 6, seed: 1 }), await run({ max_new_tokens: 6, seed: 2 })];
    expect(greedy[0]).toBe(greedy[1]);
    const sampled = [
      await run({ max_new_tokens: 6, seed: 1, do_sample: true }),
      await run({ max_new_tokens: 6, seed: 2, do_sample: true }),
    ];
    expect(sampled[0]).not.toBe(sampled[1]);
  });

  it('serves empty /health, /info, a token list from /tokenize and tgi_ metrics [WA-013]', async () => {
    expect(await getRaw(`${golden.endpoint}/health`)).toMatchObject({ status: 200, text: '', length: '0' });
    const info = JSON.parse((await getRaw(`${golden.endpoint}/info`)).text) as Record<string, unknown>;
    expect(info).toMatchObject({ model_id: 'sim/golden', max_total_tokens: 2048, version: '3.3.6-sim' });
    const tokens = JSON.parse((await postRaw(`${golden.endpoint}/tokenize`, { inputs: 'the quick' })).text);
    expect(tokens).toEqual([
      { id: tokenize('the')[0], text: 'the', start: 0, stop: 3 },
      { id: 101, text: ' quick', start: 3, stop: 9 },
    ]);
    const metrics = (await getRaw(`${golden.endpoint}/metrics`)).text;
    for (const line of [
      'tgi_queue_size 0',
      'tgi_batch_current_size 0',
      'tgi_request_generated_tokens_sum ',
    ]) {
      expect(metrics).toContain(line);
    }
  });
});

describe('TGI simulator variants', () => {
  it('refuses connections while loading, then serves [WA-013]', async () => {
    const sim = await startSimulator({ protocol: 'tgi', loadingMs: 1500, waitFor: 'port' });
    try {
      expect(await probe(`${sim.endpoint}/health`)).toBe('ECONNREFUSED');
      await sim.ready;
      expect(await probe(`${sim.endpoint}/health`)).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  it('reports an in-stream failure as `data:{"error":...,"error_type":"generation"}` [WA-013]', async () => {
    const sim = await startSimulator({
      protocol: 'tgi',
      model: 'seeded',
      faults: [{ type: 'error-after', tokens: 2 }],
    });
    try {
      const { status, text } = await postRaw(`${sim.endpoint}/generate_stream`, {
        inputs: 'x',
        parameters: {},
      });
      expect(status).toBe(200);
      const blocks = sseBlocks(text);
      expect(blocks).toHaveLength(3);
      expect(blocks[2]).toMatch(/^data:\{"error":"[^"]+","error_type":"generation"\}$/);
    } finally {
      await sim.stop();
    }
  });
});
