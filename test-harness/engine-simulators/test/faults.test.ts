// WA-013: every fault a simulator can stage behaves as the adapters' failure
// handling assumes: a crash cuts the stream after exactly N tokens, a hang keeps
// the socket open and silent, HTTP 500 comes before any stream, OOM is reported
// on stderr (and to the client when it strikes mid-request), slow start delays the
// first token, slow props delays llama-server's self-description.
import { describe, expect, it } from 'vitest';
import { OOM_MESSAGE, SimulatorStartError, startSimulator } from '../src/index.js';
import { openStream, postRaw, sleep, sseJson, waitFor } from './support/http.js';

describe('simulator faults', () => {
  it('exit-after:N sends N tokens, then the process dies and the stream breaks [WA-013]', async () => {
    const sim = await startSimulator({
      protocol: 'vllm',
      model: 'seeded',
      faults: [{ type: 'exit-after', tokens: 3 }],
    });
    try {
      const stream = await openStream(`${sim.endpoint}/v1/completions`, {
        prompt: 'x',
        max_tokens: 50,
        stream: true,
      });
      const outcome = await stream.rest().then(
        () => 'ended cleanly',
        () => 'broken',
      );
      expect(outcome).toBe('broken');
      expect(sseJson(await stream.events(0))).toHaveLength(3);
      expect(await sim.exited).toEqual({ code: 1, signal: null });
    } finally {
      await sim.kill();
    }
  });

  it('hang-after:N goes silent with the socket open until the client leaves [WA-013]', async () => {
    const sim = await startSimulator({
      protocol: 'tgi',
      model: 'seeded',
      faults: [{ type: 'hang-after', tokens: 2 }],
    });
    try {
      const stream = await openStream(`${sim.endpoint}/generate_stream`, { inputs: 'x', parameters: {} });
      expect(sseJson(await stream.events(2))).toHaveLength(2);
      const more = await Promise.race([
        stream.rest().then(
          () => 'more',
          () => 'broken',
        ),
        sleep(600).then(() => 'silent'),
      ]);
      expect(more).toBe('silent');
      expect((await sim.state()).counters.running).toBe(1);
      stream.controller.abort();
      const state = await waitFor(
        2000,
        () => sim.state(),
        (s) => s.counters.running === 0,
      );
      expect(state.counters.running).toBe(0);
      expect(state.counters.finished.abort).toBe(1);
    } finally {
      await sim.stop();
    }
  });

  it('http-500 fails the request before any stream, in the engine error shape [WA-013]', async () => {
    const triton = await startSimulator({ protocol: 'triton', faults: [{ type: 'http-500' }] });
    const llama = await startSimulator({ protocol: 'llamacpp', faults: [{ type: 'http-500' }] });
    try {
      const t = await postRaw(`${triton.endpoint}/v2/models/ensemble/generate_stream`, {
        text_input: 'x',
        max_tokens: 4,
        stream: true,
      });
      expect(t.status).toBe(500);
      expect(Object.keys(JSON.parse(t.text) as object)).toEqual(['error']);
      const l = await postRaw(`${llama.endpoint}/completion`, { prompt: 'x', stream: true });
      expect(l.status).toBe(500);
      expect(JSON.parse(l.text)).toMatchObject({ error: { code: 500, type: 'server_error' } });
    } finally {
      await Promise.all([triton.stop(), llama.stop()]);
    }
  });

  it('oom-at-load prints a CUDA out-of-memory line on stderr and exits before serving [WA-013]', async () => {
    const failure = await startSimulator({
      protocol: 'vllm',
      loadingMs: 200,
      faults: [{ type: 'oom-at-load' }],
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SimulatorStartError);
    const { stderrText, exit } = failure as SimulatorStartError;
    expect(stderrText).toMatch(/CUDA error: out of memory/);
    expect(exit).toEqual({ code: 1, signal: null });
  });

  it('oom-after:N reports the OOM in the stream and on stderr, then exits [WA-013]', async () => {
    const sim = await startSimulator({
      protocol: 'llamacpp',
      model: 'seeded',
      faults: [{ type: 'oom-after', tokens: 2 }],
    });
    try {
      const { status, text } = await postRaw(`${sim.endpoint}/completion`, {
        prompt: 'x',
        n_predict: 20,
        stream: true,
      });
      expect(status).toBe(200);
      const chunks = sseJson(text);
      expect(chunks).toHaveLength(3);
      expect(chunks[2]).toEqual({ error: { code: 500, message: OOM_MESSAGE, type: 'server_error' } });
      expect(await sim.exited).toEqual({ code: 1, signal: null });
      expect(sim.stderr()).toMatch(/cudaMalloc .* failed: out of memory/);
    } finally {
      await sim.kill();
    }
  });

  it('slow-start:MS delays the first token [WA-013]', async () => {
    const sim = await startSimulator({ protocol: 'vllm', faults: [{ type: 'slow-start', ms: 800 }] });
    try {
      const startedAt = performance.now();
      const stream = await openStream(`${sim.endpoint}/v1/completions`, {
        prompt: 'x',
        max_tokens: 2,
        stream: true,
      });
      await stream.events(1);
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(750);
      await stream.rest();
    } finally {
      await sim.stop();
    }
  });

  it('slow-props:MS delays the llama.cpp /props answer and nothing else [WA-013]', async () => {
    const sim = await startSimulator({ protocol: 'llamacpp', faults: [{ type: 'slow-props', ms: 600 }] });
    try {
      let startedAt = performance.now();
      const health = await fetch(`${sim.endpoint}/health`);
      expect(health.status).toBe(200);
      expect(performance.now() - startedAt).toBeLessThan(500);
      startedAt = performance.now();
      const props = await fetch(`${sim.endpoint}/props`);
      expect(props.status).toBe(200);
      expect(await props.json()).toMatchObject({ total_slots: 1 });
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(550);
    } finally {
      await sim.stop();
    }
  });
});
