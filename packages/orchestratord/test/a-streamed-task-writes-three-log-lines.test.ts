// MET-029: at the default level (info) a streamed task writes at most three log lines
// (its admission, its end, and the one line of the request that streamed it), because every
// line is a write on the hot path. The product runs as `npm start --config FILE` does (its own
// process, the config's default log level) against a llama.cpp simulator; each request below
// is one task streamed in the response to its submission, and its lines are those carrying its
// correlation id or its task id. What the folded lines used to say must still be there, and
// the engine start, demoted to debug, must still be logged at debug.
import { randomUUID } from 'node:crypto';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/client.js';
import { TOKEN, startTestDaemon, taskBody, waitFor } from './support/harness.js';
import { startProductOnSimulator, type ProductOnSimulator } from './support/product-on-simulator.js';
import type { ProductProcess } from './support/product-process.js';
import { readSse } from './support/sse-client.js';

type LogRecord = Record<string, unknown>;

let running: ProductOnSimulator | undefined;
let product: ProductProcess;
const tasks = { native: '', chat: '', hungUp: '' };

/** POSTs `body` asking for the stream in the response; reads `until` the predicate holds, else to the end. */
async function streamed(
  path: string,
  body: unknown,
  correlationId: string,
  until?: (text: string) => boolean,
): Promise<string> {
  const res = await request(`${product.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      accept: 'text/event-stream',
      'content-type': 'application/json',
      'x-correlation-id': correlationId,
    },
    body: JSON.stringify(body),
  });
  expect(res.statusCode).toBe(200);
  const taskId = String(res.headers['x-llorch-task-id']);
  let text = '';
  for await (const chunk of res.body) {
    text += String(chunk);
    if (until?.(text) === true) {
      res.body.destroy();
      break;
    }
  }
  return taskId;
}

/** The lines about one streamed task: its request's (correlation id) and its own (task id). */
function linesOf(correlationId: string, taskId: string): LogRecord[] {
  return product.stdout
    .map((l) => JSON.parse(l) as LogRecord)
    .filter((r) => r.correlation_id === correlationId || r.job_id === taskId);
}

beforeAll(async () => {
  running = await startProductOnSimulator('lines');
  product = running.product;
  tasks.native = await streamed(
    '/v1/tasks',
    taskBody({ model_ref: 'golden', max_tokens: 8 }),
    'lines-native',
  );
  tasks.chat = await streamed(
    '/v1/chat/completions',
    { model: 'golden', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8, stream: true },
    'lines-chat',
  );
  tasks.hungUp = await streamed(
    '/v1/tasks',
    taskBody({ model_ref: 'golden', max_tokens: 400, task_id: randomUUID() }),
    'lines-hung-up',
    (text) => text.includes('event: token'),
  );
  // The hang-up cancels the task; give its end a moment to be logged, then let the process flush.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await product.stop();
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

describe('a task streamed in the response to its submission, at the default log level', () => {
  it('writes three lines: admitted, ended, and its request line [MET-029]', () => {
    const lines = linesOf('lines-native', tasks.native);
    expect(lines.map((r) => r.msg).sort()).toEqual(['request completed', 'task admitted', 'task ended']);
    expect(lines.every((r) => r.level === 30)).toBe(true);
  });

  it('keeps on its end line what the dispatch, start and completion lines said [MET-028, MET-029]', () => {
    const ended = linesOf('lines-native', tasks.native).find((r) => r.msg === 'task ended');
    expect(ended).toMatchObject({
      outcome: 'end',
      pool_id: 'sim',
      replica_id: 'sim-0',
      tokens_out: 8,
      kv_warmth: false,
      affinity: 'none',
    });
    for (const key of ['tokens_in', 'decode_time_ms', 'queue_ms', 'first_token_ms'])
      expect(ended?.[key], key).toEqual(expect.any(Number));
    expect(ended?.engine_version).toEqual(expect.any(String));
  });

  it("writes one request line when the response ends, with the stream's outcome [MET-029]", () => {
    const [line, ...more] = linesOf('lines-native', tasks.native).filter(
      (r) => r.msg === 'request completed',
    );
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      method: 'POST',
      url: '/v1/tasks',
      status: 200,
      job_id: tasks.native,
      outcome: 'completed',
      correlation_id: 'lines-native',
    });
    expect(line?.duration_ms).toEqual(expect.any(Number));
    expect(line?.events).toBeGreaterThan(8);
    // Fastify's own pair of request lines is gone.
    expect(
      product.stdout.filter((l) => l.includes('"msg":"incoming request"') || l.includes('"responseTime"')),
    ).toEqual([]);
  });

  it('writes three lines for a streamed chat completion too [MET-029, ORCHD-064]', () => {
    const lines = linesOf('lines-chat', tasks.chat);
    expect(lines.map((r) => r.msg).sort()).toEqual(['request completed', 'task admitted', 'task ended']);
    expect(lines.find((r) => r.msg === 'request completed')).toMatchObject({
      url: '/v1/chat/completions',
      status: 200,
      job_id: tasks.chat,
      outcome: 'completed',
    });
  });

  it('writes three lines when the client hangs up, the cancel and the hang-up included [MET-029]', () => {
    const lines = linesOf('lines-hung-up', tasks.hungUp);
    expect(lines.map((r) => r.msg).sort()).toEqual(['request completed', 'task admitted', 'task ended']);
    expect(lines.find((r) => r.msg === 'task ended')).toMatchObject({
      outcome: 'canceled',
      reason: 'client',
    });
    expect(lines.find((r) => r.msg === 'request completed')).toMatchObject({
      job_id: tasks.hungUp,
      outcome: 'client-closed',
    });
  });
});

describe('at debug', () => {
  it('still writes the engine start, with the dispatch fields folded in [MET-029]', async () => {
    const daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 1 })] }],
      logLevel: 'debug',
    });
    try {
      const body = taskBody({ max_tokens: 3 });
      expect((await call(daemon.url, 'POST', '/v1/tasks', body)).status).toBe(202);
      await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const ofTask = () => daemon.logs.records().filter((r) => r.job_id === body.task_id);
      await waitFor(() => ofTask().some((r) => r.msg === 'task ended'), 2_000);
      expect(ofTask().find((r) => r.msg === 'task started')).toMatchObject({
        level: 20,
        replica_id: 'mock-0',
        engine_version: 'mock-1',
        kv_warmth: false,
        affinity: 'none',
      });
      expect(ofTask().filter((r) => r.msg === 'task dispatched')).toEqual([]);
    } finally {
      await daemon.stop();
    }
  });
});
