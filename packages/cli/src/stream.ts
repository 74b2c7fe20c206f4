// CLI-012, CLI-013: following a task's event stream. The typed client opens
// the stream, eventsource-parser splits it into events, and this module only
// decodes each event into the contract's SseEvent union, skips frames it has
// already seen, and resumes with Last-Event-ID when the connection drops
// before the terminal frame, so every token reaches the user once, in order.
import type { SseEndEvent, SseErrorEvent, SseEvent } from '@llama-orch/contracts';
import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';
import { asEnvelope, isAbort, send, type Api } from './api.js';
import { CliError, EXIT } from './errors.js';

export type StreamOutcome = { type: 'end'; frame: SseEndEvent } | { type: 'error'; frame: SseErrorEvent };

export interface ResumePolicy {
  /** Reconnects in a row that deliver no new frame before giving up. */
  maxAttempts: number;
  baseDelayMs: number;
}

export const DEFAULT_RESUME_POLICY: ResumePolicy = { maxAttempts: 5, baseDelayMs: 250 };

export interface FollowStreamOptions {
  api: Api;
  taskId: string;
  /** Hard stop: closes the connection at once (second Ctrl-C, or the cancel wait ran out). */
  signal: AbortSignal;
  onFrame: (frame: SseEvent) => void;
  /** Called once, with the first response: budget and correlation headers come once per stream. */
  onOpen?: (response: Response) => void;
  notify: (line: string) => void;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  resume?: ResumePolicy;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Decodes one wire event into the contract union; unknown event names are ignored (additive protocol). */
export function decodeFrame(message: EventSourceMessage): SseEvent | undefined {
  const id = message.id ?? '';
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    throw protocolError(`event ${message.event ?? 'message'} ${id} carries data that is not JSON`);
  }
  if (!isObject(data))
    throw protocolError(`event ${message.event ?? 'message'} ${id} carries no JSON object`);
  switch (message.event) {
    case 'started':
      if (typeof data['queue_position'] !== 'number')
        throw protocolError('started frame lacks queue_position');
      return { event: 'started', id, data: data as { queue_position: number; predicted_start_ms: number } };
    case 'token':
      if (typeof data['t'] !== 'string' || typeof data['i'] !== 'number')
        throw protocolError('token frame lacks t or i');
      return { event: 'token', id, data: { t: data['t'], i: data['i'] } };
    case 'metrics':
      return { event: 'metrics', id, data };
    case 'end':
      if (typeof data['tokens_out'] !== 'number') throw protocolError('end frame lacks tokens_out');
      return { event: 'end', id, data: data as SseEndEvent['data'] };
    case 'error': {
      const envelope = asEnvelope(data);
      if (envelope === undefined) throw protocolError('error frame is not an error envelope');
      return { event: 'error', id, data: envelope };
    }
    default:
      return undefined;
  }
}

function protocolError(message: string): CliError {
  return new CliError('PROTOCOL', `malformed task stream: ${message}`, {
    exitStatus: EXIT.failure,
    context: {
      hint: 'check that --endpoint points at orchestratord and that client and server versions match',
    },
  });
}

async function readOnce(
  options: FollowStreamOptions,
  lastId: number | undefined,
  seen: { frames: number; lastId: number | undefined; opened: boolean },
): Promise<StreamOutcome | undefined> {
  const { api, taskId, signal } = options;
  const header = lastId === undefined ? {} : { 'Last-Event-ID': String(lastId) };
  const { data: body, response } = await send(api, () =>
    api.data.GET('/v1/tasks/{id}/stream', {
      params: { path: { id: taskId }, header },
      headers: { accept: 'text/event-stream' },
      parseAs: 'stream',
      signal,
    }),
  );
  if (!seen.opened) {
    seen.opened = true;
    options.onOpen?.(response);
  }
  if (body === undefined || body === null) return undefined;
  const events = (body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream());
  for await (const message of events) {
    const frame = decodeFrame(message);
    if (frame === undefined) continue;
    const id = /^\d+$/.test(frame.id) ? Number(frame.id) : undefined;
    if (id !== undefined && seen.lastId !== undefined && id <= seen.lastId) continue;
    if (id !== undefined) seen.lastId = id;
    seen.frames += 1;
    options.onFrame(frame);
    if (frame.event === 'end') return { type: 'end', frame };
    if (frame.event === 'error') return { type: 'error', frame };
  }
  return undefined;
}

export async function followStream(options: FollowStreamOptions): Promise<StreamOutcome> {
  const policy = options.resume ?? DEFAULT_RESUME_POLICY;
  const seen = { frames: 0, lastId: undefined as number | undefined, opened: false };
  let failures = 0;
  for (;;) {
    const before = seen.frames;
    let dropped: unknown;
    try {
      const outcome = await readOnce(options, seen.lastId, seen);
      if (outcome !== undefined) return outcome;
    } catch (error) {
      // A server answer (404, 401...) is final; only a broken connection is worth resuming.
      if (options.signal.aborted || isAbort(error) || (error instanceof CliError && error.code !== 'NETWORK'))
        throw error;
      dropped = error;
    }
    failures = seen.frames > before ? 1 : failures + 1;
    if (failures > policy.maxAttempts) {
      throw new CliError(
        'STREAM_LOST',
        `the stream of task ${options.taskId} dropped ${failures} times in a row`,
        {
          exitStatus: EXIT.failure,
          cause: dropped,
          context: {
            taskId: options.taskId,
            correlationId: options.api.correlationId,
            hint: `the task may still be running: follow it with \`llorch stream ${options.taskId}\` or stop it with \`llorch cancel ${options.taskId}\``,
          },
        },
      );
    }
    const delay = policy.baseDelayMs * 2 ** (failures - 1);
    const from = seen.lastId === undefined ? 'the start' : `frame ${seen.lastId}`;
    options.notify(
      `stream dropped; resuming after ${from} in ${delay} ms (attempt ${failures} of ${policy.maxAttempts})`,
    );
    await options.sleep(delay, options.signal);
  }
}
