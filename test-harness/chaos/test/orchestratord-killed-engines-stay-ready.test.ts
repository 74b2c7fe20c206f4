// POOL-022, ORCHD-045 (issue 14 A.1): with pool-managerd and orchestratord in
// separate processes, orchestratord can die (kill -9, mid-stream) and come
// back without reloading any model: the engine that was Ready stays Ready with
// the same pid, digest and restart count, pool-managerd publishes no state
// change for it, no second llama-server appears, and the new orchestratord
// serves the next request on it. A launcher that restarted the engines, or
// one that ran them inside orchestratord's process, fails every one of these.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPoolClient, type PoolEvent, type Replica } from '@llama-orch/contracts';
import { parseSse } from '@llama-orch/worker-adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineProcesses } from '../src/engine-processes.js';
import { taskBody, waitFor } from '../src/index.js';
import { startProductPart, stopPart, type ProductPart } from '../src/split-product.js';

const token = `split-${randomUUID()}`;
let stateDir = '';
let configFile = '';
let poolManagerd: ProductPart | undefined;
let orchestratord: ProductPart | undefined;
const events: PoolEvent[] = [];
const following = new AbortController();

const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const pool = () => createPoolClient({ baseUrl: poolManagerd!.url, token });

async function replica(): Promise<Replica> {
  const { data } = await pool().GET('/v1/replicas', {});
  const found = data?.replicas.find((r) => r.id === 'tiny-0');
  if (found === undefined) throw new Error('pool-managerd does not list tiny-0');
  return found;
}

async function startOrchestratord(): Promise<ProductPart> {
  const part = await startProductPart(['--config', configFile, '--pool-managerd', poolManagerd!.url], token);
  const ready = async () => (await fetch(`${part.url}/readyz`, { headers: auth })).status === 200;
  await waitFor('orchestratord ready', ready, 60_000).catch(async (error: unknown) => {
    await stopPart(part);
    throw error;
  });
  return part;
}

/** Submits a streaming task and reads its frames; `onFrame` may stop reading early by returning true. */
async function run(
  base: string,
  fields: Record<string, unknown>,
  onFrame: (event: string) => boolean = () => false,
): Promise<string[]> {
  const taskId = randomUUID();
  const admitted = await fetch(`${base}/v1/tasks`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(taskBody(taskId, { model_ref: 'tiny-random', ...fields })),
  });
  expect(admitted.status).toBe(202);
  const response = await fetch(`${base}/v1/tasks/${taskId}/stream`, { headers: auth });
  const seen: string[] = [];
  try {
    for await (const frame of parseSse(response.body!)) {
      seen.push(frame.event ?? 'message');
      if (onFrame(frame.event ?? 'message') || frame.event === 'end' || frame.event === 'error') break;
    }
  } catch {
    // The daemon was killed under the stream: the frames so far are the answer.
  }
  return seen;
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'llorch-split-'));
  configFile = path.join(stateDir, 'llorch.json');
  await writeFile(
    configFile,
    JSON.stringify({
      server: { port: 0, state_dir: stateDir },
      pool_manager: { port: 0 },
      pools: [
        {
          id: 'tiny',
          engine: 'llamacpp',
          model: { ref: 'tiny-random', generate: { kind: 'random', seed: 7 } },
          devices: 'cpu',
          allow_cpu_fallback: true,
          ctx: 32_768,
          replicas: 1,
          launch: { threads: 1, parallel: 1 },
        },
      ],
    }),
  );
  poolManagerd = await startProductPart(['--only', 'pool-managerd', '--config', configFile], token);
  orchestratord = await startOrchestratord();
  // Follow pool-managerd's events from here on (the stream is open before the test acts).
  await new Promise<void>((opened, failed) => {
    const follow = async () => {
      for await (const event of pool().followEvents({ signal: following.signal, onOpen: () => opened() }))
        events.push(event);
    };
    follow().catch(failed);
  });
}, 900_000);

afterAll(async () => {
  following.abort();
  await stopPart(orchestratord);
  await stopPart(poolManagerd);
  if (stateDir !== '') await rm(stateDir, { recursive: true, force: true });
});

describe('orchestratord killed mid-stream, pool-managerd in its own process', () => {
  it('finds the engine still Ready on restart and serves on it without a reload [POOL-022, ORCHD-045]', async () => {
    const before = await replica();
    expect(before.state).toBe('Ready');
    expect(before.pid).toBeGreaterThan(0);
    const engines = await engineProcesses([stateDir]);
    expect(engines.map((e) => e.pid)).toEqual([before.pid]);

    // Kill orchestratord with SIGKILL at the first token of a generation that runs for seconds.
    const victim = orchestratord!;
    const frames = await run(victim.url, { max_tokens: 30_000, ctx: 32_768 }, (event) => {
      if (event === 'token') victim.child.kill('SIGKILL');
      return false;
    });
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(frames).toContain('token');
    expect(frames).not.toContain('end');

    // The engine did not notice: same process, still Ready, same model, no restart.
    const during = await replica();
    expect(during).toMatchObject({
      state: 'Ready',
      pid: before.pid,
      model_digest: before.model_digest,
      restarts: before.restarts,
    });
    expect(() => process.kill(before.pid!, 0)).not.toThrow();

    orchestratord = await startOrchestratord();
    const next = await run(orchestratord.url, { max_tokens: 8 });
    expect(next[0]).toBe('started');
    expect(next).toContain('token');
    expect(next.at(-1)).toBe('end');

    const after = await replica();
    expect(after).toMatchObject({
      state: 'Ready',
      pid: before.pid,
      model_digest: before.model_digest,
      restarts: before.restarts,
      state_since_ms: before.state_since_ms,
    });
    expect((await engineProcesses([stateDir])).map((e) => e.pid)).toEqual([before.pid]);
    // pool-managerd published no state change at all while orchestratord died and came back.
    expect(events.filter((e) => e.data.replica_id === 'tiny-0')).toEqual([]);
  });
});
