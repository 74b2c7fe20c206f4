import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, waitFor, type LogSink, type PoolSpec } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

async function start(
  pool: Omit<PoolSpec, 'id' | 'replicas'>,
  adapter = createMockAdapter({ tokenDelayMs: 50, slotsTotal: 1 }),
) {
  daemon = await startTestDaemon({ pools: [{ id: 'mock', replicas: [adapter], ...pool }] });
  return daemon;
}

describe('backpressure', () => {
  it('answers 429 with Retry-After, X-Backoff-Ms and the typed body when the queue is full [ORCHD-007, ORCHD-009, MET-022]', async () => {
    const d = await start({ capacity: 1, fullPolicy: 'reject' });
    await call(d.url, 'POST', '/v1/tasks', taskBody({ max_tokens: 100 }));
    await waitFor(() => d.dataPlane.queueDepth('mock').total === 0, 2_000);
    expect((await call(d.url, 'POST', '/v1/tasks', taskBody({ max_tokens: 100 }))).status).toBe(202);
    const refused = await call(d.url, 'POST', '/v1/tasks', taskBody());
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'ADMISSION_REJECT', policy_label: 'reject', retriable: true });
    const retryAfterMs = refused.body.retry_after_ms as number;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(refused.headers['x-backoff-ms']).toBe(String(retryAfterMs));
    expect(refused.headers['retry-after']).toBe(String(Math.ceil(retryAfterMs / 1000)));
    expect(typeof refused.body.message).toBe('string');
    const metrics = await (await fetch(`${d.url}/metrics`, { headers: streamHeaders })).text();
    expect(metrics).toMatch(/^admission_backpressure_events_total\{engine="llamacpp",policy="reject"\} 1$/m);
  });

  it('under drop-lru ends the evicted task with QUEUE_FULL_DROP_LRU and admits the newcomer [ORCHD-008, OC-020]', async () => {
    const d = await start({ capacity: 1, fullPolicy: 'drop-lru' });
    await call(d.url, 'POST', '/v1/tasks', taskBody({ max_tokens: 100 }));
    await waitFor(() => d.dataPlane.queueDepth('mock').total === 0, 2_000);
    const victim = taskBody({ priority: 'batch' });
    expect((await call(d.url, 'POST', '/v1/tasks', victim)).status).toBe(202);
    expect((await call(d.url, 'POST', '/v1/tasks', taskBody())).status).toBe(202);
    const stream = await readSse(`${d.url}/v1/tasks/${String(victim.task_id)}/stream`, {
      headers: streamHeaders,
    });
    const last = stream.messages.at(-1)!;
    expect(last.event).toBe('error');
    expect(parsed(last)).toMatchObject({ code: 'QUEUE_FULL_DROP_LRU', retriable: true });
  });
});

describe('refusals before enqueue', () => {
  it('answers 503 POOL_UNREADY while no replica is Ready and POOL_UNAVAILABLE for an unserved model [ORCHD-006, ORCHD-046]', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 1 });
    const d = await start({}, adapter);
    const unserved = await call(d.url, 'POST', '/v1/tasks', taskBody({ model_ref: 'nope' }));
    expect(unserved.status).toBe(503);
    expect(unserved.body).toMatchObject({ code: 'POOL_UNAVAILABLE' });
    adapter.crash();
    d.dataPlane.replicaChanged('mock-0', { ready: false, reason: 'test crash' });
    const unready = await call(d.url, 'POST', '/v1/tasks', taskBody());
    expect(unready.status).toBe(503);
    expect(unready.body).toMatchObject({ code: 'POOL_UNREADY', retriable: true });
    const ready = await call(d.url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect((ready.body.reasons as string[]).join(' ')).toMatch(/pool mock/);
  });

  it('rejects guardrail violations with typed 400s before anything is queued [ORCHD-002, OC-019]', async () => {
    const d = await start({});
    const overModel = await call(d.url, 'POST', '/v1/tasks', taskBody({ ctx: 100_000 }));
    expect(overModel.status).toBe(400);
    expect(overModel.body).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(overModel.body.message).toMatch(/ctx/);
    const overCtx = await call(
      d.url,
      'POST',
      '/v1/tasks',
      taskBody({ ctx: 64, max_tokens: 60, prompt: 'word '.repeat(10) }),
    );
    expect(overCtx.status).toBe(400);
    expect(overCtx.body.message).toMatch(/exceeds ctx/);
    expect(d.dataPlane.taskCount()).toBe(0);
  });

  it('refuses a deadline the predicted start already misses, and ends a queued task whose deadline passes [ORCHD-002, OC-021]', async () => {
    const d = await start({});
    const blocker = taskBody({ max_tokens: 200 });
    await call(d.url, 'POST', '/v1/tasks', blocker);
    await waitFor(() => d.dataPlane.queueDepth('mock').total === 0, 2_000);
    const hopeless = await call(d.url, 'POST', '/v1/tasks', taskBody({ deadline_ms: 100 }));
    expect(hopeless.status).toBe(400);
    expect(hopeless.body).toMatchObject({ code: 'DEADLINE_UNMET' });
    const tight = taskBody({ deadline_ms: 2_500 });
    expect((await call(d.url, 'POST', '/v1/tasks', tight)).status).toBe(202);
    const stream = await readSse(`${d.url}/v1/tasks/${String(tight.task_id)}/stream`, {
      headers: streamHeaders,
    });
    expect(stream.messages.filter((m) => m.event === 'token')).toEqual([]);
    expect(parsed(stream.messages.at(-1)!)).toMatchObject({ code: 'DEADLINE_UNMET' });
  });

  it('rejects schema violations with INVALID_PARAMS naming the field [ORCHD-001, DET-013]', async () => {
    const d = await start({});
    const cases: [Record<string, unknown>, RegExp][] = [
      [taskBody({ task_id: 'not-a-uuid' }), /task_id/],
      [taskBody({ priority: 'urgent' }), /priority/],
      [taskBody({ max_tokens: 0 }), /max_tokens/],
      [taskBody({ extra: 1 }), /extra/],
      [taskBody({ inputs: ['a'] }), /exactly one/],
      [taskBody({ seed: 4_294_967_295 }), /seed/],
    ];
    for (const [body, field] of cases) {
      const res = await call(d.url, 'POST', '/v1/tasks', body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_PARAMS');
      expect(res.body.message).toMatch(field);
    }
  });
});
