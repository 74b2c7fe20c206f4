// MET-015, ORCHD-026: a task ends once. Whatever races its end (a cancel landing while the
// engine's end frame is written, a deadline and a client cancel together), the stream carries
// one terminal frame and tasks_canceled_total counts the task at most once.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import type { RunningOrchestratord } from '../src/index.js';
import { call } from './support/client.js';
import { startTestDaemon, taskBody, waitFor, type LogSink } from './support/harness.js';
import { valueOf } from './support/metrics-scrape.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

const canceled = async (d: RunningOrchestratord, reason?: string): Promise<number> =>
  valueOf(await d.metrics.render(), 'tasks_canceled_total', reason === undefined ? {} : { reason }) ?? 0;

const endLines = (d: { logs: LogSink }, taskId: string) =>
  d.logs.records().filter((r) => r['msg'] === 'task ended' && r['job_id'] === taskId);

describe('task ends', () => {
  it('counts no cancel for a task canceled from inside its own end frame: it already completed [MET-015]', async () => {
    const d = (daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 5 })] }],
    }));
    const body = taskBody({ max_tokens: 4 });
    const taskId = String(body.task_id);
    expect((await call(d.url, 'POST', '/v1/tasks', body)).status).toBe(202);
    const transcript = d.dataPlane.transcript(taskId)!;
    // A reader that cancels the moment the terminal frame reaches it: the cancel runs while the end
    // is still being recorded.
    transcript.subscribe(() => {
      if (transcript.terminal !== undefined) d.dataPlane.cancel(taskId);
    });
    await waitFor(() => transcript.terminal !== undefined, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(transcript.terminal).toMatchObject({ type: 'end', data: { tokens_out: 4 } });
    expect(transcript.terminal?.data).not.toHaveProperty('canceled');
    expect(await canceled(d)).toBe(0);
    expect(endLines(d, taskId)).toHaveLength(1);
  });

  it('counts a running task whose deadline passed once; a later client cancel changes nothing [MET-015, ORCHD-026]', async () => {
    const d = (daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 20 })] }],
    }));
    const body = taskBody({ max_tokens: 500, deadline_ms: 200 });
    const taskId = String(body.task_id);
    expect((await call(d.url, 'POST', '/v1/tasks', body)).status).toBe(202);
    const transcript = d.dataPlane.transcript(taskId)!;
    await waitFor(() => transcript.terminal !== undefined, 5_000);
    expect(transcript.terminal).toMatchObject({ type: 'error', data: { code: 'DEADLINE_UNMET' } });
    expect((await call(d.url, 'POST', `/v1/tasks/${taskId}/cancel`)).status).toBe(204);
    d.dataPlane.cancel(taskId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await canceled(d)).toBe(1);
    expect(await canceled(d, 'deadline')).toBe(1);
    expect(
      d.logs.records().filter((r) => r['job_id'] === taskId && String(r['msg']).startsWith('task ended')),
    ).toHaveLength(1);
  });

  it('counts each cancel of a queued task once, however often it is asked [MET-015, ORCHD-026]', async () => {
    const d = (daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 20, slotsTotal: 1 })] }],
    }));
    const blocker = taskBody({ max_tokens: 100 });
    const queued = taskBody({ max_tokens: 5 });
    await call(d.url, 'POST', '/v1/tasks', blocker);
    expect((await call(d.url, 'POST', '/v1/tasks', queued)).body.queue_position).toBe(0);
    for (let i = 0; i < 3; i += 1)
      expect((await call(d.url, 'POST', `/v1/tasks/${String(queued.task_id)}/cancel`)).status).toBe(204);
    expect(await canceled(d, 'client')).toBe(1);
    d.dataPlane.cancel(String(blocker.task_id));
    expect(await canceled(d, 'client')).toBe(2);
  });
});
