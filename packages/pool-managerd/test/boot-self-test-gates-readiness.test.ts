// POOL-023, HOME-013, HOME-014: the boot self-test gates Ready. Each step
// (properties, decode, cancel of a running decode, telemetry incl. GPU figures)
// is made to fail alone, through a recording proxy in front of the llama.cpp
// engine simulator or through the fake nvidia-smi; the pool must stay not
// Ready while its health, /readyz and the JSON log name the step and the error.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_FAILURE, createFakeNvidiaSmi, referenceWorkstation } from '@llama-orch/fake-nvidia-smi';
import type { FakeNvidiaSmi } from '@llama-orch/fake-nvidia-smi';
import { startSimulator } from '@llama-orch/engine-simulators';
import type { SimulatorHandle } from '@llama-orch/engine-simulators';
import type { PoolEvent } from '@llama-orch/contracts';
import {
  FAKE_LLAMA_SERVER,
  FAST_RESTARTS,
  TOKEN,
  path_of,
  startTestPoolManagerd,
  waitFor,
} from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';
import { startRecordingProxy } from './support/recording-engine-proxy.js';
import type { ProxyFault, RecordingProxy } from './support/recording-engine-proxy.js';

let sim: SimulatorHandle;
let smi: FakeNvidiaSmi;
let proxy: RecordingProxy | undefined;
let pm: TestPoolManagerd | undefined;

beforeAll(async () => {
  // Paced, so the self-test's second decode is still running when it is canceled.
  sim = await startSimulator({ protocol: 'llamacpp', tokenDelayMs: 20 });
  smi = await createFakeNvidiaSmi(referenceWorkstation());
}, 30_000);
afterEach(async () => {
  await pm?.close();
  await proxy?.close();
  pm = undefined;
  proxy = undefined;
  await smi.write(referenceWorkstation());
});
afterAll(async () => {
  await sim?.stop();
  await smi?.remove();
});

/** An external llama.cpp engine on GPU 0, reached through the recording proxy. */
async function externalPool(fault?: ProxyFault, onEvent?: (event: PoolEvent) => void): Promise<void> {
  proxy = await startRecordingProxy(sim.endpoint, fault);
  pm = await startTestPoolManagerd({
    env: smi.env(),
    ...(onEvent && { onEvent }),
    pools: [
      {
        id: 'ext',
        engine: 'llamacpp',
        devices: [0],
        model: { ref: 'golden' },
        endpoints: [proxy.endpoint],
      },
    ],
  });
}

