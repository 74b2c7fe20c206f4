// MET-020, CFG-021: a Triton that runs elsewhere serves /metrics on its own
// port too. A pool of external engines names where each one's metrics are
// (`metrics_endpoints`, in the order of `endpoints`), pool-managerd reports it
// with the replica, and the daemon reads the engine's KV figure there. Without
// it the HTTP port has no /metrics and the ratio stays absent.
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '@llama-orch/contracts';
import { startSimulator, type SimulatorHandle } from '@llama-orch/engine-simulators';
import { createLogger } from '../src/index.js';
import { LogSink, TOKEN, replicasOf, waitFor } from './support/harness.js';
import { endpointPool, startLocalDaemon, type LocalDaemon } from './support/local-daemon.js';

/** A port nobody holds right now, for the simulator's separate metrics listener. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let dir = '';
let engine: SimulatorHandle | undefined;
let running: LocalDaemon | undefined;
let metricsUrl = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llorch-ext-triton-'));
  const metricsPort = await freePort();
  metricsUrl = `http://127.0.0.1:${metricsPort}`;
  engine = await startSimulator({ protocol: 'triton', model: 'golden', metricsPort });
  const config = parseConfig({
    server: { port: 0, state_dir: join(dir, 'state') },
    pool_manager: { port: 0 },
    pools: [
      {
        ...endpointPool('trt', 'triton', engine.endpoint),
        // Triton serves the simulator's model under its repository name.
        model: { ref: 'ensemble' },
        metrics_endpoints: [metricsUrl],
      },
    ],
  });
  const logger = createLogger({ level: 'warn', destination: new LogSink(), secrets: [TOKEN] });
  running = await startLocalDaemon(config, { logger, tuning: { probeIntervalMs: 50 } });
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await engine?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

it('reads the KV cache ratio of an external Triton at the metrics endpoint the pool names [MET-020] [CFG-021]', async () => {
  const { daemon, link } = running!;
  await waitFor(() => daemon.dataPlane.readiness().ready, 30_000);
  const { data } = await link.client.GET('/v1/replicas', {});
  expect(data?.replicas.find((r) => r.id === 'trt-0')?.metrics_endpoint).toBe(metricsUrl);
  const kvUsage = () => replicasOf(daemon.dataPlane).find((r) => r.id === 'trt-0')?.kvCacheUsage;
  await waitFor(() => typeof kvUsage() === 'number', 10_000);
  expect(kvUsage()).toBe(0);
}, 60_000);
