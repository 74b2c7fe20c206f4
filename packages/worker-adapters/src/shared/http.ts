// WA-008, WA-009, WA-012: the HTTP edge every adapter shares. Short calls get
// a hard deadline; streamed calls get a first-token and an inter-token
// watchdog (DECODE_TIMEOUT) unless the caller runs its own; the caller's AbortSignal closes the socket so the
// engine sees the disconnect and frees its slot, and the caller sees exactly
// `signal.reason`.
import { text as bodyText } from 'node:stream/consumers';
import { request } from 'undici';
import { AdapterError } from '../errors.js';
import type { EngineKind } from '../port.js';
import { statusError, engineErrorMessage, transportError } from './error-mapping.js';
import type { FailurePhase } from './error-mapping.js';
import { postOnOwnConnection, type SpareConnections } from './own-connection.js';
import { parseSse } from './sse.js';
import type { SseEvent } from './sse.js';

export interface AdapterTimeouts {
  /** Deadline for a whole non-streaming call (health, props, tokenize, metrics). */
  requestMs: number;
  /**
   * From sending a completion until its first stream event (includes prompt processing).
   * null: no deadline here, because the caller runs its own watchdog over the stream (the
   * daemon does, from the pool's `timeouts`); two timers for one fault would race.
   */
  firstTokenMs: number | null;
  /** Longest silence allowed between two stream events once streaming; null as for firstTokenMs. */
  idleMs: number | null;
}

export const DEFAULT_TIMEOUTS: Readonly<AdapterTimeouts> = Object.freeze({
  requestMs: 5_000,
  firstTokenMs: 120_000,
  // llama.cpp pings every 30 s during long silences; anything quieter than this is wedged.
  idleMs: 60_000,
});

export function resolveTimeouts(partial?: Partial<AdapterTimeouts>): AdapterTimeouts {
  return { ...DEFAULT_TIMEOUTS, ...partial };
}

