// ORCHD task endpoints (ORCHD-004, ORCHD-016, ORCHD-022, ORCHD-023, MET-029): admission, the SSE
// stream and cancel. Handlers only translate HTTP to data-plane calls; the stream is
// written by the SSE relay straight from the task's transcript. What a handler knows about
// the task (its id, how its stream ended) goes on the request's one log line.
import type { FastifyPluginAsync } from 'fastify';
import { invalidParams } from '../errors.js';
import { clientOf } from '../clients/client-identity.js';
import type { DataPlane } from '../data-plane.js';
import { CORRELATION_HEADER } from '../http/correlation-plugin.js';
import { claimRequestLine, noteRequestLog } from '../http/request-log.js';
import { SSE_HEADERS, streamTranscript } from '../streaming/sse-writer.js';
import { formatSseEvent } from '../streaming/stream-events.js';
import { unknownTask } from '../tasks/task-control.js';

export interface TaskRoutesOptions {
  dataPlane: DataPlane;
  heartbeatMs: number;
}

interface TaskParams {
  id: string;
}

const LAST_EVENT_ID = /^[0-9]{1,15}$/;

/** The task id on every response that runs a task, so `llorch cancel`/`stream` can name it. */
export const TASK_ID_HEADER = 'x-llorch-task-id';

/** True when the client asked for the stream itself (Accept lists text/event-stream). */
export function wantsStream(accept: string | undefined): boolean {
  return accept !== undefined && /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(accept);
}

export const taskRoutes: FastifyPluginAsync<TaskRoutesOptions> = async (app, options) => {
  const plane = options.dataPlane;

  app.post('/v1/tasks', async (request, reply) => {
    const outcome = await plane.admit(request.body, {
      correlationId: request.id,
      log: request.log,
      client: clientOf(request),
    });
    const taskId = outcome.admission.task_id;
    const transcript = wantsStream(request.headers.accept) ? plane.transcript(taskId) : undefined;
    noteRequestLog(request, { job_id: taskId });
    if (transcript === undefined) return reply.code(202).headers(outcome.headers).send(outcome.admission);
    // One round trip: the task's stream is the response to its submission (the frames of GET …/stream).
    const line = claimRequestLine(request, reply);
    reply.hijack();
    const streaming = streamTranscript(reply.raw, transcript, {
      from: 0,
      heartbeatMs: options.heartbeatMs,
      headers: { [CORRELATION_HEADER]: request.id, [TASK_ID_HEADER]: taskId, ...outcome.headers },
    });
    plane.trackStream(streaming);
    const closed = await streaming;
    // The stream is this request's answer: a client that hangs up before the end no longer wants it.
    if (closed === 'client-closed' && transcript.terminal === undefined) plane.cancel(taskId);
    line({ outcome: closed, events: transcript.size });
  });

  app.get<{ Params: TaskParams }>('/v1/tasks/:id/stream', async (request, reply) => {
    // ORCHD-098: another client's task is answered as one that does not exist.
    if (plane.foreignTask(request.params.id, clientOf(request))) throw unknownTask(request.params.id);
    const transcript = plane.transcript(request.params.id);
    if (transcript === undefined && plane.forgotten(request.params.id)) {
      // ORCHD-008: say the resume point is gone rather than silently skipping frames.
      const expired = formatSseEvent(null, {
        type: 'error',
        data: {
          code: 'INVALID_PARAMS',
          message: `the transcript of task ${request.params.id} is no longer retained; the resume point expired, resubmit the task`,
          retriable: false,
        },
      });
      return reply.code(200).headers(SSE_HEADERS).send(expired);
    }
    if (transcript === undefined) throw unknownTask(request.params.id);
    const lastEventId = request.headers['last-event-id'];
    let from = 0;
    if (typeof lastEventId === 'string' && lastEventId !== '') {
      if (!LAST_EVENT_ID.test(lastEventId)) {
        throw invalidParams('Last-Event-ID must be the decimal id of a frame this stream sent');
      }
      from = Number(lastEventId) + 1;
    }
    const line = claimRequestLine(request, reply);
    reply.hijack();
    const streaming = streamTranscript(reply.raw, transcript, {
      from,
      heartbeatMs: options.heartbeatMs,
      headers: { [CORRELATION_HEADER]: request.id, ...plane.streamHeaders(request.params.id) },
    });
    plane.trackStream(streaming);
    const outcome = await streaming;
    line({ job_id: transcript.taskId, from, outcome, events: transcript.size });
  });

  // Cancel takes no body; whatever a client sends with it (even an empty JSON body) is ignored.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.post<{ Params: TaskParams }>('/v1/tasks/:id/cancel', async (request, reply) => {
      if (plane.foreignTask(request.params.id, clientOf(request))) throw unknownTask(request.params.id);
      plane.cancel(request.params.id);
      noteRequestLog(request, { job_id: request.params.id });
      return reply.code(204).send();
    });
  });
};
