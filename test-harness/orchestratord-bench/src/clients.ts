// The ways the benchmark reaches the same engine on the native API: straight
// through the llama.cpp adapter, or through orchestratord either in two requests
// (POST /v1/tasks, then GET its SSE stream) or in one (POST /v1/tasks with
// Accept: text/event-stream answers with the stream). All report when the first
// and last token arrived at the client.
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import {
  createLlamaCppAdapter,
  resolveSamplerProfile,
  type SamplerParams,
} from '@llama-orch/worker-adapters';
import { REQUEST_TIMEOUT_MS, expectStatus, timeTokens, type StreamRunner } from './stream-timing.js';

export type { StreamRunner, StreamTiming } from './stream-timing.js';

const SAMPLER: SamplerParams = resolveSamplerProfile('default-v1') ?? {
  temperature: 0,
  top_k: 1,
  top_p: 1,
  min_p: 0,
  repetition_penalty: 1,
};

export function directRunner(endpoint: string): StreamRunner {
  const adapter = createLlamaCppAdapter({ endpoint });
  return async (maxTokens) => {
    const started = performance.now();
    let firstAt = 0;
    let lastAt = 0;
    let tokens = 0;
    for await (const event of adapter.complete({
      prompt: 'bench',
      max_tokens: maxTokens,
      seed: 1,
      sampler: SAMPLER,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })) {
      if (event.type !== 'token') continue;
      lastAt = performance.now();
      if (tokens === 0) firstAt = lastAt;
      tokens += 1;
    }
    return { ttftMs: firstAt - started, firstAt, lastAt, tokens };
  };
}

export interface DaemonClient {
  /** Two requests: POST /v1/tasks, then GET /v1/tasks/{id}/stream. */
  runner(modelRef: string): StreamRunner;
  /** One request: POST /v1/tasks with Accept: text/event-stream. */
  oneTripRunner(modelRef: string): StreamRunner;
  /** One admission (POST /v1/tasks); resolves with the HTTP status. */
  admit(modelRef: string): Promise<number>;
  /**
   * Resolves once every pool has a Ready replica (GET /v1/replicasets), with the milliseconds
   * waited (0 when they all were at once); throws after `timeoutMs`, naming the pools without one.
   */
  waitReady(timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

interface ReplicaSets {
  replica_sets: { pool_id: string; replicas_ready: number }[];
}

const isTokenFrame = (line: string): boolean => line === 'event: token';

/**
 * `ctx` is what each task asks for: no more than the engine's context per slot; `priority` is
 * every task's lane (the fairness benchmark's clients send batch work).
 */
export function daemonClient(
  url: string,
  token: string,
  connections: number,
  ctx = 65536,
  priority: 'interactive' | 'batch' = 'interactive',
): DaemonClient {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const authorization = `Bearer ${token}`;
  const taskBody = (taskId: string, modelRef: string, maxTokens: number): string =>
    JSON.stringify({
      task_id: taskId,
      session_id: randomUUID(),
      workload: 'completion',
      model_ref: modelRef,
      engine: 'llamacpp',
      ctx,
      priority,
      seed: 1,
      prompt: 'bench',
      max_tokens: maxTokens,
      deadline_ms: 2_000_000_000,
    });
  const submit = (taskId: string, modelRef: string, maxTokens: number, accept?: string) =>
    pool.request({
      path: '/v1/tasks',
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json',
        ...(accept === undefined ? {} : { accept }),
      },
      body: taskBody(taskId, modelRef, maxTokens),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  return {
    runner: (modelRef) => async (maxTokens) => {
      const taskId = randomUUID();
      const started = performance.now();
      const admitted = await submit(taskId, modelRef, maxTokens);
      await expectStatus(admitted, 202, 'POST /v1/tasks');
      await admitted.body.dump();
      const admitMs = performance.now() - started;
      const res = await pool.request({
        path: `/v1/tasks/${taskId}/stream`,
        method: 'GET',
        headers: { authorization },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await expectStatus(res, 200, 'GET /v1/tasks/{id}/stream');
      return { ...(await timeTokens(res.body, started, isTokenFrame)), admitMs };
    },
    oneTripRunner: (modelRef) => async (maxTokens) => {
      const started = performance.now();
      const res = await submit(randomUUID(), modelRef, maxTokens, 'text/event-stream');
      await expectStatus(res, 200, 'POST /v1/tasks (Accept: text/event-stream)');
      return timeTokens(res.body, started, isTokenFrame);
    },
    admit: async (modelRef) => {
      const res = await submit(randomUUID(), modelRef, 1);
      await res.body.dump();
      return res.statusCode;
    },
    waitReady: async (timeoutMs) => {
      const started = performance.now();
      for (let poll = 0; ; poll++) {
        const res = await pool.request({
          path: '/v1/replicasets',
          method: 'GET',
          headers: { authorization },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await expectStatus(res, 200, 'GET /v1/replicasets');
        const { replica_sets: sets } = (await res.body.json()) as ReplicaSets;
        const unready = sets.filter((s) => s.replicas_ready === 0).map((s) => s.pool_id);
        const waited = performance.now() - started;
        if (unready.length === 0) return poll === 0 ? 0 : waited;
        if (waited > timeoutMs)
          throw new Error(`no Ready replica after ${timeoutMs} ms in ${unready.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => pool.close(),
  };
}
