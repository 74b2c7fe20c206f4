// WA-004, WA-008, WA-009, WA-012, WA-020: the one streaming loop every HTTP adapter runs.
// Engines differ in where a completion goes and how their events read, not in what a
// stream must guarantee (nothing after a cancel, in-band errors raised, tokens numbered,
// exactly one end, a cut stream is WORKER_RESET), so each engine supplies a small wire
// decoder and this loop keeps the guarantees in one place.
import { AdapterError } from '../errors.js';
import type { CompletionEvent, CompletionRequest, EngineKind, StopReason, ToolCallDelta } from '../port.js';
import { statusError } from './error-mapping.js';
import { streamSse } from './http.js';
import type { AdapterTimeouts } from './http.js';
import type { Json } from './json-readers.js';
import type { SpareConnections } from './own-connection.js';
import type { SseEvent } from './sse.js';
import { createTokenCounter } from './token-counter.js';
import { validateRequest } from './validate-request.js';

/** What one engine event says; every field is optional and several may come together. */
export interface DecodedItem {
  /** Generated text; '' and absent both mean "no token". */
  text?: string;
  toolCalls?: readonly ToolCallDelta[];
  /** Why the engine stopped, once it says so. */
  finish?: StopReason;
  promptTokens?: number;
  completionTokens?: number;
  decodeMs?: number;
  /** An error the engine reported inside the 200 stream, with the HTTP status it maps like. */
  error?: { status: number; message: string };
  /** The engine's terminal event: nothing after it is read. */
  done?: boolean;
}

/** How far a stream got, for the message when it stops short. */
export interface StreamProgress {
  tokens: number;
  finished: boolean;
}

/** One request on the wire: where it goes, what it sends, and how its events read. */
export interface WireCall {
  path: string;
  body: Json;
  /** May throw AdapterError (e.g. an event that is not JSON, an engine-side abort). */
  decode(event: SseEvent): readonly DecodedItem[];
  /** A clean end of body completes the stream (Triton sends no terminal event). */
  endsWithBody?: boolean;
  /** A terminal event without a finish reason means the stream was cut (vLLM always names one). */
  finishRequired?: boolean;
  /** The WORKER_RESET message when the stream ends short. */
  truncated(progress: StreamProgress): string;
}

/** Per engine: the wire call for a request; throws INVALID_PARAMS for workloads it cannot serve. */
export type OpenWire = (request: CompletionRequest) => WireCall | Promise<WireCall>;

export interface CompletionStreamOptions {
  engine: EngineKind;
  url(path: string): string;
  timeouts: AdapterTimeouts;
  open: OpenWire;
  /**
   * The engine hangs up after every streamed reply: each stream gets a connection of its
   * own, one of these spares when ready (WA-023, WA-024).
   */
  hangsUpAfterStreams?: SpareConnections;
}

interface Totals {
  finish: StopReason | undefined;
  promptTokens: number | null;
  completionTokens: number | undefined;
  decodeMs: number | undefined;
  toolCalls: number;
}

/** A stream that carried tool calls and stopped on its own stopped to let them run. */
function stopReason(totals: Totals, tokens: number, maxTokens: number): StopReason {
  const said = totals.finish;
  if (totals.toolCalls > 0 && (said === undefined || said === 'eos')) return 'tool_calls';
  return said ?? (tokens >= maxTokens ? 'limit' : 'eos');
}

export async function* streamCompletion(
  options: CompletionStreamOptions,
  request: CompletionRequest,
): AsyncGenerator<CompletionEvent> {
  const { engine, timeouts } = options;
  const { signal } = request;
  if (signal?.aborted) throw signal.reason;
  validateRequest(request, engine);
  const call = await options.open(request);
  const counter = createTokenCounter();
  const startedAt = performance.now();
  const target = options.url(call.path);
  const totals: Totals = {
    finish: undefined,
    promptTokens: null,
    completionTokens: undefined,
    decodeMs: undefined,
    toolCalls: 0,
  };
  const end = (): CompletionEvent =>
    counter.end({
      tokens_in: totals.promptTokens,
      ...(totals.completionTokens === undefined ? {} : { completion_tokens: totals.completionTokens }),
      decode_ms: totals.decodeMs ?? performance.now() - startedAt,
      stop_reason: stopReason(totals, counter.count, request.max_tokens),
    });

  read: for await (const event of streamSse({
    engine,
    url: target,
    body: call.body,
    signal,
    timeouts,
    ...(options.hangsUpAfterStreams !== undefined && { ownConnection: options.hangsUpAfterStreams }),
  })) {
    for (const item of call.decode(event)) {
      // Nothing may surface after a cancel, not even items already decoded (WA-009).
      if (signal?.aborted) throw signal.reason;
      if (item.error !== undefined) throw statusError(item.error.status, item.error.message, engine, target);
      if (item.text !== undefined && item.text !== '') yield counter.token(item.text);
      for (const delta of item.toolCalls ?? []) {
        if (signal?.aborted) throw signal.reason;
        totals.toolCalls += 1;
        yield { type: 'tool_call', delta };
      }
      if (item.finish !== undefined) totals.finish = item.finish;
      if (item.promptTokens !== undefined) totals.promptTokens = item.promptTokens;
      if (item.completionTokens !== undefined) totals.completionTokens = item.completionTokens;
      if (item.decodeMs !== undefined) totals.decodeMs = item.decodeMs;
      if (item.done === true) {
        if (call.finishRequired === true && totals.finish === undefined) break read;
        if (signal?.aborted) throw signal.reason;
        yield end();
        return;
      }
    }
  }
  if (call.endsWithBody === true) {
    yield end();
    return;
  }
  throw new AdapterError(
    'WORKER_RESET',
    call.truncated({ tokens: counter.count, finished: totals.finish !== undefined }),
    { engine },
  );
}
