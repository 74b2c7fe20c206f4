// ORCHD-082: a Ready replica whose probe fails once (a slow answer on a loaded
// box, a connection the engine was closing) stays Ready when the probe that
// confirms it succeeds; two failures in a row still make it Unready, and a
// replica that is not Ready gains nothing from the second look.
import { loadMetricsContract, parseConfig } from '@llama-orch/contracts';
import { createMockAdapter, type EngineAdapter, type EngineHealth } from '@llama-orch/worker-adapters';
import { describe, expect, it } from 'vitest';
import { createDaemonMetrics, createLogger } from '../src/index.js';
import { createReplicaProber } from '../src/replicas/replica-prober.js';
import { createReplicaSet } from '../src/replicas/replica-set.js';

/** A mock engine whose next `failures` health calls fail as a cut connection would. */
function flakyEngine(): { adapter: EngineAdapter; failNext(n: number): void; healthCalls(): number } {
  const mock = createMockAdapter();
  let failures = 0;
  let calls = 0;
  const adapter: EngineAdapter = {
    ...mock,
    engine: mock.engine,
    endpoint: mock.endpoint,
    health: (signal?: AbortSignal): Promise<EngineHealth> => {
      calls += 1;
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new Error('mock at mock://local is unreachable: other side closed'));
      }
      return mock.health(signal);
    },
  };
  return { adapter, failNext: (n) => (failures = n), healthCalls: () => calls };
}

async function setUp() {
  const config = parseConfig({
    pools: [{ id: 'p', model: { ref: 'm' }, engine: 'llamacpp', devices: 'cpu', allow_cpu_fallback: true }],
  });
  const engine = flakyEngine();
  const set = createReplicaSet(config.pools, [{ pool_id: 'p', replica_id: 'p-0', adapter: engine.adapter }]);
  const prober = createReplicaProber({
    replicas: set.replicas,
    intervalMs: 60_000,
    timeoutMs: 1_000,
    logger: createLogger({ level: 'silent' }),
    metrics: createDaemonMetrics(await loadMetricsContract()),
    onReady: () => undefined,
  });
  const replica = set.get('p-0')!;
  await prober.probe(replica);
  expect(replica.state).toBe('Ready');
  return { engine, prober, replica };
}

describe('replica probes [ORCHD-082]', () => {
  it('keeps a Ready replica Ready when one probe fails and the confirming one succeeds', async () => {
    const { engine, prober, replica } = await setUp();
    engine.failNext(1);
    const before = engine.healthCalls();
    await prober.probe(replica);
    expect(engine.healthCalls() - before).toBe(2);
    expect(replica.state).toBe('Ready');
    expect(replica.lastError).toBeNull();
  });

  it('makes it Unready when the confirming probe fails too, naming the failure', async () => {
    const { engine, prober, replica } = await setUp();
    engine.failNext(2);
    await prober.probe(replica);
    expect(replica.state).toBe('Unready');
    expect(replica.lastError).toMatch(/other side closed/);
  });

  it('probes an Unready replica once per sweep: no second look', async () => {
    const { engine, prober, replica } = await setUp();
    engine.failNext(2);
    await prober.probe(replica);
    engine.failNext(1);
    const before = engine.healthCalls();
    await prober.probe(replica);
    expect(engine.healthCalls() - before).toBe(1);
    expect(replica.state).toBe('Unready');
  });

  it('after a reload answered swapped, asks a few times until the new engine answers [ORCHD-073]', async () => {
    const { engine, prober, replica } = await setUp();
    engine.failNext(2);
    await prober.probe(replica);
    expect(replica.state).toBe('Unready');
    // Two stale answers (the replaced engine, a cut connection) before the new engine answers.
    engine.failNext(2);
    await prober.probeUntilReady(replica);
    expect(replica.state).toBe('Ready');
  });

  it('gives up after a bounded number of tries when the engine stays down', async () => {
    const { engine, prober, replica } = await setUp();
    engine.failNext(100);
    const before = engine.healthCalls();
    await prober.probeUntilReady(replica);
    expect(replica.state).toBe('Unready');
    expect(engine.healthCalls() - before).toBeLessThanOrEqual(6);
  });
});
