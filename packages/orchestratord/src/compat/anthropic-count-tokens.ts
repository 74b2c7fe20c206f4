// ORCHD-069: POST /v1/messages/count_tokens. The count is the one admission
// would make for the same chat, from the same function: the engine of a Ready
// replica of the model's pool renders the chat template (tools included) and
// counts it where its adapter can; otherwise, or when the engine does not
// answer in time, an upper bound from the request's bytes. No task is queued
// and nothing is generated, so it needs no max_tokens and takes no slot.
import { randomUUID } from 'node:crypto';
import type { DataPlane } from '../data-plane.js';
import type { TaskRequest } from '../tasks/task-request.js';
import type { Generation } from './compat-task.js';
import { resolveModel } from './served-models.js';

/** Input tokens of a chat generation on the model it names; an unknown model is a 404. */
export async function countInputTokens(plane: DataPlane, generation: Generation): Promise<number> {
  const model = resolveModel(plane.servedModels(), generation.model);
  // The chat as a would-be task, so the count goes through admission's own path; it is never admitted.
  const request: TaskRequest = {
    task_id: randomUUID(),
    session_id: randomUUID(),
    workload: 'chat',
    model_ref: model.id,
    engine: model.pool.engine,
    ctx: model.ctx,
    priority: 'interactive',
    max_tokens: 1,
    deadline_ms: 1,
    messages: generation.messages ?? [],
    ...(generation.tools === undefined ? {} : { tools: generation.tools }),
    ...(generation.tool_choice === undefined ? {} : { tool_choice: generation.tool_choice }),
  };
  return plane.countPromptTokens(model.pool, request);
}
