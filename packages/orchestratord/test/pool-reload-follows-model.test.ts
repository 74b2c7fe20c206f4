// Issue 6 and 7 acceptance through orchestratord's HTTP API, with pool-managerd
// in its own process (as `npm start -- --only pool-managerd`) and real llama-server engines on the
// generated tiny models: a reload moves placement, admission and discovery to
// the new model ref; a rolled-back reload changes nothing; the catalog can
// refuse a reload before pool-managerd is asked; the CPU fallback is labelled
// in /metrics.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Replica } from '@llama-orch/contracts';
import { createLogger, type RunningOrchestratord } from '../src/index.js';
import { LogSink, TOKEN, taskBody, waitFor } from './support/harness.js';
import { startLocalDaemon, type LocalDaemon } from './support/local-daemon.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse } from './support/sse-client.js';

const GOLDEN = ' quick brown fox jumps over a lazy dog.';
const cpu = {
  engine: 'llamacpp',
  devices: 'cpu',
  allow_cpu_fallback: true,
  ctx: 256,
  launch: { threads: 1 },
};

let dir = '';
let running: LocalDaemon | undefined;
let daemon: RunningOrchestratord;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orchd-reload-'));
  const broken = join(dir, 'broken.gguf');
  await writeFile(broken, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64, 3)]));
  const config = parseConfig({
    server: { port: 0, state_dir: dir },
    pool_manager: { port: 0 },
    pools: [
      { ...cpu, id: 'chat', model: { ref: 'tiny-bigram', generate: { kind: 'bigram', seed: 42 } } },
      // Declared only so pool-managerd can resolve these refs; they never start on their own.
      {
        ...cpu,
        id: 'spare',
        preload: false,
        model: { ref: 'tiny-random', generate: { kind: 'random', seed: 7 } },
      },
      { ...cpu, id: 'bad', preload: false, model: { ref: 'broken-model', path: broken } },
    ],
  });
  const logger = createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] });
  // The first run on a fresh machine builds llama-server from the bundled source (minutes).
  running = await startLocalDaemon(config, { logger });
  daemon = running.daemon;
  await waitFor(() => daemon.dataPlane.readiness().ready, 900_000, 100);
}, 900_000);

afterAll(async () => {
  await running?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

async function submit(modelRef: string) {
  const body = taskBody({ model_ref: modelRef, prompt: 'the', seed: 1, max_tokens: 16, ctx: 256 });
  return { body, response: await call(daemon.url, 'POST', '/v1/tasks', body) };
}

async function text(modelRef: string): Promise<string> {
  const { body, response } = await submit(modelRef);
  expect(response).toMatchObject({ status: 202 });
  const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
    headers: streamHeaders,
  });
  expect(stream.messages.at(-1)?.event).toBe('end');
  return stream.messages
    .filter((m) => m.event === 'token')
    .map((m) => parsed<{ t: string }>(m).t)
    .join('');
}

const reload = (ref: string) => call(daemon.url, 'POST', '/v1/pools/chat/reload', { new_model_ref: ref });
const chatReplicas = () => [running?.link.replica('chat-0')].filter((r): r is Replica => r !== undefined);

async function served() {
  const caps = await call(daemon.url, 'GET', '/v1/capabilities');
  const sets = await call(daemon.url, 'GET', '/v1/replicasets');
  const engines = caps.body.engines as { models: { model_ref: string; pool_ids: string[] }[] }[];
  const chatSet = (sets.body.replica_sets as { pool_id: string; id: string; model_ref: string }[]).find(
    (s) => s.pool_id === 'chat',
  );
  return { models: engines.flatMap((e) => e.models), chatSet };
}

describe('CPU development fallback in /metrics', () => {
  it('labels each pool from pool-managerd’s report: 1 for a CPU pool [MET-033, HOME-008, POOL-021]', async () => {
    const res = await fetch(`${daemon.url}/metrics`, { headers: streamHeaders });
    const exposition = await res.text();
    for (const pool of ['chat', 'spare', 'bad'])
      expect(exposition).toMatch(new RegExp(`^pool_cpu_fallback\\{pool_id="${pool}"\\} 1$`, 'm'));
  });
});

describe('reload through orchestratord', () => {
  it('refuses a reload onto a Retired or untrusted catalog model before pool-managerd is asked [ORCHD-043]', async () => {
    const pid = chatReplicas()[0]?.pid;
    const entry = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      digest: 'ab'.repeat(32),
      source_url: 'https://example.invalid/model.gguf',
      ...extra,
    });
    expect((await call(daemon.url, 'POST', '/v1/catalog/models', entry('old-model'))).status).toBe(201);
    await call(daemon.url, 'POST', '/v1/catalog/models/old-model/state', { state: 'Active' });
    await call(daemon.url, 'POST', '/v1/catalog/models/old-model/state', { state: 'Retired' });
    const retired = await reload('old-model');
    expect(retired.status).toBe(400);
    expect(retired.body).toMatchObject({ code: 'MODEL_DEPRECATED', retriable: false });
    expect(String(retired.body.message)).toContain('Retired');

    await call(daemon.url, 'POST', '/v1/catalog/models', entry('shady-model', { trust_policy: 'strict' }));
    const verdict = await call(daemon.url, 'POST', '/v1/catalog/models/shady-model/verify');
    expect(verdict.body).toMatchObject({ result: 'fail' });
    const untrusted = await reload('shady-model');
    expect(untrusted.status).toBe(400);
    expect(untrusted.body).toMatchObject({ code: 'UNTRUSTED_ARTIFACT', retriable: false });

    // pool-managerd never saw either request: the same engine still serves the configured model.
    expect(chatReplicas().map((r) => [r.state, r.model_ref, r.pid])).toEqual([['Ready', 'tiny-bigram', pid]]);
  });

  it('changes nothing in placement or discovery when the reload rolls back [ORCHD-043, POOL-010, ORCHD-039]', async () => {
    const rolled = await reload('broken-model');
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ outcome: 'rolled_back', model_ref: 'tiny-bigram' });
    expect(await text('tiny-bigram')).toBe(GOLDEN);
    const { models, chatSet } = await served();
    expect(models).toEqual([{ model_ref: 'tiny-bigram', pool_ids: ['chat'] }]);
    expect(chatSet).toMatchObject({ id: 'chat:tiny-bigram', model_ref: 'tiny-bigram' });
  }, 120_000);

  it('after a swap admits and places the new model ref, refuses the old one and shows the new ref in discovery [ORCHD-043, ORCHD-006, ORCHD-039, ORCHD-041]', async () => {
    expect(await text('tiny-bigram')).toBe(GOLDEN);
    const swapped = await reload('tiny-random');
    expect(swapped.status).toBe(200);
    expect(swapped.body).toMatchObject({ outcome: 'swapped', model_ref: 'tiny-random' });

    // No wait: the answer is given only once orchestratord's registry follows the swap.
    const fresh = await text('tiny-random');
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh).not.toBe(GOLDEN);
    const stale = await submit('tiny-bigram');
    expect(stale.response.status).toBe(503);
    expect(stale.response.body).toMatchObject({ code: 'POOL_UNAVAILABLE', retriable: false });

    const { models, chatSet } = await served();
    expect(models).toEqual([{ model_ref: 'tiny-random', pool_ids: ['chat'] }]);
    expect(chatSet).toMatchObject({ id: 'chat:tiny-random', model_ref: 'tiny-random', replicas_ready: 1 });
  }, 120_000);
});
