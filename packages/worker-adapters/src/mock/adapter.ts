// WA-014, WA-020: an in-process engine that implements the port with no sockets, so
// orchestratord and BDD tests can drive admission, streaming, cancel and every
// failure path deterministically. It serves chat and infill (workloads.ts renders
// them into one prompt) and makes tool calls it is configured with. Faults and tool
// calls are configuration (constructor or setFaults), never magic prompt values; it
// passes the same conformance suite as the real adapters.
import { AdapterError } from '../errors.js';
import type { CompletionEvent, CompletionRequest, EngineAdapter, EngineHealth, StopReason } from '../port.js';
import { statusError } from '../shared/error-mapping.js';
import { createTokenCounter } from '../shared/token-counter.js';
import { validateRequest } from '../shared/validate-request.js';
import { requireFeatures } from '../shared/workload-features.js';
import { countMockTokens, createTokenSource, DEFAULT_MOCK_VOCABULARY } from './token-source.js';
import { realClock } from './clock.js';
import type { MockClock } from './clock.js';
import { chooseToolCalls, mockPromptOf, renderMockChat, toolCallDeltas } from './workloads.js';
import type { MockToolCall } from './workloads.js';

export type { MockClock } from './clock.js';
export type { MockToolCall } from './workloads.js';

export interface MockFaults {
  /** Nothing listens: health `down`, every call POOL_UNAVAILABLE. */
  refuse?: boolean;
  /** Up but still loading: health `loading`, completions POOL_UNAVAILABLE. */
  loading?: boolean;
  /** Each stream breaks after this many tokens (WORKER_RESET); the engine stays up. */
  failAfterTokens?: number;
  /** The engine goes silent after this many tokens; DECODE_TIMEOUT after idleTimeoutMs. */
  hangAfterTokens?: number;
  /** The engine reports an error inside the stream after this many tokens. */
  errorAfterTokens?: number;
  /** Every completion fails with a VRAM out-of-memory error. */
  vramOom?: boolean;
}

export interface MockAdapterOptions {
  /** Stands in for the model weights: different seeds are different "models". */
  seed?: number;
  tokenDelayMs?: number;
  vocabulary?: readonly string[];
  /** Emit these pieces verbatim, then EOS (a golden model). */
  script?: readonly string[];
  /**
   * Calls the model makes when a chat request offers their tools (tool_choice respected):
   * streamed as tool_call deltas with the arguments in pieces, ending with stop 'tool_calls'.
   */
  toolCalls?: readonly MockToolCall[];
  faults?: MockFaults;
  clock?: MockClock;
  /** Silence allowed between tokens before DECODE_TIMEOUT (only reachable via hangAfterTokens). */
  idleTimeoutMs?: number;
  endpoint?: string;
  engineVersion?: string;
  modelId?: string;
  modelDigest?: string | null;
  ctxMax?: number;
  slotsTotal?: number;
  /** KV-cache bytes per token of context the "model" reports; absent = unknown. */
  kvBytesPerToken?: number;
}

export interface MockStats {
  generatedTokensTotal: number;
  requestsTotal: number;
  inFlight: number;
}

export interface MockAdapter extends EngineAdapter {
  /** Kills the "engine": in-flight streams throw WORKER_RESET; calls are refused until restart(). */
  crash(): void;
  restart(): void;
  setFaults(faults: MockFaults): void;
  stats(): MockStats;
}

