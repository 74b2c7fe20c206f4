// MET-020, POOL-005: Triton serves /metrics on its own port (the HTTP port has
// none). pool-managerd starts it with --metrics-port and reports that endpoint
// with the replica, so the daemon's adapter reads the engine's own KV figure
// there; before, the daemon asked the HTTP port and kv_cache_usage_ratio was
// always absent. The engine is the Triton simulator behind a tritonserver-shaped
// command line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '@llama-orch/contracts';
import { createLogger } from '../src/index.js';
import { LogSink, TOKEN, replicasOf, waitFor } from './support/harness.js';
import { startLocalDaemon, type LocalDaemon } from './support/local-daemon.js';

const FAKE_TRITONSERVER = fileURLToPath(
  new URL('../../pool-managerd/test/fixtures/fake-tritonserver', import.meta.url),
);

let dir = '';
let running: LocalDaemon | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-triton-'));
  // pool-managerd hashes the model file it hands the engine; the simulator never reads it.
  const plan = join(dir, 'ensemble.plan');
  await writeFile(plan, 'not a real TensorRT engine\n');
  const config = parseConfig({
    server: { port: 0, state_dir: join(dir, 'state') },
    pool_manager: { port: 0 },
    pools: [
      {
        id: 'trt',
        engine: 'triton',
        model: { ref: 'ensemble', path: plan },
        devices: 'cpu',
        allow_cpu_fallback: true,
        ctx: 2048,
        launch: { binary: FAKE_TRITONSERVER },
      },
    ],
  });
  const logger = createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] });
  running = await startLocalDaemon(config, { logger, tuning: { probeIntervalMs: 50 } });
}, 60_000);

afterAll(async () => {
  await running?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

it('reads the KV cache ratio of a launched Triton from its metrics port [MET-020] [POOL-005]', async () => {
  const { daemon, link } = running!;
  await waitFor(() => daemon.dataPlane.readiness().ready, 30_000);
  const { data } = await link.client.GET('/v1/replicas', {});
  const replica = data?.replicas.find((r) => r.id === 'trt-0');
  expect(replica?.metrics_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(replica?.metrics_endpoint).not.toBe(replica?.endpoint);
  const kvUsage = () => replicasOf(daemon.dataPlane).find((r) => r.id === 'trt-0')?.kvCacheUsage;
  await waitFor(() => typeof kvUsage() === 'number', 10_000);
  expect(kvUsage()).toBe(0);
}, 60_000);
