// A completion that ended normally must leave its connection to an engine that
// keeps connections alive (TGI, vLLM) reusable, so the next task does not pay a
// new TCP connect; a cancel must still close it (WA-009). llama-server hangs up
// after every stream instead; its streams get a connection each (WA-023, tested
// in llamacpp-streams-never-reuse-a-closing-connection.test.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTgiAdapter } from '../src/index.js';

const chunk = (value: object) => `data: ${JSON.stringify(value)}\n\n`;

async function startEngine(closeDelayMs: number) {
  let connections = 0;
  const hangUps: number[] = [];
  const server = createServer((req, res) => {
    // A response closed before it finished means the client cut the connection.
    res.on('close', () => {
      if (!res.writableFinished) hangUps.push(Date.now());
    });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ token: { id: 5, text: ' a', special: false } }));
      res.write(chunk({ token: { id: 6, text: ' b', special: false } }));
      // The final event and the end of the body may arrive apart.
      res.write(
        chunk({
          token: { id: 2, text: '</s>', special: true },
          generated_text: ' a b',
          details: { finish_reason: 'eos_token', generated_tokens: 2, input_length: 1 },
        }),
      );
      setTimeout(() => res.end(), closeDelayMs);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => connections,
    hangUps: () => hangUps,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const request = {
  prompt: 'x',
  max_tokens: 4,
  seed: 1,
  sampler: { temperature: 0, top_k: 1, top_p: 1, min_p: 0, repetition_penalty: 1 },
};

let engine: Awaited<ReturnType<typeof startEngine>> | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('connection reuse after a completed stream', () => {
  it('keeps one connection for sequential completions whose body ends after the final chunk', async () => {
    engine = await startEngine(20);
    const adapter = createTgiAdapter({ endpoint: engine.endpoint });
    for (let i = 0; i < 3; i += 1) {
      const texts: string[] = [];
      for await (const event of adapter.complete(request)) if (event.type === 'token') texts.push(event.t);
      expect(texts.join('')).toBe(' a b');
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    expect(engine.connections()).toBe(1);
  });

  it('still closes the connection at once when the caller cancels [WA-009]', async () => {
    engine = await startEngine(5_000);
    const adapter = createTgiAdapter({ endpoint: engine.endpoint });
    const controller = new AbortController();
    const canceledAt = Date.now();
    await expect(
      (async () => {
        for await (const event of adapter.complete({ ...request, signal: controller.signal })) {
          if (event.type === 'token') controller.abort(new Error('client cancel'));
        }
      })(),
    ).rejects.toThrow('client cancel');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(engine.hangUps()).toHaveLength(1);
    expect(engine.hangUps()[0]! - canceledAt).toBeLessThan(1_000);
  });
});
