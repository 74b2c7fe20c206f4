// ORCHD-061, ORCHD-064: an agents'-endpoint request becomes an ordinary task. It
// is admitted through the same path as POST /v1/tasks (guardrails, bounded
// queues, placement, sessions, budgets, metrics, logs, transcript); only
// max_tokens is clamped to the context instead of refused, and priority and
// session come from the X-Llorch-* headers.
import { createHash, randomUUID } from 'node:crypto';
import type { ChatMessage, ChatTool, ResponseFormat, ToolChoice } from '@llama-orch/worker-adapters';
import { PRIORITIES, type Priority } from '@llama-orch/contracts';
import type { FastifyRequest } from 'fastify';
import { clientOf } from '../clients/client-identity.js';
import { PRIORITY_LOWERED_HEADER } from '../clients/client-policy.js';
import type { DataPlane } from '../data-plane.js';
import { invalidParams } from '../errors.js';
import type { Transcript } from '../streaming/transcript.js';
import { UUID } from '../tasks/task-request.js';
import { resolveModel } from './served-models.js';

export const PRIORITY_HEADER = 'x-llorch-priority';
export const SESSION_HEADER = 'x-llorch-session';

/** What every protocol's request boils down to. */
export interface Generation {
  model: unknown;
  workload: 'chat' | 'completion';
  messages?: ChatMessage[];
  prompt?: string;
  suffix?: string;
  tools?: ChatTool[];
  tool_choice?: ToolChoice;
  response_format?: ResponseFormat;
  stop?: string[];
  /** Undefined: as many as the context leaves. */
  max_tokens?: number;
  seed?: number;
  temperature?: number;
  top_p?: number;
  /**
   * Count the prompt's tokens on the engine at admission even when a bound would do: protocols
   * that report input tokens before generating (Anthropic's message_start) need the real figure.
   */
  exactPromptTokens?: boolean;
}

export interface StartedTask {
  taskId: string;
  model: string;
  transcript: Transcript;
  /** Unix seconds, for the protocols' `created` fields. */
  created: number;
  /** Prompt tokens as admission counted them (engines report their own at the end). */
  promptTokens: number;
  /** Headers every reply for this task carries. */
  headers: Record<string, string>;
}

/** A task deadline no timer arms: agents' requests end by finishing, cancel or the watchdog. */
const NO_DEADLINE_MS = 2_147_483_648;

function priorityOf(request: FastifyRequest): Priority {
  const sent = request.headers[PRIORITY_HEADER];
  if (sent === undefined || sent === '') return 'interactive';
  const known = PRIORITIES.find((p) => p === sent);
  if (known !== undefined) return known;
  throw invalidParams(`${PRIORITY_HEADER} must be one of ${PRIORITIES.join(', ')}`);
}

/** The session a request belongs to: X-Llorch-Session as a uuid, or a name hashed into one; else a new one. */
export function sessionOf(request: FastifyRequest): string {
  const sent = request.headers[SESSION_HEADER];
  if (typeof sent !== 'string' || sent === '') return randomUUID();
  if (UUID.test(sent)) return sent.toLowerCase();
  const hex = createHash('sha256').update(`llorch-session:${sent}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function startTask(
  plane: DataPlane,
  request: FastifyRequest,
  generation: Generation,
): Promise<StartedTask> {
  const model = resolveModel(plane.servedModels(), generation.model);
  const taskId = randomUUID();
  const { model: _model, exactPromptTokens, ...fields } = generation;
  const body = {
    ...fields,
    task_id: taskId,
    session_id: sessionOf(request),
    model_ref: model.id,
    engine: model.pool.engine,
    ctx: model.ctx,
    priority: priorityOf(request),
    max_tokens: generation.max_tokens ?? model.ctx,
    deadline_ms: NO_DEADLINE_MS,
  };
  const admitted = await plane.admit(body, {
    correlationId: request.id,
    log: request.log,
    client: clientOf(request),
    clampMaxTokens: true,
    renewSession: true,
    exactPromptTokens: exactPromptTokens === true,
    freshTaskId: true,
  });
  const transcript = plane.transcript(taskId);
  if (transcript === undefined) throw new Error(`task ${taskId} was admitted without a transcript`);
  return {
    taskId,
    model: model.id,
    transcript,
    created: Math.floor(Date.now() / 1000),
    promptTokens: admitted.promptTokens ?? 0,
    headers: {
      'x-llorch-task-id': taskId,
      'x-correlation-id': request.id,
      ...pick(admitted.headers, PRIORITY_LOWERED_HEADER),
    },
  };
}

/** The one header of `headers` named `name`, if it is there (ORCHD-085: a lowered priority). */
function pick(headers: Record<string, string>, name: string): Record<string, string> {
  const value = headers[name];
  return value === undefined ? {} : { [name]: value };
}