const api = async (route: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(`${pm!.url}${route}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** Waits for the failed self-test and checks every place that must name the step and the error. */
async function expectNamedFailure(poolId: string, step: string, error: RegExp): Promise<void> {
  const named = new RegExp(`self-test step "${step}" failed: .*${error.source}`);
  const health = await waitFor(`pool ${poolId} health naming the ${step} step`, async () => {
    const { body } = await api(`/v1/pools/${poolId}/health`);
    return typeof body['last_error'] === 'string' && named.test(body['last_error']) && body;
  });
  expect(health).toMatchObject({ ready: false, metrics: { replicas_ready: 0 } });
  expect(pm!.daemon.manager.replicas(poolId).every((r) => r.state !== 'Ready')).toBe(true);
  expect(path_of(pm!.events, `${poolId}-0`)).not.toContain('Loading->Ready');

  const readyz = await api('/readyz');
  expect(readyz.status).toBe(503);
  expect((readyz.body['reasons'] as string[]).join('\n')).toMatch(named);

  const failures = pm!.log.lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry['msg'] === 'replica state' && entry['to'] === 'Failed');
  expect(failures.length).toBeGreaterThan(0);
  for (const entry of failures) {
    expect(entry).toMatchObject({ level: 40, pool_id: poolId, self_test_step: step });
    expect(entry['reason']).toMatch(named);
  }
}

describe('a boot self-test failure keeps the pool not Ready and names the step', () => {
  it('properties: the engine cannot describe itself [POOL-023] [HOME-014]', async () => {
    await externalPool('props-500');
    await expectNamedFailure('ext', 'properties', /model metadata unavailable/);
    expect(proxy!.requests.some((r) => r.path === '/completion')).toBe(false);
  });

  it('decode: the minimal decode fails [POOL-023] [HOME-014]', async () => {
    await externalPool('completion-500');
    await expectNamedFailure('ext', 'decode', /decode failed: KV cache corrupt/);
  });

  it('cancel: the engine is unhealthy after a running decode was canceled [POOL-023] [HOME-013] [HOME-014]', async () => {
    await externalPool('unhealthy-after-cancel');
    await expectNamedFailure('ext', 'cancel', /engine is down after a canceled decode: .*slot 0 is stuck/);
    // The decode step passed: only the canceled decode broke the engine.
    expect(proxy!.requests.find((r) => r.nPredict === 2)?.outcome).toBe('answered');
  });

  it('cancel: the canceled decode’s slot stays busy [POOL-023] [HOME-014]', async () => {
    await externalPool('slot-stuck-after-cancel');
    await expectNamedFailure(
      'ext',
      'cancel',
      /still reports 1 request\(s\) running .* its slot was not freed/,
    );
  });

  it('telemetry: the engine serves no metrics [POOL-023] [HOME-013] [HOME-014]', async () => {
    await externalPool('metrics-501');
    await expectNamedFailure('ext', 'telemetry', /reports none of the figures pool-managerd reads/);
  });

  it('telemetry: GPU figures unreadable (nvidia-smi fails) on a spawned GPU replica, Ready once they read again [POOL-023] [HOME-013] [HOME-014]', async () => {
    let sawLoading!: () => void;
    const loading = new Promise<void>((resolve) => (sawLoading = resolve));
    pm = await startTestPoolManagerd({
      env: smi.env(),
      // Room to look at the failure before the retry, whose preflight would see the broken driver too.
      restartPolicy: { ...FAST_RESTARTS, baseMs: 3_000, capMs: 3_000 },
      // The driver breaks after preflight placed the replica, while the engine still loads.
      onEvent: (event) => {
        if (event.data.to === 'Loading') sawLoading();
      },
      pools: [
        {
          id: 'gpu',
          engine: 'llamacpp',
          devices: [0],
          model: { ref: 'tiny', generate: { kind: 'bigram', seed: 3 } },
          launch: { binary: FAKE_LLAMA_SERVER, env: { FAKE_ENGINE_LOADING_MS: '1500' } },
        },
      ],
    });
    await loading;
    await smi.update((state) => (state.failure = DRIVER_FAILURE));
    await expectNamedFailure(
      'gpu',
      'telemetry',
      /GPU figures unreadable: .*couldn't communicate with the NVIDIA driver/,
    );
    const log = await readFile(path.join(pm.stateDir, 'logs', 'gpu-0.log'), 'utf8');
    expect(log).toMatch(/Loading -> Failed \(self-test step "telemetry" failed: GPU figures unreadable/);

    // Same engine, same config: only the GPU figures changed, and now the pool becomes Ready.
    await smi.write(referenceWorkstation());
    await waitFor('gpu-0 Ready', () => pm!.replica('gpu-0').state === 'Ready');
    expect((await api('/readyz')).status).toBe(200);
  });

  it('telemetry: a GPU with no VRAM-used figure [HOME-013] [HOME-014]', async () => {
    await smi.update((state) => (state.gpus[0]!.memory_used_mib = '[N/A]'));
    await externalPool();
    await expectNamedFailure(
      'ext',
      'telemetry',
      /GPU 0 \(NVIDIA GeForce RTX 3090\) reports no VRAM-used figure/,
    );
  });
});

describe('a passing boot self-test', () => {
  it('runs all four steps on the engine before the replica is Ready [POOL-023] [HOME-013]', async () => {
    const before = (await sim.state()).counters;
    let seenAtReady = -1;
    await externalPool(undefined, (event) => {
      if (event.data.to === 'Ready') seenAtReady = proxy!.requests.length;
    });
    await pm!.daemon.manager.settled();
    expect(pm!.replica('ext-0').state).toBe('Ready');

    const steps = proxy!.requests
      .slice(0, seenAtReady)
      .map((r) => [r.method, r.path, r.nPredict, r.outcome].filter((part) => part !== undefined).join(' '));
    expect(steps).toEqual([
      'GET /props answered', // properties (and model preloaded: the engine answers)
      'POST /completion 2 answered', // one minimal decode
      'POST /completion 64 hung-up', // a running decode, canceled
      'GET /health answered', // still healthy after the cancel
      'GET /metrics answered', // and its slot free again
      'GET /metrics answered', // telemetry
    ]);
    // The engine itself saw one finished decode and one aborted mid-way.
    const after = (await sim.state()).counters;
    expect(after.finished.abort - before.finished.abort).toBe(1);
    expect(after.requestsTotal - before.requestsTotal).toBe(2);
    expect(after.running).toBe(0);
  });
});
