// Issue 6 acceptance, ORCHD-043, ORCHD-045, POOL-010: reload through
// orchestratord's control plane to a model that fails preload rolls back, the
// pool stays Ready on the old model and keeps serving it; a reload to a good
// model swaps. Real llama-server replicas (built offline, CPU).
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, terminals } from '../src/index.js';
import type { Stack } from '../src/index.js';

let stack: Stack;
const broken = path.join(os.tmpdir(), `llorch-chaos-broken-${process.pid}.gguf`);
const cpu = { devices: 'cpu', allow_cpu_fallback: true, ctx: 256, launch: { threads: 1 } };

beforeAll(async () => {
  await writeFile(broken, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64, 3)]));
  stack = await startStack({
    pools: [
      {
        ...cpu,
        id: 'chat',
        replicas: 2,
        model: { ref: 'tiny-bigram', generate: { kind: 'bigram', seed: 42 } },
      },
      { ...cpu, id: 'spare', preload: false, model: { ref: 'broken-model', path: broken } },
    ],
  });
  await stack.waitForReplica('chat-1', (r) => r.state === 'Ready', 900_000);
  await stack.serving();
}, 900_000);

afterAll(async () => {
  expect(await stack?.stop()).toBe(0);
  await rm(broken, { force: true });
});

async function text(): Promise<string> {
  const task = await stack.submit({ model_ref: 'tiny-bigram', max_tokens: 16 });
  expect(task.status).toBe(202);
  const frames = await stack.stream(task.taskId);
  expect(terminals(frames)).toEqual([
    { event: 'end', data: expect.objectContaining({ stop_reason: 'eos' }) },
  ]);
  return frames
    .filter((f) => f.event === 'token')
    .map((f) => f.data['t'])
    .join('');
}

describe('reload end to end', () => {
  it('rolls back a reload to a model that fails preload; the pool stays Ready and keeps serving the old model [ORCHD-043, POOL-010]', async () => {
    expect(await text()).toBe(' quick brown fox jumps over a lazy dog.');
    const pids = (await stack.replicas('chat')).map((r) => r.pid);
    const response = await stack.api('/v1/pools/chat/reload', {
      method: 'POST',
      body: JSON.stringify({ new_model_ref: 'broken-model' }),
      headers: { 'x-correlation-id': 'reload-e2e-1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe('reload-e2e-1');
    const result = (await response.json()) as Record<string, unknown>;
    expect(result).toMatchObject({
      pool_id: 'chat',
      outcome: 'rolled_back',
      model_ref: 'tiny-bigram',
      previous_model_ref: 'tiny-bigram',
    });
    expect(result['reason']).toMatch(/new model broken-model failed/);
    const health = await (await stack.api('/v1/pools/chat/health')).json();
    expect(health).toMatchObject({
      pool_id: 'chat',
      ready: true,
      draining: false,
      metrics: { replicas_ready: 2 },
    });
    expect((await stack.replicas('chat')).map((r) => [r.state, r.model_ref, r.pid])).toEqual(
      pids.map((pid) => ['Ready', 'tiny-bigram', pid]),
    );
    expect(await text()).toBe(' quick brown fox jumps over a lazy dog.');
  }, 120_000);

  it('answers 404 for an unknown pool and relays pool-managerd’s envelope [ORCHD-044, ORCHD-045]', async () => {
    const response = await stack.api('/v1/pools/nope/health');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no pool with id nope'),
    });
  });

  it('was started as one command from one config, and SIGINT (Ctrl-C) leaves no engine behind [POOL-022, POOL-016]', async () => {
    expect(stack.output()).toMatch(/pool-managerd at http:\/\/127\.0\.0\.1:\d+/);
    const pids = (await stack.replicas('chat')).map((r) => r.pid!);
    expect(pids).toHaveLength(2);
    expect(await stack.stop()).toBe(0);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(pids.filter(alive)).toEqual([]);
  });
});
