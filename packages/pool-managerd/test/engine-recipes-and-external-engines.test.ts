// Issue 6 "launch recipes", POOL-005, POOL-045, HOME-010: the command line and
// environment each engine family is started with (pure), and an external
// engine that pool-managerd health-checks but never spawns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '@llama-orch/engine-simulators';
import type { SimulatorHandle } from '@llama-orch/engine-simulators';
import { launchSchema } from './support/launch-defaults.js';
import { engineArgs, engineEnv, portCount } from '../src/index.js';
import type { RecipeInput } from '../src/index.js';
import { path_of, startTestPoolManagerd, waitFor } from './support/pool-harness.js';
import type { TestPoolManagerd } from './support/pool-harness.js';

const input = (over: Partial<RecipeInput>): RecipeInput => ({
  engine: 'llamacpp',
  modelPath: '/models/m.gguf',
  modelRef: 'm',
  ctx: 4096,
  launch: launchSchema({ parallel: 2, threads: 8, gpu_layers: 999, extra_args: ['--flash-attn'] }),
  devices: [0, 1],
  tensorSplit: null,
  host: '127.0.0.1',
  ...over,
});

describe('launch recipes', () => {
  it('llama-server: our host and port, total context over the slots, offload and split, operator flags last [POOL-045]', () => {
    const args = engineArgs(input({ tensorSplit: [0.667, 0.333] }), [39001]);
    expect(args.join(' ')).toBe(
      '--host 127.0.0.1 --port 39001 -m /models/m.gguf -c 8192 --parallel 2 -t 8 -nocb --metrics --slots --jinja --threads-http 6 -ngl 999 --split-mode layer --tensor-split 0.667,0.333 --flash-attn',
    );
    expect(engineArgs(input({ devices: 'cpu', launch: launchSchema({}) }), [1]).slice(-2)).toEqual([
      '-ngl',
      '0',
    ]);
  });

  it('vLLM, TGI and Triton get their own flags, one tensor-parallel shard per GPU of the mask', () => {
    expect(engineArgs(input({ engine: 'vllm' }), [8000])).toEqual(
      expect.arrayContaining([
        'serve',
        '/models/m.gguf',
        '--port',
        '8000',
        '--served-model-name',
        'm',
        '--max-model-len',
        '4096',
        '--max-num-seqs',
        '2',
        '--tensor-parallel-size',
        '2',
      ]),
    );
    expect(engineArgs(input({ engine: 'tgi' }), [3000])).toEqual(
      expect.arrayContaining(['--model-id', '/models/m.gguf', '--port', '3000', '--num-shard', '2']),
    );
    expect(portCount('triton')).toBe(3);
    expect(engineArgs(input({ engine: 'triton' }), [8000, 8001, 8002])).toEqual(
      expect.arrayContaining([
        '--model-repository=/models/m.gguf',
        '--http-port=8000',
        '--grpc-port=8001',
        '--metrics-port=8002',
      ]),
    );
  });

  it('binds the device mask in PCI bus order; a CPU replica sees no GPU; launch.env cannot override the mask [POOL-005, POOL-021]', () => {
    const env = engineEnv(
      { PATH: '/bin' },
      { devices: [1], launch: launchSchema({ env: { CUDA_VISIBLE_DEVICES: '0,1', HF_HOME: '/cache' } }) },
    );
    expect(env).toMatchObject({
      PATH: '/bin',
      HF_HOME: '/cache',
      CUDA_VISIBLE_DEVICES: '1',
      CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
    });
    expect(engineEnv({}, { devices: 'cpu', launch: launchSchema({}) })['CUDA_VISIBLE_DEVICES']).toBe('');
  });

  it('passes neither the API token nor the source variables of secret_env to the engine [OC-007] [MET-030]', () => {
    const launch = launchSchema({
      secret_env: { HF_TOKEN: { env: 'MY_HF' }, OTHER_KEY: { file: '/run/key' } },
    });
    const env = engineEnv(
      { PATH: '/bin', LLORCH_API_TOKEN: 'orch-token', MY_HF: 'hf-value' },
      { devices: [0], launch },
      { HF_TOKEN: 'hf-value', OTHER_KEY: 'k' },
    );
    expect(env).toMatchObject({ PATH: '/bin', HF_TOKEN: 'hf-value', OTHER_KEY: 'k' });
    expect(env).not.toHaveProperty('LLORCH_API_TOKEN');
    expect(env).not.toHaveProperty('MY_HF');
  });

  it('keeps Hugging Face libraries offline unless launch.env says otherwise [OC-025]', () => {
    const env = engineEnv({ HF_HUB_OFFLINE: '0' }, { devices: [0], launch: launchSchema({}) });
    expect(env).toMatchObject({ HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' });
    const opted = engineEnv({}, { devices: [0], launch: launchSchema({ env: { HF_HUB_OFFLINE: '0' } }) });
    expect(opted['HF_HUB_OFFLINE']).toBe('0');
  });
});

describe('external engines', () => {
  let sim: SimulatorHandle;
  let pm: TestPoolManagerd;

  beforeAll(async () => {
    sim = await startSimulator({ protocol: 'vllm', modelName: 'Qwen/Qwen2.5-7B' });
    pm = await startTestPoolManagerd({
      pools: [
        {
          id: 'ext',
          engine: 'vllm',
          devices: 'cpu',
          allow_cpu_fallback: true,
          determinism: 'best_effort',
          model: { ref: 'Qwen/Qwen2.5-7B' },
          endpoints: [sim.endpoint],
        },
      ],
    });
    await pm.daemon.manager.settled();
  }, 60_000);
  afterAll(async () => {
    await pm?.close();
    await sim?.stop();
  });

  it('health-checks an endpoint-only replica and self-tests it, but spawns nothing [HOME-010, POOL-008]', async () => {
    expect(pm.replica('ext-0')).toMatchObject({
      state: 'Ready',
      endpoint: sim.endpoint,
      pid: null,
      engine: 'vllm',
      engine_version: '0.11.0+sim',
    });
    const state = await sim.state();
    expect(state.counters.requestsTotal).toBeGreaterThanOrEqual(2); // the decode and the canceled decode
  });

  it('takes it out of Ready when it stops answering, without trying to start it [POOL-009]', async () => {
    await sim.kill('SIGKILL');
    await waitFor('ext-0 failed', () => pm.replica('ext-0').state !== 'Ready');
    expect(path_of(pm.events, 'ext-0')).toContain('Ready->Failed');
    expect(pm.replica('ext-0').last_error).toMatch(/health probe failed 3 times in a row/);
    expect(pm.replica('ext-0').pid).toBeNull();
  });
});
