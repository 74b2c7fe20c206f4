// WA-023: llama-server closes the connection after every streamed reply, its
// keep-alive header notwithstanding; the simulator does the same, so adapters
// and the bench meet the real behaviour.
import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../src/index.js';

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ protocol: 'llamacpp', model: 'golden' });
});
afterAll(async () => {
  await sim.stop(500);
});

/** Two requests on one keep-alive agent with one socket: how many connections they took. */
async function connectionsFor(path: string, body: object): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let connections = 0;
  const once = () =>
    new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        `${sim.endpoint}${path}`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => resolve(text));
        },
      );
      req.on('socket', () => {
        if (!req.reusedSocket) connections += 1;
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  await once();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await once();
  agent.destroy();
  return connections;
}

describe('llama.cpp simulator connections [WA-023]', () => {
  it('closes the connection after a streamed /completion and a streamed chat reply', async () => {
    expect(await connectionsFor('/completion', { prompt: 'the', n_predict: 3, stream: true })).toBe(2);
    const chat = { messages: [{ role: 'user', content: 'hi' }], max_tokens: 3, stream: true };
    expect(await connectionsFor('/v1/chat/completions', chat)).toBe(2);
  });
});
