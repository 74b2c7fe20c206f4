// ORCHD request log (MET-028, MET-029, ORCHD-050): one info line per HTTP request, written when
// its response ends, in place of Fastify's "incoming request" and "request completed" pair. At
// info every line is a write on the request's path, and a streamed task used to pay for four of
// them before its first token. Routes add what they know to the line (the task id, a stream's
// outcome, a refusal's code) instead of writing lines of their own. A route that answers on the
// raw socket (an SSE stream) or may never answer (the client left) claims the line and writes it
// when it is done: a response the client abandoned never finishes, so Fastify never reports it.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** What a route adds to its request's line; names as MET-028 declares them. */
export interface RequestLogFields {
  job_id?: string;
  /** A stream's end: `completed`, or `client-closed` when the client hung up first. */
  outcome?: string;
  /** Frames in the task's transcript when the stream closed, and the resume point it started at. */
  events?: number;
  from?: number;
  /** A refusal's error code and message (OC-011). */
  code?: string;
  reason?: string;
}

interface Noted {
  fields: RequestLogFields;
  msg: string;
  /** A route writes this request's line itself. */
  claimed: boolean;
}

const noted = new WeakMap<FastifyRequest, Noted>();

function notesOf(request: FastifyRequest): Noted {
  let notes = noted.get(request);
  if (notes === undefined) {
    notes = { fields: {}, msg: 'request completed', claimed: false };
    noted.set(request, notes);
  }
  return notes;
}

/** Adds `fields` to the request's line; `msg` renames it (a typed refusal is "request rejected"). */
export function noteRequestLog(request: FastifyRequest, fields: RequestLogFields, msg?: string): void {
  const notes = notesOf(request);
  Object.assign(notes.fields, fields);
  if (msg !== undefined) notes.msg = msg;
}

function writeLine(
  request: FastifyRequest,
  status: number,
  durationMs: number,
  fields?: RequestLogFields,
): void {
  const notes = noted.get(request);
  request.log.info(
    {
      method: request.method,
      url: request.url,
      status,
      duration_ms: Math.round(durationMs * 10) / 10,
      remote_address: request.ip,
      ...notes?.fields,
      ...fields,
    },
    notes?.msg ?? 'request completed',
  );
}

/**
 * The route writes this request's line: call the returned function once, when the response is
 * over (a stream closed, or the client left before an answer). Fastify's finish writes nothing.
 */
export function claimRequestLine(
  request: FastifyRequest,
  reply: FastifyReply,
): (fields: RequestLogFields) => void {
  notesOf(request).claimed = true;
  return (fields) => writeLine(request, reply.raw.statusCode, reply.elapsedTime, fields);
}

/**
 * Fastify's request logging, reduced to the one line above. Its other lines (a failed write, a
 * serializer error, a response that errored) are kept.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error !== null && error !== undefined) super.requestCompleted(error, request, reply);
    else if (noted.get(request)?.claimed !== true) writeLine(request, reply.statusCode, reply.elapsedTime);
  }
}
