// OC-003, POOL-024: the typed reader of pool-managerd's event stream
// (GET /v1/events in pool.yaml). Every frame is validated against the
// contract's PoolEvent shape before a caller sees it, so a consumer never
// casts JSON: a frame that breaks the contract ends the stream with an error
// naming it. Comment lines (heartbeats) are skipped by the SSE parser.
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { z } from 'zod';
import type { components } from './generated/pool.js';
import { REPLICA_STATES } from './generated/value-lists.js';

type PoolEvent = components['schemas']['PoolEvent'];
type ReplicaStateChange = components['schemas']['ReplicaStateChange'];

const replicaState = z.enum(REPLICA_STATES);
const replicaStateChange = z.object({
  type: z.literal('replica_state'),
  replica_id: z.string().min(1),
  pool_id: z.string().min(1),
  from: replicaState,
  to: replicaState,
  at_ms: z.number().int().min(0),
  reason: z.string().optional(),
}) satisfies z.ZodType<ReplicaStateChange>;

export type PoolEventStreamErrorCode = 'REFUSED' | 'NOT_AN_EVENT_STREAM' | 'INVALID_FRAME';

/** The event stream could not be read as the contract describes. */
export class PoolEventStreamError extends Error {
  override readonly name = 'PoolEventStreamError';
  constructor(
    readonly code: PoolEventStreamErrorCode,
    message: string,
    /** The HTTP status, for REFUSED (401/403: the token is not pool-managerd's). */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface FollowEventsOptions {
  /** Ends the stream (the iteration simply finishes). */
  signal: AbortSignal;
  /**
   * Runs once the stream is accepted, before any frame is read: the place to
   * read GET /v1/replicas, so no change falls between that read and the stream.
   */
  onOpen?: () => Promise<void> | void;
}

export interface EventStreamSource {
  baseUrl: string;
  headers: Record<string, string>;
  fetch?: typeof fetch;
}

function parseFrame(id: string | undefined, event: string | undefined, data: string): PoolEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new PoolEventStreamError('INVALID_FRAME', `pool event frame ${id ?? '?'} is not JSON`);
  }
  const parsed = replicaStateChange.safeParse(json);
  if (event !== 'replica_state' || id === undefined || !/^[0-9]+$/.test(id) || !parsed.success) {
    const why = parsed.success
      ? `event ${event ?? '(none)'} / id ${id ?? '(none)'}`
      : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PoolEventStreamError(
      'INVALID_FRAME',
      `pool event frame ${id ?? '?'} breaks the contract (${why})`,
    );
  }
  return { event: 'replica_state', id, data: parsed.data };
}

/** Reads GET /v1/events until the signal aborts or the server ends the stream. */
export async function* followPoolEvents(
  source: EventStreamSource,
  options: FollowEventsOptions,
): AsyncGenerator<PoolEvent, void, undefined> {
  const { signal } = options;
  if (signal.aborted) return;
  const url = `${source.baseUrl.replace(/\/+$/, '')}/v1/events`;
  let response: Response;
  try {
    response = await (source.fetch ?? fetch)(url, {
      headers: { ...source.headers, accept: 'text/event-stream' },
      signal,
    });
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new PoolEventStreamError('REFUSED', `GET ${url} answered ${response.status}`, response.status);
  }
  const type = response.headers.get('content-type') ?? '';
  if (response.body === null || !type.startsWith('text/event-stream')) {
    await response.body?.cancel().catch(() => undefined);
    throw new PoolEventStreamError('NOT_AN_EVENT_STREAM', `GET ${url} answered ${type || 'no body'}`);
  }
  await options.onOpen?.();
  const frames = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream());
  try {
    for await (const message of frames) yield parseFrame(message.id, message.event, message.data);
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}