export interface HttpCallOptions {
  engine: EngineKind;
  method?: 'GET' | 'POST';
  /** Serialised as JSON when present. */
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface HttpResult {
  status: number;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Throws the caller's abort reason when the caller cancelled, else the mapped failure. */
function rethrow(err: unknown, signal: AbortSignal | undefined, mapped: () => unknown): never {
  if (signal?.aborted) throw signal.reason;
  if (err instanceof AdapterError) throw err;
  throw mapped();
}

/**
 * One short request. Never throws for an HTTP status (the caller decides what
 * 503 means); throws POOL_UNAVAILABLE when the engine is unreachable or silent.
 */
export async function httpCall(url: string, options: HttpCallOptions): Promise<HttpResult> {
  const { engine, signal } = options;
  if (signal?.aborted) throw signal.reason;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  try {
    const res = await request(url, {
      method: options.method ?? 'GET',
      signal: combined,
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, text, json: parseJson(text) };
  } catch (err) {
    return rethrow(err, signal, () =>
      timeout.aborted
        ? new AdapterError(
            'POOL_UNAVAILABLE',
            `${engine} at ${url} did not answer within ${options.timeoutMs} ms; the engine is wedged ` +
              'or overloaded, check its process',
            { engine, cause: err },
          )
        : transportError(err, engine, url, 'connect'),
    );
  }
}

/** Throws the mapped AdapterError unless the call returned 2xx. */
export function ensureOk(result: HttpResult, engine: EngineKind, url: string): HttpResult {
  if (result.status >= 200 && result.status < 300) return result;
  throw statusError(result.status, engineErrorMessage(result.json ?? result.text), engine, url);
}

export interface StreamSseOptions {
  engine: EngineKind;
  url: string;
  body: unknown;
  signal?: AbortSignal;
  timeouts: AdapterTimeouts;
  /**
   * Send the request on a connection that is closed after it, never on a pooled one, taking
   * these spares when one is ready: for an engine that hangs up after each streamed reply, a
   * reused connection races that close (WA-023, WA-024).
   */
  ownConnection?: SpareConnections;
}

interface StreamResponse {
  statusCode: number;
  body: AsyncIterable<Uint8Array>;
  /** The whole body as text (an error reply). */
  text(): Promise<string>;
}

async function post(options: StreamSseOptions, signal: AbortSignal): Promise<StreamResponse> {
  const body = JSON.stringify(options.body);
  if (options.ownConnection !== undefined) {
    const res = await postOnOwnConnection(new URL(options.url), body, signal, options.ownConnection);
    return { statusCode: res.statusCode, body: res.body, text: () => bodyText(res.body) };
  }
  const res = await request(options.url, {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  return { statusCode: res.statusCode, body: res.body, text: () => res.body.text() };
}

/**
 * POSTs a JSON body and yields the SSE events of the reply. The watchdog only
 * runs while waiting on the engine, never while the consumer holds an event.
 */
export async function* streamSse(options: StreamSseOptions): AsyncGenerator<SseEvent> {
  const { engine, url, signal, timeouts } = options;
  if (signal?.aborted) throw signal.reason;
  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });
  let silentFor: number | undefined;
  let sawEvent = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number | null): void => {
    clearTimeout(timer);
    if (ms === null) return;
    timer = setTimeout(() => {
      silentFor = ms;
      controller.abort(new Error(`engine silent for ${ms} ms`));
    }, ms);
  };
  let phase: FailurePhase = 'connect';
  let events: AsyncGenerator<SseEvent> | undefined;
  let suspended = false;
  /** The body ended: its connection is back in the pool or closed as agreed; nothing to cut. */
  let ended = false;
  try {
    arm(timeouts.firstTokenMs);
    const res = await post(options, controller.signal);
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const reply = await res.text();
      throw statusError(res.statusCode, engineErrorMessage(parseJson(reply) ?? reply), engine, url);
    }
    phase = 'stream';
    // Iterated by hand: a `for await` would destroy the body (and the pooled
    // connection) whenever the caller stops after its final event.
    events = parseSse(res.body);
    for (;;) {
      const next = await events.next();
      if (next.done === true) break;
      clearTimeout(timer);
      sawEvent = true;
      // Events parsed before the abort may still sit in the buffer; none may surface (WA-009).
      if (signal?.aborted) throw signal.reason;
      suspended = true;
      yield next.value;
      suspended = false;
      arm(timeouts.idleMs);
    }
    events = undefined;
    ended = true;
  } catch (err) {
    rethrow(err, signal, () =>
      silentFor !== undefined
        ? new AdapterError(
            'DECODE_TIMEOUT',
            `${engine} at ${url} sent nothing for ${silentFor} ms (${sawEvent ? 'between tokens' : 'before the first token'}); ` +
              'the engine is wedged, the request was abandoned and its connection closed',
            { engine, cause: err },
          )
        : transportError(err, engine, url, phase),
    );
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
    if (suspended && events !== undefined && !signal?.aborted) {
      // The caller stopped after an event without cancelling (its final one):
      // read the rest so the response ends and its connection is reused.
      drainThenClose(events, controller);
    } else if (!ended) {
      // Closing the socket is how every engine learns the client is gone (WA-009).
      controller.abort(new Error('stream closed by adapter'));
    }
  }
}

/** Reads what is left of a finished stream; an engine that keeps talking is cut off. */
function drainThenClose(events: AsyncGenerator<SseEvent>, controller: AbortController): void {
  const cutOff = setTimeout(() => controller.abort(new Error('stream closed by adapter')), DRAIN_LIMIT_MS);
  void (async () => {
    let left = DRAIN_LIMIT_EVENTS;
    while (left > 0 && (await events.next()).done !== true) left -= 1;
    if (left === 0) controller.abort(new Error('stream closed by adapter'));
  })()
    .catch(() => undefined)
    .finally(() => clearTimeout(cutOff));
}

const DRAIN_LIMIT_MS = 1_000;
const DRAIN_LIMIT_EVENTS = 8;
