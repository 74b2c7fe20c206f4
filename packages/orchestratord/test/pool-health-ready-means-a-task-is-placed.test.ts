// ORCHD-099: a pool's health, read through orchestratord, says `ready` only once a task
// submitted now is placed. pool-managerd reports a replica Ready after its self-test;
// orchestratord then probes the engine itself (health, props, metrics) before it places
// work there. An engine slow to answer /props (the simulator's slow-props fault) holds
// that probe open for most of a second: pool health must not say ready in that window,
// and a client that waits for `ready` and submits at once is admitted.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@llama-orch/contracts';
import { startSimulator, type SimulatorHandle } from '@llama-orch/engine-simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { call } from './support/client.js';
import { LogSink, TOKEN, taskBody } from './support/harness.js';
import { endpointPool, startLocalDaemon, type LocalDaemon } from './support/local-daemon.js';

const PROPS_DELAY_MS = 700;

let engine: SimulatorHandle;
let running: LocalDaemon;
let dir = '';

interface Health {
  ready: boolean;
  replicas: { state: string }[];
}

beforeAll(async () => {
  engine = await startSimulator({
    protocol: 'llamacpp',
    model: 'golden',
    faults: [{ type: 'slow-props', ms: PROPS_DELAY_MS }],
  });
  dir = await mkdtemp(join(tmpdir(), 'llorch-pool-health-'));
  const config = parseConfig({
    server: { port: 0, state_dir: dir },
    pool_manager: { port: 0 },
    pools: [endpointPool('slow', 'llamacpp', engine.endpoint)],
  });
  const logger = createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] });
  running = await startLocalDaemon(config, { logger });
}, 30_000);

afterAll(async () => {
  await running?.stop();
  await engine?.stop(500);
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('pool health through orchestratord', () => {
  it('says ready only when a task submitted at once is admitted [ORCHD-099]', async () => {
    let health: Health | undefined;
    // pool-managerd already calls its replica Ready while orchestratord's own probe still waits.
    let sawOnlyPoolManagerdReady = false;
    for (const deadline = Date.now() + 20_000; health?.ready !== true && Date.now() < deadline;) {
      const res = await call(running.daemon.url, 'GET', '/v1/pools/slow/health');
      expect(res.status).toBe(200);
      health = res.body as unknown as Health;
      if (!health.ready && health.replicas.some((r) => r.state === 'Ready')) sawOnlyPoolManagerdReady = true;
      if (!health.ready) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(health?.ready).toBe(true);

    const submitted = await call(
      running.daemon.url,
      'POST',
      '/v1/tasks',
      taskBody({ model_ref: 'golden', max_tokens: 4, ctx: 512 }),
    );
    expect(submitted.body).not.toMatchObject({ code: 'POOL_UNREADY' });
    expect(submitted.status).toBe(202);
    expect(sawOnlyPoolManagerdReady).toBe(true);
  }, 40_000);
});
