import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, waitFor, type LogSink } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

async function start(tokenDelayMs = 2) {
  daemon = await startTestDaemon({
    pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs })] }],
    tuning: { metricsIntervalMs: 20 },
  });
  return daemon;
}

describe('admission and streaming', () => {
  it('admits with 202 and streams started, tokens numbered from 0, then exactly one end [ORCHD-004, ORCHD-011, ORCHD-012, ORCHD-014, ORCHD-015]', async () => {
    const d = await start();
    const body = taskBody({ max_tokens: 6 });
    const admitted = await call(d.url, 'POST', '/v1/tasks', body);
    expect(admitted.status).toBe(202);
    expect(admitted.body).toMatchObject({ task_id: body.task_id, queue_position: 0, backoff_ms: 0 });
    expect(typeof admitted.body.predicted_start_ms).toBe('number');
    const stream = await readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers['x-correlation-id']).toBeDefined();
    const names = stream.messages.map((m) => m.event);
    expect(names[0]).toBe('started');
    expect(parsed(stream.messages[0]!)).toMatchObject({ queue_position: 0 });
    expect(names.filter((n) => n === 'end' || n === 'error')).toEqual(['end']);
    expect(names.at(-1)).toBe('end');
    const tokens = stream.messages
      .filter((m) => m.event === 'token')
      .map((m) => parsed<{ t: string; i: number }>(m));
    expect(tokens.map((t) => t.i)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(parsed(stream.messages.at(-1)!)).toMatchObject({ tokens_out: 6 });
    expect(stream.messages.map((m) => Number(m.id))).toEqual(stream.messages.map((_, i) => i));
  });

  it('interleaves metrics frames with queue depth, on-time probability and kv warmth [ORCHD-013]', async () => {
    const d = await start(15);
    const body = taskBody({ max_tokens: 8 });
    await call(d.url, 'POST', '/v1/tasks', body);
    const stream = await readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
    });
    const frames = stream.messages.filter((m) => m.event === 'metrics').map((m) => parsed(m));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const frame of frames) {
      expect(frame).toHaveProperty('queue_depth');
      expect(frame.on_time_probability).toBeGreaterThanOrEqual(0);
      expect(frame.on_time_probability).toBeLessThanOrEqual(1);
      expect(typeof frame.kv_warmth).toBe('boolean');
    }
    expect(frames.some((f) => f.phase === 'decoding')).toBe(true);
  });

  it('gives a late second reader the full transcript and resumes after Last-Event-ID without loss [ORCHD-016]', async () => {
    const d = await start();
    const body = taskBody({ max_tokens: 5 });
    await call(d.url, 'POST', '/v1/tasks', body);
    const url = `${d.url}/v1/tasks/${String(body.task_id)}/stream`;
    const first = await readSse(url, { headers: streamHeaders });
    const second = await readSse(url, { headers: streamHeaders });
    expect(second.body).toBe(first.body.replace(/^: keep-alive\n\n/gm, ''));
    const resumed = await readSse(url, { headers: { ...streamHeaders, 'last-event-id': '2' } });
    expect(resumed.messages.map((m) => m.id)).toEqual(first.messages.slice(3).map((m) => m.id));
  });

  it('returns the original admission for an identical resubmission and 409 for a different body [ORCHD-005]', async () => {
    const d = await start();
    const body = taskBody();
    const first = await call(d.url, 'POST', '/v1/tasks', body);
    const again = await call(d.url, 'POST', '/v1/tasks', body);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    const conflict = await call(d.url, 'POST', '/v1/tasks', { ...body, prompt: 'something else' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'ADMISSION_REJECT', retriable: false });
  });

  it('counts a task as started only once the engine accepted it [MET-014]', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 1 });
    daemon = await startTestDaemon({ pools: [{ id: 'mock', replicas: [adapter] }] });
    adapter.setFaults({ vramOom: true });
    const body = taskBody();
    await call(daemon.url, 'POST', '/v1/tasks', body);
    const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
    });
    expect(stream.messages.at(-1)?.event).toBe('error');
    const metrics = await (await fetch(`${daemon.url}/metrics`, { headers: streamHeaders })).text();
    expect(metrics).toMatch(/^tasks_enqueued_total\{[^}]*\} 1$/m);
    expect(metrics).not.toMatch(/^tasks_started_total\{/m);
  });

  it('never runs more tasks on a replica than it has slots [CORE-028]', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 3, slotsTotal: 1 });
    daemon = await startTestDaemon({ pools: [{ id: 'mock', replicas: [adapter] }] });
    const bodies = Array.from({ length: 5 }, () => taskBody({ max_tokens: 4 }));
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, adapter.stats().inFlight)), 1);
    for (const body of bodies) expect((await call(daemon.url, 'POST', '/v1/tasks', body)).status).toBe(202);
    await waitFor(() => adapter.stats().requestsTotal === 5 && adapter.stats().inFlight === 0, 5_000);
    clearInterval(sampler);
    expect(peak).toBe(1);
  });
});
