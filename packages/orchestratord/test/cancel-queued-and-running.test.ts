import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter, type MockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, waitFor, type LogSink } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse, type SseMessage } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

async function start(adapter: MockAdapter) {
  daemon = await startTestDaemon({ pools: [{ id: 'mock', replicas: [adapter] }] });
  return daemon;
}

describe('cancel', () => {
  it('cancels a running task after 2 tokens: no token after the 204 and the engine slot goes idle [ORCHD-023, ORCHD-024, ORCHD-025, ORCHD-026, OC-022]', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 20 });
    const d = await start(adapter);
    const body = taskBody({ max_tokens: 200 });
    await call(d.url, 'POST', '/v1/tasks', body);
    const seen: SseMessage[] = [];
    const reading = readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
      until: (messages) => {
        seen.splice(0, seen.length, ...messages);
        return false;
      },
    });
    await waitFor(() => seen.filter((m) => m.event === 'token').length >= 2, 5_000, 1);
    const cancel = await call(d.url, 'POST', `/v1/tasks/${String(body.task_id)}/cancel`);
    expect(cancel.status).toBe(204);
    // The terminal frame was recorded before the 204 left, and nothing can follow it.
    const transcript = d.dataPlane.transcript(String(body.task_id))!;
    const sizeAtAck = transcript.size;
    expect(transcript.terminal?.type).toBe('end');
    const stream = await reading;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transcript.size).toBe(sizeAtAck);
    const last = stream.messages.at(-1)!;
    const tokenFrames = stream.messages.filter((m) => m.event === 'token');
    expect(last.event).toBe('end');
    expect(parsed(last)).toMatchObject({ canceled: true, tokens_out: tokenFrames.length });
    expect(stream.messages.filter((m) => m.event === 'end' || m.event === 'error')).toHaveLength(1);
    await waitFor(() => adapter.stats().inFlight === 0, 1_000, 1);
    expect(adapter.stats().generatedTokensTotal).toBeLessThan(200);
  });

  it('cancels a queued task: it leaves the queue and its stream ends without tokens [ORCHD-023, ORCHD-025, ORCHD-026]', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 20, slotsTotal: 1 });
    const d = await start(adapter);
    const blocker = taskBody({ max_tokens: 100 });
    const queued = taskBody({ max_tokens: 5 });
    await call(d.url, 'POST', '/v1/tasks', blocker);
    const admitted = await call(d.url, 'POST', '/v1/tasks', queued);
    expect(admitted.body.queue_position).toBe(0);
    expect((await call(d.url, 'POST', `/v1/tasks/${String(queued.task_id)}/cancel`)).status).toBe(204);
    const stream = await readSse(`${d.url}/v1/tasks/${String(queued.task_id)}/stream`, {
      headers: streamHeaders,
    });
    expect(stream.messages.map((m) => m.event).filter((e) => e !== 'metrics')).toEqual(['started', 'end']);
    expect(parsed(stream.messages.at(-1)!)).toMatchObject({ tokens_out: 0, canceled: true });
    await call(d.url, 'POST', `/v1/tasks/${String(blocker.task_id)}/cancel`);
    await waitFor(() => adapter.stats().inFlight === 0, 1_000);
    expect(adapter.stats().requestsTotal).toBe(1);
  });

  it('is idempotent and answers 404 for an unknown task [ORCHD-023]', async () => {
    const d = await start(createMockAdapter({ tokenDelayMs: 1 }));
    const body = taskBody({ max_tokens: 2 });
    await call(d.url, 'POST', '/v1/tasks', body);
    await readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, { headers: streamHeaders });
    expect((await call(d.url, 'POST', `/v1/tasks/${String(body.task_id)}/cancel`)).status).toBe(204);
    expect((await call(d.url, 'POST', `/v1/tasks/${String(body.task_id)}/cancel`)).status).toBe(204);
    const unknown = await call(d.url, 'POST', '/v1/tasks/3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11/cancel');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('ignores a JSON body sent with cancel [ORCHD-023]', async () => {
    const d = await start(createMockAdapter({ tokenDelayMs: 1 }));
    const body = taskBody({ max_tokens: 2 });
    await call(d.url, 'POST', '/v1/tasks', body);
    const res = await call(d.url, 'POST', `/v1/tasks/${String(body.task_id)}/cancel`, {});
    expect(res.status).toBe(204);
  });
});
