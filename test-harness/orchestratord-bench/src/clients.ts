// The two ways the benchmark reaches the same engine: straight through the
// llama.cpp adapter, or through orchestratord (POST /v1/tasks, then the SSE
// stream). Both report when the first and last token arrived at the client.
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import {
  createLlamaCppAdapter,
  resolveSamplerProfile,
  type SamplerParams,
} from '@llama-orch/worker-adapters';

export interface StreamTiming {
  ttftMs: number;
  /** Through orchestratord only: the POST /v1/tasks round trip that precedes opening the stream. */
  admitMs?: number;
  firstAt: number;
  lastAt: number;
  tokens: number;
}

export type StreamRunner = (maxTokens: number) => Promise<StreamTiming>;

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
  runner(modelRef: string): StreamRunner;
  /** One admission (POST /v1/tasks); resolves with the HTTP status. */
  admit(modelRef: string): Promise<number>;
  close(): Promise<void>;
}

export function daemonClient(url: string, token: string, connections: number): DaemonClient {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (modelRef: string, maxTokens: number): Promise<{ status: number; taskId: string }> => {
    const taskId = randomUUID();
    const body = JSON.stringify({
      task_id: taskId,
      session_id: randomUUID(),
      workload: 'completion',
      model_ref: modelRef,
      engine: 'llamacpp',
      ctx: 65536,
      priority: 'interactive',
      seed: 1,
      prompt: 'bench',
      max_tokens: maxTokens,
      deadline_ms: 2_000_000_000,
    });
    const res = await pool.request({ path: '/v1/tasks', method: 'POST', headers, body });
    await res.body.dump();
    return { status: res.statusCode, taskId };
  };
  return {
    runner: (modelRef) => async (maxTokens) => {
      const started = performance.now();
      const { status, taskId } = await post(modelRef, maxTokens);
      const admitMs = performance.now() - started;
      if (status !== 202) throw new Error(`admission answered ${status}`);
      const res = await pool.request({
        path: `/v1/tasks/${taskId}/stream`,
        method: 'GET',
        headers: { authorization: headers.authorization },
      });
      let firstAt = 0;
      let lastAt = 0;
      let tokens = 0;
      let carry = '';
      res.body.setEncoding('utf8');
      for await (const chunk of res.body as AsyncIterable<string>) {
        const lines = (carry + chunk).split('\n');
        carry = lines.pop() ?? '';
        const now = performance.now();
        for (const line of lines) {
          if (line !== 'event: token') continue;
          if (tokens === 0) firstAt = now;
          lastAt = now;
          tokens += 1;
        }
      }
      return { ttftMs: firstAt - started, admitMs, firstAt, lastAt, tokens };
    },
    admit: async (modelRef) => (await post(modelRef, 1)).status,
    close: () => pool.close(),
  };
}
