// ORCHD-061..ORCHD-068: the agents' front door. OpenAI and Anthropic protocol
// routes, registered inside the authenticated scope like every data-plane route,
// with their own error handler so every refusal (auth, bad body, unknown model,
// full queue) comes back in the caller's protocol. Each request is a task on the
// same admission path as POST /v1/tasks; none calls an engine directly.
import type { FastifyPluginAsync } from 'fastify';
import { clientOf } from '../clients/client-identity.js';
import { allowsModel } from '../clients/client-policy.js';
import type { DataPlane } from '../data-plane.js';
import { classify, logFailure } from '../http/error-handler-plugin.js';
import { anthropicRoutes } from './anthropic-routes.js';
import { assembleFor, compatDeps, protocolOf } from './compat-deps.js';
import { modelList } from './model-list.js';
import { chatChunkEncoder, chatCompletion, parseChatRequest } from './openai-chat.js';
import { completionChunkEncoder, parseCompletionRequest, textCompletion } from './openai-completions.js';
import { protocolErrorReply } from './protocol-errors.js';
import { responsesRoutes } from './responses-routes.js';

export interface CompatRoutesOptions {
  dataPlane: DataPlane;
  heartbeatMs: number;
  startedAt: number;
}

export const compatRoutes: FastifyPluginAsync<CompatRoutesOptions> = async (app, options) => {
  const plane = options.dataPlane;
  const deps = compatDeps(plane, options.heartbeatMs);
  app.setErrorHandler((error, request, reply) => {
    const typed = classify(error);
    logFailure(request, error, typed);
    const answer = protocolErrorReply(protocolOf(request), typed);
    return reply
      .code(answer.status)
      .headers(answer.headers)
      .type('application/json; charset=utf-8')
      .send(answer.body);
  });

  app.get('/v1/models', async (request) =>
    modelList(
      // ORCHD-085: a client is shown only the models it may use.
      plane.servedModelStates().filter((m) => allowsModel(clientOf(request), m.id)),
      request.headers['anthropic-version'] !== undefined,
      options.startedAt,
    ),
  );

  app.post('/v1/chat/completions', async (request, reply) => {
    const { generation, options: chat } = parseChatRequest(request.body);
    return deps.run(request, reply, generation, {
      stream: chat.stream,
      whole: (task, events) => chatCompletion(task, assembleFor(task, events)),
      encoder: (task) => chatChunkEncoder(task, chat),
    });
  });

  app.post('/v1/completions', async (request, reply) => {
    const { generation, options: completion } = parseCompletionRequest(request.body);
    return deps.run(request, reply, generation, {
      stream: completion.stream,
      whole: (task, events) => textCompletion(task, assembleFor(task, events)),
      encoder: (task) => completionChunkEncoder(task, completion),
    });
  });

  anthropicRoutes(app, deps);
  responsesRoutes(app, deps);
};
