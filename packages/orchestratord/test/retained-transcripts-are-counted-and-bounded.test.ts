// MET-035, ORCHD-017, ORCHD-005: the transcripts_retained gauge follows retention, rising as
// tasks end and falling when the retention count or time drops a transcript (time without
// any request arriving), and a finished task still answers what its id is asked: an
// identical resubmission gets its admission back, another body a 409, a cancel a 204,
// and its stream carries the session's budget headers.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import type { OrchestratordApp } from '../src/index.js';
import {
  auth,
  buildTestApp,
  taskBody,
  waitFor,
  type HarnessOptions,
  type LogSink,
} from './support/harness.js';
import { valueOf } from './support/metrics-scrape.js';

type Built = OrchestratordApp & { logs: LogSink };
let built: Built | undefined;
afterEach(async () => {
  await built?.app.close();
  built = undefined;
});

async function start(options: Partial<HarnessOptions> = {}): Promise<Built> {
  built = await buildTestApp({
    pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 1 })] }],
    ...options,
  });
  return built;
}

const post = (app: Built, url: string, payload?: unknown) =>
  app.app.inject({
    method: 'POST',
    url,
    headers: payload === undefined ? auth : { ...auth, 'content-type': 'application/json' },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
const retained = async (app: Built) =>
  valueOf(
    (await app.app.inject({ method: 'GET', url: '/metrics', headers: auth })).body,
    'transcripts_retained',
  );

/** Submits a task and waits for its terminal frame; returns its body. */
async function finish(app: Built, overrides: Record<string, unknown> = {}) {
  const body = taskBody({ max_tokens: 3, ...overrides });
  expect((await post(app, '/v1/tasks', body)).statusCode).toBe(202);
  await waitFor(() => app.dataPlane.transcript(String(body.task_id))?.terminal !== undefined, 5_000);
  return body;
}

describe('the transcripts_retained gauge', () => {
  it('starts at 0 and rises by one as each task ends [MET-035]', async () => {
    const app = await start();
    expect(await retained(app)).toBe(0);
    await finish(app);
    expect(await retained(app)).toBe(1);
    await finish(app);
    expect(await retained(app)).toBe(2);
  });

  it('stays at the retention count, the oldest transcript dropped first [MET-035, ORCHD-017]', async () => {
    const app = await start({ tuning: { maxRetained: 2 } });
    const oldest = await finish(app);
    await finish(app);
    await finish(app);
    expect(await retained(app)).toBe(2);
    expect(app.dataPlane.transcript(String(oldest.task_id))).toBeUndefined();
    expect(app.dataPlane.forgotten(String(oldest.task_id))).toBe(true);
    expect(app.dataPlane.taskCount()).toBe(2);
  });

  it('falls to 0 once the retention time passes, with no request in between [MET-035, ORCHD-017]', async () => {
    const app = await start({ tuning: { retentionMs: 150 } });
    await finish(app);
    await finish(app);
    expect(await retained(app)).toBe(2);
    // Only scrapes arrive meanwhile: they read the gauge and touch no transcript.
    const deadline = Date.now() + 3_000;
    let value = await retained(app);
    while (value !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      value = await retained(app);
    }
    expect(value).toBe(0);
    expect(app.dataPlane.taskCount()).toBe(0);
  });
});

describe('a finished task kept for replay', () => {
  it('answers an identical resubmission with its admission and another body with a 409 [ORCHD-005]', async () => {
    const app = await start();
    const body = await finish(app);
    const first = await post(app, '/v1/tasks', body);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ task_id: body.task_id, queue_position: 0 });
    const conflict = await post(app, '/v1/tasks', { ...body, prompt: 'another prompt' });
    expect(conflict.statusCode).toBe(409);
    expect(app.dataPlane.taskCount()).toBe(1);
  });

  it('acknowledges a cancel without changing its terminal frame [ORCHD-023]', async () => {
    const app = await start();
    const body = await finish(app);
    const id = String(body.task_id);
    const before = app.dataPlane.transcript(id)?.textFrom(0);
    expect((await post(app, `/v1/tasks/${id}/cancel`)).statusCode).toBe(204);
    expect(app.dataPlane.transcript(id)?.textFrom(0)).toBe(before);
    expect(app.dataPlane.transcript(id)?.terminal).toMatchObject({ type: 'end', data: { tokens_out: 3 } });
  });

  it('streams with the session budget headers after the end [ORCHD-019]', async () => {
    const app = await start({ sessions: { enforce: true, budgets: { tokens: 500 } } });
    const body = await finish(app);
    expect(app.dataPlane.streamHeaders(String(body.task_id))).toHaveProperty('x-budget-tokens-remaining');
  });
});
