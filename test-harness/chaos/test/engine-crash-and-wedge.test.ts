// Issue 6 chaos, ORCHD-020, POOL-009, POOL-011, POOL-012: an engine that dies
// or freezes in the middle of a stream. The client's stream ends with one
// error frame, pool-managerd brings the replica back, and the next task is
// served, all through the public API of a stack started like `pnpm start`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_LLAMA_SERVER, startStack, terminals } from '../src/index.js';
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
        timeouts: { idle_ms: 1_500, first_token_ms: 10_000, wall_ms: 60_000 },
      },
    ],
  });
  await stack.waitForReplica('paced-0', (r) => r.state === 'Ready', 60_000);
  await stack.serving();
}, 90_000);

afterAll(async () => {
  expect(await stack?.stop()).toBe(0);
});

async function servesNextTask(): Promise<void> {
  // The data plane learns of Ready through pool-managerd's events; a refusal in between is retriable.
  for (let attempt = 0; attempt < 20; attempt++) {
    const next = await stack.submit({ model_ref: 'paced', max_tokens: 8 });
    if (next.status === 202) {
      const frames = await stack.stream(next.taskId);
      expect(terminals(frames)).toEqual([{ event: 'end', data: expect.objectContaining({ tokens_out: 8 }) }]);
      return;
    }
    expect(next.body).toMatchObject({ retriable: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the recovered replica never took the next task');
}

describe('chaos: engine failures mid-stream', () => {
  it('SIGKILL of the replica mid-stream ends the stream with WORKER_RESET, the replica comes back Ready, and the next task is served [ORCHD-020, POOL-009, POOL-012]', async () => {
    const before = (await stack.replicas('paced'))[0]!;
    const task = await stack.submit({ model_ref: 'paced', max_tokens: 200 });
    expect(task.status).toBe(202);
    let killed = false;
    const frames = await stack.stream(task.taskId, (frame) => {
      if (frame.event === 'token' && frame.data['i'] === 3 && !killed) {
        killed = true;
        process.kill(before.pid!, 'SIGKILL');
      }
    });
    expect(killed).toBe(true);
    expect(frames.filter((f) => f.event === 'token').length).toBeLessThan(200);
    expect(terminals(frames)).toEqual([
      { event: 'error', data: expect.objectContaining({ code: 'WORKER_RESET', retriable: true }) },
    ]);
    const after = await stack.waitForReplica(
      'paced-0',
      (r) => r.state === 'Ready' && r.pid !== before.pid,
      30_000,
    );
    expect(after.restarts).toBe(before.restarts + 1);
    expect(after.last_error).toMatch(/^host OOM/);
    await servesNextTask();
  }, 90_000);

  it('a frozen engine times out the stream (watchdog), is killed as wedged and restarted, and the next task is served [POOL-011, ORCHD-020]', async () => {
    const before = (await stack.replicas('paced'))[0]!;
    const task = await stack.submit({ model_ref: 'paced', max_tokens: 200 });
    expect(task.status).toBe(202);
    let frozen = false;
    const frames = await stack.stream(task.taskId, (frame) => {
      if (frame.event === 'token' && frame.data['i'] === 2 && !frozen) {
        frozen = true;
        process.kill(before.pid!, 'SIGSTOP');
      }
    });
    expect(terminals(frames)).toEqual([
      { event: 'error', data: expect.objectContaining({ code: 'DECODE_TIMEOUT', retriable: true }) },
    ]);
    const after = await stack.waitForReplica(
      'paced-0',
      (r) => r.state === 'Ready' && r.pid !== before.pid,
      60_000,
    );
    expect(after.last_error).toMatch(/stopped answering and was killed/);
    await servesNextTask();
  }, 120_000);
});
