// ORCHD-069: Anthropic Messages (POST /v1/messages, /v1/messages/count_tokens).
// What Claude Code and the official SDK send: `?beta=true` (the SDK's beta
// routes) and any anthropic-version / anthropic-beta headers are accepted and
// change nothing here. A Messages request is a chat task on the normal
// admission path (max_tokens clamped to the context); count_tokens runs no task.
import type { AnthropicTokenCount } from '@llama-orch/contracts';
import { clientOf } from '../clients/client-identity.js';
import { assertModelAllowed } from '../clients/client-policy.js';
import { countInputTokens } from './anthropic-count-tokens.js';
import { anthropicMessage } from './anthropic-message.js';
import { parseCountRequest, parseMessagesRequest } from './anthropic-request.js';
import { messageEventEncoder } from './anthropic-stream.js';
import { assembleFor, type CompatRouteGroup } from './compat-deps.js';

export const anthropicRoutes: CompatRouteGroup = (app, deps) => {
  app.post('/v1/messages', async (request, reply) => {
    const { generation, options } = parseMessagesRequest(request.body);
    return deps.run(request, reply, generation, {
      stream: options.stream,
      whole: (task, events) => anthropicMessage(task, assembleFor(task, events), options),
      encoder: (task) => messageEventEncoder(task, options),
    });
  });

  app.post('/v1/messages/count_tokens', async (request): Promise<AnthropicTokenCount> => {
    const generation = parseCountRequest(request.body);
    const client = clientOf(request);
    assertModelAllowed(client, generation.model, (limit) => deps.plane.refusedByPolicy(client.name, limit));
    return { input_tokens: await countInputTokens(deps.plane, generation) };
  });
};
