// MET-013: tasks_enqueued_total counts a task once, when admission queues it. An
// agent that retries its POST after a lost answer sends the same task_id and
// body; the daemon answers it idempotently (ORCHD-005), and the counter must
// not count the task a second time. A new task still counts.
import { afterEach, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, type LogSink } from './support/harness.js';
import { call } from './support/client.js';
import { scrape, valueOf } from './support/metrics-scrape.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

it('counts an idempotent resubmission once, and the next new task again [MET-013, ORCHD-005]', async () => {
  daemon = await startTestDaemon({
    pools: [{ id: 'mock', replicas: [createMockAdapter({ tokenDelayMs: 20, slotsTotal: 1 })] }],
  });
  const enqueued = async () => valueOf(await scrape(daemon!.url), 'tasks_enqueued_total') ?? 0;
  const before = await enqueued();

  const body = taskBody({ max_tokens: 20 });
  const first = await call(daemon.url, 'POST', '/v1/tasks', body);
  const again = await call(daemon.url, 'POST', '/v1/tasks', body);
  expect([first.status, again.status]).toEqual([202, 202]);
  expect(again.body).toMatchObject({ task_id: body.task_id });
  expect((await enqueued()) - before).toBe(1);

  expect((await call(daemon.url, 'POST', '/v1/tasks', taskBody({ max_tokens: 2 }))).status).toBe(202);
  expect((await enqueued()) - before).toBe(2);
});
