// ORCHD-070: the OpenAI Responses API subset Codex CLI speaks (POST /v1/responses).
// The request becomes a `chat` task like any other agents' request; the reply is
// its transcript as a `response` object or as Responses SSE events.
// previous_response_id is served from our own memory (responses-store.ts): a
// finished response's conversation, its input turns and its output turn, is kept
// unless the request said `store: false`, as OpenAI does too. Codex CLI sends
// store: false and resends the whole conversation each turn, so it costs nothing
// here. `instructions` are not carried to the next response (also as OpenAI
// does): a client sends them on every turn.
import type { ChatMessage } from '@llama-orch/worker-adapters';
import { clientOf } from '../clients/client-identity.js';
import { assembleFor, type CompatRouteGroup } from './compat-deps.js';
import type { StartedTask } from './compat-task.js';
import {
  assistantTurn,
  outputOf,
  responseIdOf,
  responseObject,
  statusOf,
  type OutputItem,
} from './responses-object.js';
import { parseResponsesRequest } from './responses-request.js';
import { createResponseStore } from './responses-store.js';
import { responseEventEncoder } from './responses-stream.js';

export const responsesRoutes: CompatRouteGroup = (app, deps) => {
  const { plane } = deps;
  const store = createResponseStore({
    retentionMs: plane.config.compat.responses.retention_ms,
    maxStored: plane.config.compat.responses.max_stored,
    now: () => plane.now(),
  });

  app.post('/v1/responses', async (request, reply) => {
    const parsed = parseResponsesRequest(request.body);
    const previous = parsed.echo.previous_response_id;
    const client = clientOf(request);
    const turns: ChatMessage[] = [
      ...(previous === null ? [] : store.conversation(previous, client)),
      ...parsed.input,
    ];
    const messages = parsed.instructions === undefined ? turns : [parsed.instructions, ...turns];
    const keep = (task: StartedTask, output: readonly OutputItem[]): void => {
      if (parsed.store) store.put(responseIdOf(task), [...turns, assistantTurn(output)], client.name);
    };
    return deps.run(
      request,
      reply,
      { ...parsed.generation, messages },
      {
        stream: parsed.stream,
        whole: (task, events) => {
          const result = assembleFor(task, events);
          const output = outputOf(task, result);
          keep(task, output);
          return responseObject(task, parsed.echo, {
            status: statusOf(result.stopReason),
            output,
            usage: { prompt: result.promptTokens, completion: result.completionTokens },
          });
        },
        encoder: (task) => responseEventEncoder(task, parsed.echo, (output) => keep(task, output)),
      },
    );
  });
};
