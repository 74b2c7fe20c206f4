// WA-013: simulator configuration: one typed option bag, one CLI table, one fault grammar.
// Why: tests drive every simulator behaviour (pace, loading, faults, tool calls) through
// configuration at start, never through magic request values.
import type { Engine } from '@llama-orch/contracts';
import type { SimModel } from './generator.js';

/** One simulator per engine family of the wire. */
export type SimProtocol = Engine;

/** Faults are fixed at start and apply to every generation request. */
export type SimFault =
  /** Process exits (code 1) right after sending N tokens: a crashed engine mid-stream. */
  | { type: 'exit-after'; tokens: number }
  /** Stops sending after N tokens but keeps the socket open: a wedged engine. */
  | { type: 'hang-after'; tokens: number }
  /** Sends the engine's own in-stream error event after N tokens (HTTP status stays 200). */
  | { type: 'error-after'; tokens: number }
  /** Answers generation requests with HTTP 500 in the engine's error shape, before any stream. */
  | { type: 'http-500' }
  /** Prints a CUDA out-of-memory line on stderr and exits (code 1) while loading the model. */
  | { type: 'oom-at-load' }
  /**
   * After N tokens: prints CUDA out-of-memory lines on stderr, reports the OOM to the client
   * in the engine's error format (in-stream, or the JSON error body when not streaming),
   * then exits (code 1).
   */
  | { type: 'oom-after'; tokens: number }
  /** Waits MS before the first token of each request (a slow prefill). */
  | { type: 'slow-start'; ms: number }
  /** llama.cpp: waits MS before answering /props (an engine slow to describe itself on a busy host). */
  | { type: 'slow-props'; ms: number };

/** A call the simulated model makes when a chat request offers its tool (configuration, never a prompt). */
export interface SimToolCall {
  name: string;
  /** The arguments as JSON text, streamed in pieces. */
  arguments: string;
}

export interface SimulatorOptions {
  protocol: SimProtocol;
  host: string;
  /** 0 picks a free port. */
  port: number;
  model: SimModel;
  /** The name clients must use (vLLM served name, TGI model_id, Triton model, llama.cpp alias). */
  modelName: string;
  engineVersion: string;
  tokenDelayMs: number;
  loadingMs: number;
  /** Requests decoded at once; the rest wait (llama.cpp deferred, vLLM waiting, TGI queue). */
  slots: number;
  /** Context per slot. */
  ctx: number;
  faults: readonly SimFault[];
  /** Triton only: the ensemble's seed input name (`random_seed` before 2025-05, `seed` after). */
  tritonSeedInput: 'seed' | 'random_seed';
  /** vLLM only: publish the deprecated `vllm:gpu_cache_usage_perc` instead of `kv_cache_usage_perc`. */
  vllmLegacyKvMetric: boolean;
  /** Chat engines: the calls the model makes when a request offers their tools (tool_choice respected). */
  toolCalls: readonly SimToolCall[];
  /**
   * Serve /metrics only on this port (and not on `port`), as Triton does with --metrics-port;
   * null serves it on `port`.
   */
  metricsPort: number | null;
}

const DEFAULT_NAMES: Record<SimProtocol, (model: SimModel) => string> = {
  llamacpp: (model) => `${model}.gguf`,
  vllm: (model) => model,
  tgi: (model) => `sim/${model}`,
  triton: () => 'ensemble',
};

const DEFAULT_VERSIONS: Record<SimProtocol, string> = {
  llamacpp: 'b1-5e1a0c0',
  vllm: '0.11.0+sim',
  tgi: '3.3.6-sim',
  triton: '2.60.0',
};

export function resolveOptions(
  partial: Partial<SimulatorOptions> & { protocol: SimProtocol },
): SimulatorOptions {
  const model = partial.model ?? 'golden';
  return {
    protocol: partial.protocol,
    host: partial.host ?? '127.0.0.1',
    port: partial.port ?? 0,
    model,
    modelName: partial.modelName ?? DEFAULT_NAMES[partial.protocol](model),
    engineVersion: partial.engineVersion ?? DEFAULT_VERSIONS[partial.protocol],
    tokenDelayMs: partial.tokenDelayMs ?? 0,
    loadingMs: partial.loadingMs ?? 0,
    slots: partial.slots ?? 1,
    ctx: partial.ctx ?? 2048,
    faults: partial.faults ?? [],
    tritonSeedInput: partial.tritonSeedInput ?? 'seed',
    vllmLegacyKvMetric: partial.vllmLegacyKvMetric ?? false,
    toolCalls: partial.toolCalls ?? [],
    metricsPort: partial.metricsPort ?? null,
  };
}

/** Parses `NAME=JSON`, e.g. `get_weather={"city":"Paris"}`; the JSON must be an object. */
export function parseToolCall(spec: string): SimToolCall {
  const at = spec.indexOf('=');
  const name = at > 0 ? spec.slice(0, at) : '';
  const args = at > 0 ? spec.slice(at + 1) : '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    parsed = undefined;
  }
  if (name === '' || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`tool call "${spec}" must be NAME={json object}, e.g. get_weather={"city":"Paris"}`);
  }
  return { name, arguments: args };
}

export const formatToolCall = (call: SimToolCall): string => `${call.name}=${call.arguments}`;

function count(raw: string | undefined, what: string): number {
  const value = Number(raw);
  if (raw === undefined || raw === '' || !Number.isInteger(value) || value < 0) {
    throw new Error(`fault ${what} needs a non-negative integer after ':' (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** Parses `exit-after:5`, `hang-after:3`, `error-after:2`, `http-500`, `oom-at-load`, `oom-after:4`, `slow-start:800`, `slow-props:800`. */
export function parseFault(spec: string): SimFault {
  const [name, arg] = spec.split(':', 2);
  switch (name) {
    case 'exit-after':
    case 'hang-after':
    case 'error-after':
    case 'oom-after':
      return { type: name, tokens: count(arg, name) };
    case 'slow-start':
    case 'slow-props':
      return { type: name, ms: count(arg, name) };
    case 'http-500':
    case 'oom-at-load':
      return { type: name };
    default:
      throw new Error(
        `unknown fault "${spec}"; use exit-after:N, hang-after:N, error-after:N, oom-after:N, slow-start:MS, slow-props:MS, http-500 or oom-at-load`,
      );
  }
}

export function formatFault(fault: SimFault): string {
  switch (fault.type) {
    case 'http-500':
    case 'oom-at-load':
      return fault.type;
    case 'slow-start':
    case 'slow-props':
      return `${fault.type}:${fault.ms}`;
    default:
      return `${fault.type}:${fault.tokens}`;
  }
}
