import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { assertSafeBind, createLogger, startOrchestratord } from '../src/index.js';
import {
  LogSink,
  TOKEN,
  harnessConfig,
  startTestDaemon,
  taskBody,
  waitFor,
  type LogSink as Sink,
} from './support/harness.js';
import { OWNER_IDENTITY } from '../src/clients/client-identity.js';
import { call, streamHeaders } from './support/client.js';
import { parsed, readSse } from './support/sse-client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: Sink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

describe('binding and token bootstrap', () => {
  it('refuses a non-loopback bind without a token and warns when binding one with a token [OC-004, HOME-005]', async () => {
    expect(() => assertSafeBind('0.0.0.0', null)).toThrow(/non-loopback/);
    expect(() => assertSafeBind('192.168.1.20', '')).toThrow(/LLORCH_API_TOKEN/);
    expect(() => assertSafeBind('127.0.0.1', null)).not.toThrow();
    expect(() => assertSafeBind('::1', null)).not.toThrow();
    const logs = new LogSink();
    const config = harnessConfig({ pools: [{ id: 'mock', replicas: [] }] });
    const open = await startOrchestratord({
      config,
      replicas: [{ pool_id: 'mock', replica_id: 'mock-0', adapter: createMockAdapter() }],
      token: TOKEN,
      logger: createLogger({ destination: logs, secrets: [TOKEN] }),
      host: '0.0.0.0',
      port: 0,
    });
    await open.stop();
    expect(logs.records().some((r) => r.level === 40 && r.bind === '0.0.0.0')).toBe(true);
  });
});

describe('drain and shutdown', () => {
  it('refuses new work with POOL_UNREADY while draining, then cancels what outlives the grace period [ORCHD-047, OC-021, MET-015]', async () => {
    const d = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 20 })] }],
      drainGraceMs: 300,
    });
    const body = taskBody({ max_tokens: 400 });
    expect((await call(d.url, 'POST', '/v1/tasks', body)).status).toBe(202);
    const reading = readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, { headers: streamHeaders });
    await waitFor(() => (d.dataPlane.transcript(String(body.task_id))?.size ?? 0) > 4, 2_000);
    const stopping = d.stop();
    await waitFor(() => d.dataPlane.state === 'draining', 1_000, 1);
    const refused = await d.dataPlane
      .admit(taskBody(), { correlationId: 'c', log: d.logger, client: OWNER_IDENTITY })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'POOL_UNREADY', status: 503, retriable: true });
    await stopping;
    const stream = await reading;
    const last = stream.messages.at(-1)!;
    expect(parsed(last)).toMatchObject({ canceled: true, reason: 'shutdown' });
    expect(await d.metrics.render()).toMatch(/^tasks_canceled_total\{[^}]*reason="shutdown"\} 1$/m);
  });

  it('lets a task that finishes within the grace period end normally [ORCHD-047]', async () => {
    const d = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 10 })] }],
      drainGraceMs: 2_000,
    });
    const body = taskBody({ max_tokens: 10 });
    await call(d.url, 'POST', '/v1/tasks', body);
    const reading = readSse(`${d.url}/v1/tasks/${String(body.task_id)}/stream`, { headers: streamHeaders });
    await d.stop();
    const stream = await reading;
    expect(stream.messages.at(-1)?.event).toBe('end');
    expect(parsed(stream.messages.at(-1)!)).not.toHaveProperty('canceled');
  });
});

describe('abandoned and expired streams', () => {
  it('keeps a task running when its reader drops, and cancels it as abandoned after the abandon timeout [ORCHD-021]', async () => {
    daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 10 })] }],
      tuning: { abandonMs: 300, metricsIntervalMs: 20 },
    });
    const body = taskBody({ max_tokens: 500 });
    expect((await call(daemon.url, 'POST', '/v1/tasks', body)).status).toBe(202);
    await readSse(`${daemon.url}/v1/tasks/${String(body.task_id)}/stream`, {
      headers: streamHeaders,
      until: (messages) => messages.filter((m) => m.event === 'token').length >= 2,
    });
    const transcript = daemon.dataPlane.transcript(String(body.task_id))!;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(transcript.terminal).toBeUndefined();
    await waitFor(() => transcript.terminal !== undefined, 3_000);
    expect(transcript.terminal).toMatchObject({ type: 'end', data: { canceled: true, reason: 'abandoned' } });
  });

  it('answers a resume whose frames are no longer retained with one INVALID_PARAMS error frame [ORCHD-016, ORCHD-017, ORCHD-022]', async () => {
    daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 1 })] }],
      tuning: { retentionMs: 50 },
    });
    const body = taskBody({ max_tokens: 3 });
    await call(daemon.url, 'POST', '/v1/tasks', body);
    const url = `${daemon.url}/v1/tasks/${String(body.task_id)}/stream`;
    expect((await readSse(url, { headers: streamHeaders })).messages.at(-1)?.event).toBe('end');
    expect((await readSse(url, { headers: streamHeaders })).messages.at(-1)?.event).toBe('end');
    await new Promise((resolve) => setTimeout(resolve, 120));
    const expired = await readSse(url, { headers: { ...streamHeaders, 'last-event-id': '2' } });
    expect(expired.status).toBe(200);
    expect(expired.messages).toHaveLength(1);
    expect(expired.messages[0]?.event).toBe('error');
    expect(parsed(expired.messages[0]!)).toMatchObject({ code: 'INVALID_PARAMS' });
    const unknown = await call(daemon.url, 'GET', '/v1/tasks/3f0c6a8e-5b7d-4c1e-9a2f-1d4b6e8c0a11/stream');
    expect(unknown.status).toBe(404);
  });
});
