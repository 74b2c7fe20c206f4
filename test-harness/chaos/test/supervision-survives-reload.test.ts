// Issue 18's three reproductions, as an operator found them against `npm start`
// (real llama-server, generated models), now regression tests (POOL-048, POOL-049,
// ORCHD-073): (1) after a reload, a killed or frozen engine is restarted like any
// other, (2) a reload's 200 means the daemon admits work for the pool at once,
// (3) a drain whose work has ended is over, so the next lifecycle call goes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, terminals, waitFor } from '../src/index.js';
import type { Stack } from '../src/index.js';

let stack: Stack;
const cpu = { devices: 'cpu', allow_cpu_fallback: true, ctx: 256, launch: { threads: 1 } };

beforeAll(async () => {
  stack = await startStack({
    pools: [
      {
        ...cpu,
        id: 'chat',
        model: { ref: 'tiny-bigram', generate: { kind: 'bigram', seed: 42 } },
        // Three slots: the drain case runs three tasks at once, as the operator did.
        launch: { threads: 1, parallel: 3 },
        determinism: 'best_effort',
        // A frozen engine is found by 3 missed probes: keep that short.
        timeouts: { first_token_ms: 10_000, idle_ms: 3_000, wall_ms: 60_000 },
      },
      {
        ...cpu,
        id: 'other',
        preload: false,
        model: { ref: 'tiny-random', generate: { kind: 'random', seed: 7 } },
      },
    ],
  });
  await stack.waitForReplica('chat-0', (r) => r.state === 'Ready', 900_000);
  await stack.serving();
}, 900_000);

afterAll(async () => {
  expect(await stack?.stop()).toBe(0);
});

async function reload(ref: string): Promise<Record<string, unknown>> {
  const response = await stack.api('/v1/pools/chat/reload', {
    method: 'POST',
    body: JSON.stringify({ new_model_ref: ref }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Submits once (no retry) and reads the task to its end. */
async function servedAtOnce(model: string): Promise<void> {
  const task = await stack.submit({ model_ref: model, max_tokens: 8 });
  expect(task.body).toMatchObject({ task_id: task.taskId });
  expect(task.status).toBe(202);
  expect(terminals(await stack.stream(task.taskId))).toEqual([
    { event: 'end', data: expect.objectContaining({ tokens_out: expect.any(Number) }) },
  ]);
}

/** Served within the restart backoff: a retriable refusal in between is fine, a lost pool is not. */
async function servedSoon(model: string): Promise<void> {
  await waitFor(
    `a task on ${model} to be served`,
    async () => {
      const task = await stack.submit({ model_ref: model, max_tokens: 8 });
      if (task.status !== 202) return undefined;
      return terminals(await stack.stream(task.taskId))[0]?.event === 'end';
    },
    30_000,
  );
}

describe('supervision survives reloads', () => {
  it('after a reload to the same model, a SIGKILLed engine is restarted and serves again [POOL-048]', async () => {
    expect(await reload('tiny-bigram')).toMatchObject({ outcome: 'swapped' });
    const before = (await stack.replicas('chat'))[0]!;
    expect(before).toMatchObject({ state: 'Ready', model_ref: 'tiny-bigram' });
    process.kill(before.pid!, 'SIGKILL');
    const after = await stack.waitForReplica(
      'chat-0',
      (r) => r.state === 'Ready' && r.pid !== before.pid,
      30_000,
    );
    expect(after.restarts).toBe(before.restarts + 1);
    expect(after.model_digest).toBe(before.model_digest);
    await servedSoon('tiny-bigram');
  }, 120_000);

  it('after a reload to another model, a frozen (SIGSTOP) engine is killed and restarted on that model [POOL-048]', async () => {
    expect(await reload('tiny-random')).toMatchObject({ outcome: 'swapped', model_ref: 'tiny-random' });
    const before = (await stack.replicas('chat'))[0]!;
    process.kill(before.pid!, 'SIGSTOP');
    try {
      const after = await stack.waitForReplica(
        'chat-0',
        (r) => r.state === 'Ready' && r.pid !== before.pid,
        60_000,
      );
      // The same weights as before the freeze: the slot relaunched the reloaded model.
      expect(after).toMatchObject({
        model_ref: 'tiny-random',
        model_digest: before.model_digest,
        restarts: before.restarts + 1,
      });
    } finally {
      // Already SIGKILLed as wedged when the test passes; never leave a frozen process behind.
      try {
        process.kill(before.pid!, 'SIGCONT');
      } catch {
        // gone
      }
    }
    await servedSoon('tiny-random');
  }, 120_000);

  it('when a reload answers 200, the next submission is admitted at once, without a 503 [ORCHD-073]', async () => {
    for (const ref of ['tiny-bigram', 'tiny-random', 'tiny-bigram']) {
      expect(await reload(ref)).toMatchObject({ outcome: 'swapped', model_ref: ref });
      await servedAtOnce(ref);
    }
  }, 120_000);

  it('a drain is over once its work has ended: a reload right after is not refused as busy [POOL-049]', async () => {
    const tasks = await Promise.all(
      [1, 2, 3].map(() => stack.submit({ model_ref: 'tiny-bigram', max_tokens: 4 })),
    );
    expect(tasks.map((t) => t.status)).toEqual([202, 202, 202]);
    const drainedAt = Date.now();
    const drain = await stack.api('/v1/pools/chat/drain', {
      method: 'POST',
      body: JSON.stringify({ deadline_ms: 8_000 }),
    });
    expect(drain.status).toBe(202);
    const ends = await Promise.all(tasks.map(async (t) => terminals(await stack.stream(t.taskId))));
    expect(ends.map((frames) => frames.map((f) => f.event))).toEqual([['end'], ['end'], ['end']]);
    // The work has ended; the drain must follow within a probe interval, not at its deadline.
    await waitFor(
      'the drain to finish',
      async () => {
        const health = (await (await stack.api('/v1/pools/chat/health')).json()) as { draining: boolean };
        return !health.draining;
      },
      4_000,
    );
    // Well before the 8 s deadline: the work took well under a second.
    expect(Date.now() - drainedAt).toBeLessThan(4_000);
    expect(await reload('tiny-bigram')).toMatchObject({ outcome: 'swapped' });
    await servedAtOnce('tiny-bigram');
  }, 120_000);
});
