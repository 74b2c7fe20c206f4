import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, waitFor, type LogSink, replicasOf } from './support/harness.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

describe('engine failures', () => {
  it('ends the stream with WORKER_RESET when the engine dies mid-stream, marks the replica Unready and re-dispatches nothing [ORCHD-020, OC-021]', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 10 });
    daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [adapter] }],
      tuning: { probeIntervalMs: 60_000 },
    });
    const body = taskBody({ max_tokens: 500 });
    await call(daemon.url, 'POST', '/v1/tasks', body);
    const url = `${daemon.url}/v1/tasks/${String(body.task_id)}/stream`;
    let crashedAt = 0;
    const stream = await readSse(url, {
      headers: streamHeaders,
      until: (messages) => {
        if (crashedAt === 0 && messages.filter((m) => m.event === 'token').length >= 3) {
          crashedAt = performance.now();
          adapter.crash();
        }
        return false;
      },
    });
    const elapsed = performance.now() - crashedAt;
    expect(elapsed).toBeLessThan(1_000);
    const last = stream.messages.at(-1)!;
    expect(last.event).toBe('error');
    expect(parsed(last)).toMatchObject({ code: 'WORKER_RESET', retriable: true });
    expect(replicasOf(daemon.dataPlane)[0]?.state).toBe('Unready');
    expect(adapter.stats().requestsTotal).toBe(1);
  });

  it('aborts a wedged engine with DECODE_TIMEOUT once the idle watchdog fires [ORCHD-020]', async () => {
    const adapter = createMockAdapter({
      tokenDelayMs: 1,
      faults: { hangAfterTokens: 2 },
      idleTimeoutMs: 60_000,
    });
    daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [adapter], timeouts: { idle_ms: 150 } }],
    });
    const body = taskBody({ max_tokens: 50 });
    await call(daemon.url, 'POST', '/v1/tasks', body);
    const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
    });
    expect(stream.messages.filter((m) => m.event === 'token')).toHaveLength(2);
    expect(parsed(stream.messages.at(-1)!)).toMatchObject({ code: 'DECODE_TIMEOUT' });
    await waitFor(() => adapter.stats().inFlight === 0, 1_000);
  });

  it('reports an engine error inside the stream with its typed code [ORCHD-049]', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 1, faults: { errorAfterTokens: 1 } });
    daemon = await startTestDaemon({ pools: [{ id: 'mock', replicas: [adapter] }] });
    const body = taskBody({ max_tokens: 10 });
    await call(daemon.url, 'POST', '/v1/tasks', body);
    const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
    });
    expect(stream.messages.map((m) => m.event).filter((e) => e !== 'metrics')).toEqual([
      'started',
      'token',
      'error',
    ]);
    expect(parsed(stream.messages.at(-1)!)).toMatchObject({ code: 'INTERNAL', engine: 'llamacpp' });
  });

  it('sends queued work to a replica that recovers, once its probe succeeds', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 1 });
    daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [adapter] }],
      tuning: { probeIntervalMs: 30 },
    });
    const body = taskBody({ max_tokens: 3 });
    adapter.setFaults({ loading: true });
    await waitFor(() => replicasOf(daemon!.dataPlane)[0]?.state === 'Unready', 2_000);
    expect((await call(daemon.url, 'POST', '/v1/tasks', body)).status).toBe(503);
    adapter.setFaults({});
    await waitFor(() => daemon!.dataPlane.readiness().ready, 2_000);
    expect((await call(daemon.url, 'POST', '/v1/tasks', body)).status).toBe(202);
    const stream = await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
    });
    expect(stream.messages.at(-1)?.event).toBe('end');
  });
});
