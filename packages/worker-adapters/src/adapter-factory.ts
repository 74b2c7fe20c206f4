// WA-001, POOL-045: the one place that maps an engine family to the adapter
// that speaks its protocol, beside the port it implements. pool-managerd uses
// it for the boot self-test and orchestratord for the data plane, so neither
// daemon needs the other to build an adapter.
import type { Engine } from '@llama-orch/contracts';
import { createLlamaCppAdapter } from './llamacpp-http/adapter.js';
import type { EngineAdapter } from './port.js';
import type { AdapterTimeouts } from './shared/http.js';
import { createTgiAdapter } from './tgi-http/adapter.js';
import { createTritonAdapter } from './triton/adapter.js';
import { createVllmAdapter } from './vllm-http/adapter.js';

export interface AdapterInput {
  engine: Engine;
  endpoint: string;
  modelRef: string;
  modelDigest: string | null;
  slots: number;
  ctx: number;
  engineVersion?: string | undefined;
  /** Triton's metrics live on their own port. */
  metricsEndpoint?: string | undefined;
  /** KV-cache bytes per token of context from the GGUF header (llama.cpp); the engine cannot say. */
  kvBytesPerToken?: number | null | undefined;
  /** Stream deadlines: the pool's `timeouts`, or null where the caller runs the watchdog. */
  timeouts?: Partial<AdapterTimeouts> | undefined;
}

/** The worker adapter that speaks this engine's protocol at `endpoint`. */
export function adapterFor(input: AdapterInput): EngineAdapter {
  const digest = input.modelDigest;
  const timeouts = input.timeouts === undefined ? {} : { timeouts: input.timeouts };
  switch (input.engine) {
    case 'llamacpp':
      return createLlamaCppAdapter({
        ...timeouts,
        endpoint: input.endpoint,
        modelDigest: digest,
        ...(input.engineVersion !== undefined && { engineVersion: input.engineVersion }),
        ...(input.kvBytesPerToken != null && { kvBytesPerToken: input.kvBytesPerToken }),
      });
    case 'vllm':
      return createVllmAdapter({
        ...timeouts,
        endpoint: input.endpoint,
        model: input.modelRef,
        slots: input.slots,
        modelDigest: digest,
      });
    case 'tgi':
      return createTgiAdapter({ ...timeouts, endpoint: input.endpoint, modelDigest: digest });
    case 'triton':
      return createTritonAdapter({
        ...timeouts,
        endpoint: input.endpoint,
        // The model requests go to: the pool's model ref names the Triton model (e.g. `ensemble`).
        model: input.modelRef,
        ctxMax: input.ctx,
        modelDigest: digest,
        ...(input.metricsEndpoint !== undefined && { metricsEndpoint: input.metricsEndpoint }),
      });
  }
}
