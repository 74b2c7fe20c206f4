// ORCHD-061, ORCHD-064: what every protocol route shares: run a generation as a
// task and answer with the whole reply or a protocol's SSE, the protocol a request
// speaks (for its error shape), and reading a finished task back as one result.
import type {
  AnthropicMessage,
  OpenAiChatCompletion,
  OpenAiCompletion,
  OpenAiResponse,
} from '@llama-orch/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DataPlane } from '../data-plane.js';
import { claimRequestLine, noteRequestLog } from '../http/request-log.js';
import type { StreamEvent } from '../streaming/stream-events.js';
import { startTask, type Generation, type StartedTask } from './compat-task.js';
import type { Protocol } from './protocol-errors.js';
import { collectTask, relayTask, type StreamEncoder } from './task-relay.js';
import { assemble } from './task-result.js';

/** A whole (non-streamed) reply: one of compat.yaml's reply objects. */
export type WholeReply = OpenAiChatCompletion | OpenAiCompletion | OpenAiResponse | AnthropicMessage;

/** What a protocol route needs to run a task and answer for it. */
export interface CompatDeps {
  readonly plane: DataPlane;
  readonly heartbeatMs: number;
  /** Runs the generation as a task and answers with `whole` (JSON) or the `encoder`'s SSE. */
  run(
    request: FastifyRequest,
    reply: FastifyReply,
    generation: Generation,
    answer: {
      stream: boolean;
      whole: (task: StartedTask, events: StreamEvent[]) => WholeReply;
      encoder: (task: StartedTask) => StreamEncoder;
    },
  ): Promise<FastifyReply | undefined>;
}

/** Anthropic's SDK sends anthropic-version on every call; its routes live under /v1/messages. */
export function protocolOf(request: FastifyRequest): Protocol {
  const path = request.url.split('?')[0] ?? '';
  if (path.startsWith('/v1/messages')) return 'anthropic';
  if (path === '/v1/models' && request.headers['anthropic-version'] !== undefined) return 'anthropic';
  return 'openai';
}

export function compatDeps(plane: DataPlane, heartbeatMs: number): CompatDeps {
  return {
    plane,
    heartbeatMs,
    async run(request, reply, generation, answer) {
      const task = await startTask(plane, request, generation);
      noteRequestLog(request, { job_id: task.taskId });
      if (answer.stream) {
        const line = claimRequestLine(request, reply);
        reply.hijack();
        const outcome = await relayTask(plane, task, reply.raw, answer.encoder(task), heartbeatMs);
        line({ outcome, events: task.transcript.size });
        return undefined;
      }
      const events = await collectTask(plane, task, reply.raw);
      // The client left before the reply: no response will finish, so the line is written here.
      if (reply.raw.destroyed) {
        claimRequestLine(request, reply)({ outcome: 'client-closed' });
        return undefined;
      }
      return reply.headers(task.headers).send(answer.whole(task, events));
    },
  };
}

/** Registers more protocol routes (Anthropic Messages, Responses) beside the OpenAI ones. */
export type CompatRouteGroup = (app: FastifyInstance, deps: CompatDeps) => void;

export function assembleFor(task: StartedTask, events: readonly StreamEvent[]): ReturnType<typeof assemble> {
  return assemble(task.taskId, events, task.promptTokens);
}
