// MET-036, MET-037, MET-038: what an operator's dashboard and alert rules read
// about replicas, through the product started like `npm start` on the fake
// llama-server: tasks_running counts a decoding task and falls back to 0,
// replica_state marks the one current state, and replica_restarts_total rises
// when pool-managerd restarts a killed engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_LLAMA_SERVER, startStack, terminals, waitFor } from '../src/index.js';
import type { Stack } from '../src/index.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    pools: [
      {
        id: 'paced',
        model: { ref: 'paced', generate: { kind: 'bigram', seed: 42 } },
        devices: 'cpu',
        allow_cpu_fallback: true,
        ctx: 256,
        launch: { binary: FAKE_LLAMA_SERVER, env: { FAKE_ENGINE_TOKEN_DELAY_MS: '40' } },
      },
    ],
  });
  await stack.waitForReplica('paced-0', (r) => r.state === 'Ready', 60_000);
  await stack.serving();
}, 90_000);

afterAll(async () => {
  expect(await stack?.stop()).toBe(0);
});

/** The value of the one sample of `name` whose labels include every `match` pair. */
async function sample(name: string, match: Record<string, string>): Promise<number | undefined> {
  const text = await (await stack.api('/metrics')).text();
  const wanted = Object.entries(match).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const replica = { pool_id: 'paced', replica_id: 'paced-0' };

describe('replica series', () => {
  it('marks Ready with 1 and every other state with 0 [MET-037]', async () => {
    await waitFor(
      'Ready in replica_state',
      async () => (await sample('replica_state', { ...replica, replica_state: 'Ready' })) === 1,
    );
    for (const state of ['Stopped', 'Starting', 'Loading', 'Backoff', 'CircuitOpen']) {
      expect(await sample('replica_state', { ...replica, replica_state: state })).toBe(0);
    }
  });

  it('counts a decoding task in tasks_running and drops it at its end [MET-036]', async () => {
    const labels = { ...replica, priority: 'interactive' };
    expect(await sample('tasks_running', labels)).toBe(0);
    const task = await stack.submit({ model_ref: 'paced', max_tokens: 40 });
    expect(task.status).toBe(202);
    let during: number | undefined;
    const frames = await stack.stream(task.taskId, async (frame) => {
      if (frame.event === 'token' && frame.data['i'] === 2) during = await sample('tasks_running', labels);
    });
    expect(terminals(frames)[0]?.event).toBe('end');
    expect(during).toBe(1);
    expect(await sample('tasks_running', labels)).toBe(0);
  }, 60_000);

  it('adds a restart when pool-managerd brings a killed engine back [MET-038]', async () => {
    const before = await stack.waitForReplica('paced-0', (r) => r.state === 'Ready');
    expect(await sample('replica_restarts_total', replica)).toBe(0);
    process.kill(before.pid!, 'SIGKILL');
    await stack.waitForReplica('paced-0', (r) => r.state === 'Ready' && r.pid !== before.pid, 30_000);
    const after = await waitFor(
      'the restart in replica_restarts_total',
      async () =>
        ((await sample('replica_restarts_total', replica)) ?? 0) >= 1 &&
        (await sample('replica_restarts_total', replica)),
      20_000,
    );
    expect(after).toBe(1);
  }, 60_000);
});