export function createMockAdapter(options: MockAdapterOptions = {}): MockAdapter {
  const engine = 'mock' as const;
  const endpoint = options.endpoint ?? 'mock://local';
  const clock = options.clock ?? realClock;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  let faults: MockFaults = { ...options.faults };
  let crash = new AbortController();
  const stats: MockStats = { generatedTokensTotal: 0, requestsTotal: 0, inFlight: 0 };

  const unreachable = () =>
    new AdapterError('POOL_UNAVAILABLE', `mock engine at ${endpoint} is down; restart() it or clear faults`, {
      engine,
    });
  const guard = (signal?: AbortSignal): void => {
    if (signal?.aborted) throw signal.reason;
    if (faults.refuse === true || crash.signal.aborted) throw unreachable();
  };

  /** Throws the staged fault due at `n` generated pieces; waits out a hang first. */
  async function faultAt(n: number, wait: AbortSignal): Promise<void> {
    if (n === faults.failAfterTokens) {
      throw new AdapterError('WORKER_RESET', `mock engine at ${endpoint} reset the stream mid-way`, {
        engine,
      });
    }
    if (n === faults.errorAfterTokens) {
      throw new AdapterError('INTERNAL', `mock engine at ${endpoint} reported an error mid-stream`, {
        engine,
      });
    }
    if (n === faults.hangAfterTokens) {
      await clock.sleep(idleTimeoutMs, wait);
      throw new AdapterError(
        'DECODE_TIMEOUT',
        `mock engine at ${endpoint} sent nothing for ${idleTimeoutMs} ms; it is wedged`,
        { engine },
      );
    }
  }

  async function* complete(request: CompletionRequest): AsyncGenerator<CompletionEvent> {
    const { signal } = request;
    guard(signal);
    validateRequest(request, engine);
    requireFeatures(request, engine);
    if (faults.loading === true) throw statusError(503, 'Loading model', engine, endpoint);
    if (faults.vramOom === true) throw statusError(500, 'CUDA error: out of memory', engine, endpoint);
    const crashSignal = crash.signal;
    const wait = signal === undefined ? crashSignal : AbortSignal.any([signal, crashSignal]);
    const prompt = mockPromptOf(request);
    const next = createTokenSource({
      instanceSeed: options.seed ?? 0,
      prompt,
      seed: request.seed,
      sampler: request.sampler,
      vocabulary: options.vocabulary ?? DEFAULT_MOCK_VOCABULARY,
      ...(options.script === undefined ? {} : { script: options.script }),
    });
    const calls = toolCallDeltas(chooseToolCalls(request.chat, options.toolCalls ?? []), prompt);
    const counter = createTokenCounter();
    const startedAt = clock.now();
    let generated = 0;
    let stop: StopReason = 'eos';
    stats.requestsTotal += 1;
    stats.inFlight += 1;
    try {
      for (;;) {
        await faultAt(generated, wait);
        if (generated >= request.max_tokens) {
          stop = 'limit';
          break;
        }
        await clock.sleep(options.tokenDelayMs ?? 0, wait);
        if (wait.aborted) throw wait.reason;
        // A model that calls tools says nothing else: the calls, then the turn ends.
        const delta = calls[generated];
        const piece = calls.length === 0 ? next() : undefined;
        if (delta === undefined && piece === undefined) {
          stop = calls.length === 0 ? 'eos' : 'tool_calls';
          break;
        }
        generated += 1;
        stats.generatedTokensTotal += 1;
        yield delta === undefined ? counter.token(piece ?? '') : { type: 'tool_call', delta };
        if (wait.aborted) throw wait.reason;
      }
      yield counter.end({
        tokens_in: countMockTokens(prompt),
        completion_tokens: generated,
        decode_ms: clock.now() - startedAt,
        stop_reason: stop,
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (crashSignal.aborted) {
        throw new AdapterError(
          'WORKER_RESET',
          `mock engine at ${endpoint} died mid-stream; retry elsewhere`,
          {
            engine,
            cause: err,
          },
        );
      }
      throw err;
    } finally {
      stats.inFlight -= 1;
    }
  }

  return {
    engine,
    endpoint,
    health(): Promise<EngineHealth> {
      if (faults.refuse === true || crash.signal.aborted) {
        return Promise.resolve({ type: 'down', detail: `mock engine at ${endpoint} is not running` });
      }
      if (faults.loading === true) return Promise.resolve({ type: 'loading', detail: 'Loading model' });
      return Promise.resolve({ type: 'ready' });
    },
    properties(signal) {
      return Promise.resolve().then(() => {
        guard(signal);
        return {
          engine,
          engine_version: options.engineVersion ?? 'mock-1',
          model_digest: options.modelDigest ?? null,
          model_id: options.modelId ?? 'mock-model',
          ctx_max: options.ctxMax ?? 4096,
          slots_total: options.slotsTotal ?? 1,
          ...(options.kvBytesPerToken !== undefined && { kv_bytes_per_token: options.kvBytesPerToken }),
        };
      });
    },
    complete,
    countTokens(text, signal) {
      return Promise.resolve().then(() => {
        guard(signal);
        return countMockTokens(text);
      });
    },
    countChatTokens(chat, signal) {
      return Promise.resolve().then(() => {
        guard(signal);
        return countMockTokens(renderMockChat(chat));
      });
    },
    metrics(signal) {
      return Promise.resolve().then(() => {
        guard(signal);
        return {
          kv_cache_usage_ratio: null,
          requests_running: stats.inFlight,
          requests_waiting: 0,
          tokens_generated_total: stats.generatedTokensTotal,
        };
      });
    },
    crash() {
      crash.abort(new Error('mock crash'));
    },
    restart() {
      if (crash.signal.aborted) crash = new AbortController();
    },
    setFaults(next) {
      faults = { ...next };
    },
    stats() {
      return { ...stats };
    },
  };
}
