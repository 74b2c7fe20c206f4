// Issue 6 chaos, OC-021, ORCHD-042, ORCHD-045, POOL-013, POOL-018: a drain
// while the pool's queue is saturated (every accepted task still ends with
// exactly one terminal frame; overflow is refused, never dropped silently),
// and an engine that can never start (the restart storm is capped by the
// circuit breaker, visible in pool health).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_LLAMA_SERVER, startStack, terminals, waitFor } from '../src/index.js';
import type { Frame, Stack } from '../src/index.js';

let stack: Stack;
const base = { devices: 'cpu', allow_cpu_fallback: true, ctx: 256 };

beforeAll(async () => {
  stack = await startStack({
    pools: [
      {
        ...base,
        id: 'busy',
        // The random model never stops early, so the first task is still decoding at the deadline.
        model: { ref: 'busy-random', generate: { kind: 'random', seed: 42 } },
        launch: { binary: FAKE_LLAMA_SERVER, env: { FAKE_ENGINE_TOKEN_DELAY_MS: '30' } },
        queue: { capacity: 3, full_policy: 'reject' },
      },
      {
        ...base,
        id: 'storm',
        model: { ref: 'storm', generate: { kind: 'bigram', seed: 43 } },
        launch: { binary: FAKE_LLAMA_SERVER, env: { FAKE_ENGINE_FAULTS: 'oom-at-load' } },
      },
    ],
  });
  await stack.waitForReplica('busy-0', (r) => r.state === 'Ready', 60_000);
  await stack.serving();
}, 90_000);

afterAll(async () => {
  expect(await stack?.stop()).toBe(0);
});

describe('chaos: pools under stress', () => {
  it('drains a saturated pool: overflow refused, every accepted task ends exactly once, the engine stops [ORCHD-042, POOL-018, OC-021]', async () => {
    const running = await stack.submit({ model_ref: 'busy-random', max_tokens: 200 });
    expect(running.status).toBe(202);
    const streams: Promise<Frame[]>[] = [stack.stream(running.taskId)];
    await waitFor(
      'first task decoding',
      async () => (await stack.replicas('busy'))[0]!.slots_free === 0,
      10_000,
    ).catch(() => undefined);
    const accepted = [running.taskId];
    const refused: number[] = [];
    for (let i = 0; i < 6; i++) {
      const task = await stack.submit({ model_ref: 'busy-random', max_tokens: 50 });
      if (task.status === 202) {
        accepted.push(task.taskId);
        streams.push(stack.stream(task.taskId));
      } else refused.push(task.status);
    }
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((s) => s === 429)).toBe(true);

    const drain = await stack.api('/v1/pools/busy/drain', {
      method: 'POST',
      body: JSON.stringify({ deadline_ms: 1_000 }),
    });
    expect(drain.status).toBe(202);
    expect(await drain.json()).toEqual({ pool_id: 'busy', draining: true, deadline_ms: 1_000 });
    const health = await (await stack.api('/v1/pools/busy/health')).json();
    expect(health).toMatchObject({ pool_id: 'busy', draining: true, ready: false });

    // Saturation continues during the drain: nothing new is taken on.
    const during = await stack.submit({ model_ref: 'busy-random', max_tokens: 5 });
    expect([429, 503]).toContain(during.status);

    const results = await Promise.all(streams);
    for (const frames of results) expect(terminals(frames)).toHaveLength(1);
    const [first, ...queued] = results.map((frames) => terminals(frames)[0]!);
    expect(first!.data).toMatchObject({ canceled: true, reason: 'drain' });
    for (const end of queued)
      expect(end).toMatchObject({
        event: 'end',
        data: expect.objectContaining({ canceled: true, reason: 'drain' }),
      });
    await stack.waitForReplica('busy-0', (r) => r.state === 'Stopped' && r.pid === null, 15_000);
  }, 60_000);

  it('caps a restart storm with the circuit breaker; health shows the open breaker and the VRAM OOM [POOL-013, POOL-014]', async () => {
    const open = await stack.waitForReplica('storm-0', (r) => r.state === 'CircuitOpen', 90_000);
    expect(open.last_error).toMatch(/^VRAM OOM/);
    expect(open.restarts).toBe(4);
    const health = await (await stack.api('/v1/pools/storm/health')).json();
    expect(health).toMatchObject({
      ready: false,
      last_error: open.last_error,
      metrics: { replicas_circuit_open: 1 },
    });
    const refused = await stack.submit({ model_ref: 'storm', max_tokens: 4 });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'POOL_UNREADY', retriable: true });
  }, 120_000);
});
