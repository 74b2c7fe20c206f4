// HOME-014 seen from orchestratord: a pool whose engine fails the boot
// self-test stays not-ready, and the daemon's /readyz, its pool health relay
// and the log all name the step that failed and the engine's error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@llama-orch/contracts';
import { startSimulator, type SimulatorHandle } from '@llama-orch/engine-simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { LogSink, TOKEN, waitFor, replicasOf } from './support/harness.js';
import { endpointPool, startLocalDaemon, type LocalDaemon } from './support/local-daemon.js';

let engine: SimulatorHandle;
let running: LocalDaemon;
let dir = '';
const sink = new LogSink();

const get = async (route: string) => {
  const res = await fetch(`${running.daemon.url}${route}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  // The engine is up and answers its properties, but every generation request gets an HTTP 500:
  // the self-test's "decode" step must fail.
  engine = await startSimulator({ protocol: 'llamacpp', model: 'golden', faults: [{ type: 'http-500' }] });
  dir = await mkdtemp(join(tmpdir(), 'llorch-selftest-'));
  const config = parseConfig({
    server: { port: 0, state_dir: dir },
    pool_manager: { port: 0 },
    pools: [endpointPool('broken', 'llamacpp', engine.endpoint)],
  });
  const logger = createLogger({ level: 'info', destination: sink, secrets: [TOKEN] });
  running = await startLocalDaemon(config, { logger, poolManagerdLog: sink });
}, 30_000);

afterAll(async () => {
  await running?.stop();
  await engine?.stop(500);
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('a failed boot self-test, through orchestratord', () => {
  it('keeps the pool not-ready and names the failed step in /readyz, pool health and the log [HOME-014]', async () => {
    const step = /self-test step "decode" failed: .*500/;
    const reasons = (body: Record<string, unknown>) => ((body.reasons ?? []) as string[]).join('\n');
    let readyz = await get('/readyz');
    const deadline = Date.now() + 15_000;
    while (!step.test(reasons(readyz.body)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      readyz = await get('/readyz');
    }
    expect(readyz.status).toBe(503);
    expect(reasons(readyz.body)).toMatch(step);

    const health = await get('/v1/pools/broken/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ready: false });
    expect(String(health.body.last_error)).toMatch(step);

    await waitFor(() => sink.records().some((r) => r.self_test_step === 'decode'), 5_000);
    const logged = sink.records().find((r) => r.self_test_step === 'decode')!;
    expect(String(logged.reason)).toMatch(step);
    expect(logged).toMatchObject({ pool_id: 'broken', to: 'Failed' });
    expect(sink.lines.join('\n')).not.toContain(TOKEN);
    // Never Ready while the engine keeps failing.
    expect(replicasOf(running.daemon.dataPlane).every((r) => r.state !== 'Ready')).toBe(true);
  });
});
