// A pool's model follows its replicas' owner (pool-managerd after a reload):
// work queued for the model the pool left behind ends at once with the code a
// new submission for it gets, instead of blocking the queue until its deadline.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockAdapter } from '@llama-orch/worker-adapters';
import { buildApp, createLogger, type OrchestratordApp } from '../src/index.js';
import { LogSink, TOKEN, auth, harnessConfig, taskBody, waitFor } from './support/harness.js';

let built: OrchestratordApp | undefined;
afterEach(async () => built?.app.close());

describe('queued work when the pool swaps its model', () => {
  it('ends tasks queued for the old model with POOL_UNAVAILABLE and admits the new one [ORCHD-043, ORCHD-006]', async () => {
    let served = 'mock';
    built = await buildApp({
      config: harnessConfig({ pools: [{ id: 'mock', replicas: [createMockAdapter()] }] }),
      replicas: [
        {
          pool_id: 'mock',
          replica_id: 'mock-0',
          adapter: createMockAdapter({ tokenDelayMs: 20 }),
          servedModel: () => served,
        },
      ],
      token: TOKEN,
      logger: createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] }),
      tuning: { probeIntervalMs: 50 },
      drainGraceMs: 100,
    });
    const { app, dataPlane } = built;
    await app.ready();
    await waitFor(() => dataPlane.readiness().ready, 5_000);
    const post = async (body: Record<string, unknown>) => {
      const res = await app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: body });
      return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
    };

    const running = taskBody({ max_tokens: 400 });
    const waiting = taskBody({ max_tokens: 4 });
    expect((await post(running)).status).toBe(202);
    await waitFor(() => dataPlane.queueDepth('mock').total === 0, 5_000);
    expect((await post(waiting)).body).toMatchObject({ queue_position: 0 });

    served = 'mock-v2';
    // pool-managerd reports the swap as it would after a reload: the replica is Ready, serving mock-v2.
    dataPlane.replicaChanged('mock-0', { ready: true });
    const ended = () => dataPlane.transcript(String(waiting.task_id))?.terminal;
    await waitFor(() => ended() !== undefined, 5_000);
    expect(ended()).toMatchObject({
      type: 'error',
      data: { code: 'POOL_UNAVAILABLE', pool_id: 'mock', retriable: false },
    });
    expect(dataPlane.queueDepth('mock').total).toBe(0);

    expect(await post(taskBody())).toMatchObject({ status: 503, body: { code: 'POOL_UNAVAILABLE' } });
    expect((await post(taskBody({ model_ref: 'mock-v2' }))).status).toBe(202);
    dataPlane.cancel(String(running.task_id));
  });
});
