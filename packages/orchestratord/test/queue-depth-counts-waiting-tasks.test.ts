// MET-017: queue_depth is the number of tasks *waiting* per pool and priority,
// moved by every enqueue, dequeue, cancel and drop-lru eviction. The engine is
// paced by a clock only the test advances, so the running task holds its slot
// for exactly as long as the test needs and every figure is exact.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { startTestDaemon, taskBody, waitFor, type LogSink } from './support/harness.js';
import { call } from './support/client.js';
import { ManualClock } from './support/manual-clock.js';
import { scrape, samplesOf, scrapeUntil, valueOf } from './support/metrics-scrape.js';
import type { RunningOrchestratord } from '../src/index.js';

let daemon: (RunningOrchestratord & { logs: LogSink }) | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

const POOL = { engine: 'llamacpp', engine_version: 'mock-1', pool_id: 'mock' };
const depthIs = (interactive: number, batch: number) => (text: string) =>
  valueOf(text, 'queue_depth', { ...POOL, priority: 'interactive' }) === interactive &&
  valueOf(text, 'queue_depth', { ...POOL, priority: 'batch' }) === batch;

describe('queue_depth', () => {
  it('counts waiting tasks only, per priority, through enqueue, cancel, drop-lru eviction and dequeue [MET-017]', async () => {
    const clock = new ManualClock();
    const adapter = createMockAdapter({ clock, tokenDelayMs: 100, slotsTotal: 1 });
    const d = (daemon = await startTestDaemon({
      pools: [{ id: 'mock', replicas: [adapter], capacity: 3, fullPolicy: 'drop-lru' }],
      now: clock.now,
    }));
    const submit = async (priority: 'interactive' | 'batch') => {
      const body = taskBody({ priority, max_tokens: 50 });
      expect((await call(d.url, 'POST', '/v1/tasks', body)).status).toBe(202);
      return String(body.task_id);
    };
    const depth = () => d.dataPlane.queueDepth('mock');

    // The first task goes straight to the engine: running is not waiting.
    const running = await submit('interactive');
    expect(clock.waiting).toBe(1);
    await scrapeUntil(d.url, depthIs(0, 0));

    // Enqueue: two interactive and one batch wait behind it.
    const canceled = await submit('interactive');
    const oldest = await submit('interactive');
    const evicted = await submit('batch');
    await scrapeUntil(d.url, depthIs(2, 1));

    // Cancel of a queued task.
    expect((await call(d.url, 'POST', `/v1/tasks/${canceled}/cancel`)).status).toBe(204);
    await scrapeUntil(d.url, depthIs(1, 1));

    // The queue is full at 3; an interactive newcomer evicts the oldest batch task (CORE-018).
    await submit('batch');
    await scrapeUntil(d.url, depthIs(1, 2));
    await submit('interactive');
    expect(d.dataPlane.transcript(evicted)?.terminal).toMatchObject({
      type: 'error',
      data: { code: 'QUEUE_FULL_DROP_LRU' },
    });
    await scrapeUntil(d.url, depthIs(2, 1));

    // Dequeue: freeing the slot moves the oldest interactive task to the engine.
    expect((await call(d.url, 'POST', `/v1/tasks/${running}/cancel`)).status).toBe(204);
    await scrapeUntil(d.url, depthIs(1, 1));
    await waitFor(() => adapter.stats().requestsTotal === 2 && clock.waiting === 1, 5_000);
    expect(d.dataPlane.transcript(oldest)?.terminal).toBeUndefined();
    expect(depth()).toMatchObject({ interactive: 1, batch: 1 });
  });

  it('shows 0 per priority for a pool no task has reached yet, under one label set only [MET-017, MET-025]', async () => {
    const adapter = createMockAdapter({ tokenDelayMs: 1, slotsTotal: 1 });
    const idle = createMockAdapter({ tokenDelayMs: 1, slotsTotal: 1 });
    const d = (daemon = await startTestDaemon({
      pools: [
        { id: 'mock', replicas: [adapter] },
        { id: 'idle', replicas: [idle] },
      ],
    }));
    await scrapeUntil(d.url, depthIs(0, 0));
    const text = await scrape(d.url);
    const samples = samplesOf(text, 'queue_depth', { pool_id: 'idle' });
    expect(samples.map((s) => [s.labels['priority'], s.value]).sort()).toEqual([
      ['batch', 0],
      ['interactive', 0],
    ]);
  });
});
