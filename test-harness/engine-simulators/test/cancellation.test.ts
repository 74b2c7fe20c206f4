// WA-013: in every simulator a client disconnect really stops decoding, the
// way closing the connection cancels a request in all four real engines: the
// running gauge drops, the slot frees, and the generated-token counter stops.
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { SimProtocol } from '../src/index.js';
import { openStream, sleep, waitFor } from './support/http.js';

const LONG = 2000;

const requests: Record<SimProtocol, { path: string; body: Record<string, unknown> }> = {
  llamacpp: { path: '/completion', body: { prompt: 'x', n_predict: LONG, stream: true } },
  vllm: { path: '/v1/completions', body: { prompt: 'x', max_tokens: LONG, stream: true } },
  tgi: { path: '/generate_stream', body: { inputs: 'x', parameters: { max_new_tokens: LONG } } },
  triton: {
    path: '/v2/models/ensemble/generate_stream',
    body: { text_input: 'x', max_tokens: LONG, stream: true },
  },
};

describe.each(Object.keys(requests) as SimProtocol[])('%s simulator cancellation', (protocol) => {
  it('stops generating when the client disconnects [WA-013]', async () => {
    const sim = await startSimulator({ protocol, model: 'seeded', tokenDelayMs: 2, ctx: 8192 });
    try {
      const { path, body } = requests[protocol];
      const stream = await openStream(`${sim.endpoint}${path}`, body);
      await stream.events(3);
      expect((await sim.state()).counters.running).toBe(1);
      stream.controller.abort();
      const settled = await waitFor(
        2000,
        () => sim.state(),
        (s) => s.counters.running === 0,
      );
      expect(settled.counters.running).toBe(0);
      expect(settled.slots.every((slot) => !slot.isProcessing)).toBe(true);
      await sleep(300);
      const later = await sim.state();
      expect(later.counters.generationTokensTotal).toBe(settled.counters.generationTokensTotal);
      expect(later.counters.generationTokensTotal).toBeLessThan(LONG);
      expect(later.counters.finished.abort).toBe(1);
    } finally {
      await sim.stop();
    }
  });
});
