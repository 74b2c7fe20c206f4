// ORCHD-010: a full queue's backoff hint is orchestrator-core's estimate of when a
// place frees up, learned from how fast the pool's queue drains. Two pools given
// the same arrivals but engines of different speed give different hints, the
// slower pool the longer one; a fixed constant would give both the same figure.
import { afterEach, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, waitFor, type LogSink } from './support/harness.js';
import { call } from './support/client.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

const TOKENS = 12;

it('gives a slower pool a longer backoff than a faster one in the same state [ORCHD-010, ORCHD-007]', async () => {
  const pool = (id: string, tokenDelayMs: number) => ({
    id,
    model: id,
    capacity: 1,
    fullPolicy: 'reject' as const,
    replicas: [createMockAdapter({ tokenDelayMs, slotsTotal: 1 })],
  });
  daemon = await startTestDaemon({ pools: [pool('fast', 2), pool('slow', 40)] });
  const d = daemon;
  const submit = (model: string) =>
    call(d.url, 'POST', '/v1/tasks', taskBody({ model_ref: model, max_tokens: TOKENS }));

  // The same arrivals on both pools: one task runs, one waits and is dispatched when the first
  // ends (the pool's first observed departure gap), one more waits, and the next is refused.
  const hintOf = async (model: string): Promise<number> => {
    expect((await submit(model)).status).toBe(202);
    await waitFor(() => d.dataPlane.queueDepth(model).total === 0, 2_000);
    expect((await submit(model)).status).toBe(202);
    await waitFor(() => d.dataPlane.queueDepth(model).total === 0, 5_000);
    expect((await submit(model)).status).toBe(202);
    const refused = await submit(model);
    expect(refused.status).toBe(429);
    return refused.body.retry_after_ms as number;
  };
  const slow = await hintOf('slow');
  const fast = await hintOf('fast');
  expect(slow).toBeGreaterThan(fast);
});
