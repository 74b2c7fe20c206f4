// Issue 6 "engine launch recipes", POOL-005, POOL-045: how each engine family
// is started from the pool config, as pure functions: the command line (host,
// ports, model, context, slots, GPU offload and split chosen by us), the
// environment (device mask in PCI bus order, engine secrets resolved by
// secret-env.ts, CFG-017). Which adapter talks to it is worker-adapters'
// adapterFor().
// Flags the operator passes in launch.extra_args come last.
import { API_TOKEN_ENV, type Engine, type LaunchOptions } from '@llama-orch/contracts';
import { llamaServerArgs } from '@llama-orch/engine-provision';

export interface RecipeInput {
  engine: Engine;
  modelPath: string;
  modelRef: string;
  /** Context per slot. */
  ctx: number;
  launch: LaunchOptions;
  /** GPU indices of the replica's mask, or 'cpu'. */
  devices: readonly number[] | 'cpu';
  tensorSplit: readonly number[] | null;
  host: string;
}

/** Executables used when launch.binary is unset (llama.cpp's comes from the build cache). */
export const DEFAULT_ENGINE_BINARIES: Record<Exclude<Engine, 'llamacpp'>, string> = {
  vllm: 'vllm',
  tgi: 'text-generation-launcher',
  triton: 'tritonserver',
};

/** Ports each engine needs: Triton serves HTTP, gRPC and metrics on separate ports. */
export function portCount(engine: Engine): number {
  return engine === 'triton' ? 3 : 1;
}

export function engineArgs(input: RecipeInput, ports: readonly number[]): string[] {
  const [port = 0, second = 0, third = 0] = ports;
  const { launch } = input;
  const gpuCount = input.devices === 'cpu' ? 0 : input.devices.length;
  const extra = launch.extra_args;
  switch (input.engine) {
    case 'llamacpp': {
      const gpu: string[] = [];
      if (input.devices === 'cpu') gpu.push('-ngl', '0');
      else if (launch.gpu_layers !== undefined) gpu.push('-ngl', String(launch.gpu_layers));
      if (input.tensorSplit !== null)
        gpu.push('--split-mode', 'layer', '--tensor-split', input.tensorSplit.join(','));
      return llamaServerArgs({
        modelPath: input.modelPath,
        // llama-server's -c is the total over all slots; the pool's ctx is per slot.
        ctx: input.ctx * launch.parallel,
        host: input.host,
        port,
        parallel: launch.parallel,
        threads: launch.threads ?? 1,
        extraArgs: [...gpu, ...extra],
      });
    }
    case 'vllm':
      return [
        'serve',
        input.modelPath,
        '--host',
        input.host,
        '--port',
        String(port),
        '--served-model-name',
        input.modelRef,
        '--max-model-len',
        String(input.ctx),
        '--max-num-seqs',
        String(launch.parallel),
        '--tensor-parallel-size',
        String(Math.max(1, gpuCount)),
        ...(gpuCount === 0 ? ['--device', 'cpu'] : []),
        ...extra,
      ];
    case 'tgi':
      return [
        '--model-id',
        input.modelPath,
        '--hostname',
        input.host,
        '--port',
        String(port),
        '--max-total-tokens',
        String(input.ctx),
        '--max-input-tokens',
        String(Math.max(1, input.ctx - 1)),
        '--max-concurrent-requests',
        String(launch.parallel),
        ...(gpuCount > 1 ? ['--num-shard', String(gpuCount)] : []),
        ...extra,
      ];
    case 'triton':
      return [
        `--model-repository=${input.modelPath}`,
        `--http-address=${input.host}`,
        `--http-port=${port}`,
        `--grpc-address=${input.host}`,
        `--grpc-port=${second}`,
        `--metrics-port=${third}`,
        '--allow-metrics=true',
        ...extra,
      ];
  }
}

/**
 * The engine's environment: pool-managerd's own minus the API token and the
 * secret_env source variables, ours (Hugging Face downloads off), the operator's
 * launch.env and the resolved launch.secret_env values over it, then the mask
 * (never overridable).
 */
export function engineEnv(
  base: NodeJS.ProcessEnv,
  input: Pick<RecipeInput, 'devices' | 'launch'>,
  secrets: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv {
  // MET-030, OC-007: an engine has no use for llama-orch's API token, nor for the variables its
  // secrets were read from (it gets those values under their own names).
  const inherited = { ...base };
  delete inherited[API_TOKEN_ENV];
  for (const source of Object.values(input.launch.secret_env)) {
    if ('env' in source) delete inherited[source.env];
  }
  return {
    ...inherited,
    // OC-025: Hugging Face libraries (vLLM, TGI) fetch a model id they cannot find on disk;
    // offline unless the operator says otherwise in launch.env.
    HF_HUB_OFFLINE: '1',
    TRANSFORMERS_OFFLINE: '1',
    ...input.launch.env,
    ...secrets,
    // PCI bus order makes config indices, nvidia-smi indices and CUDA indices name the same cards.
    CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
    // Empty = no GPU visible: a CPU replica can never touch a card by accident.
    CUDA_VISIBLE_DEVICES: input.devices === 'cpu' ? '' : input.devices.join(','),
  };
}
