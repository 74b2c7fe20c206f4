// ORCHD-031..ORCHD-034: the catalog endpoints of control.yaml. Handlers only
// translate HTTP to catalog calls. Verification runs under the daemon's
// lifetime signal rather than the request's, so a client that stops waiting
// does not waste the hashing already done, while closing the daemon stops it.
import type { FastifyPluginAsync } from 'fastify';
import type { Catalog } from './catalog.js';
import { parseCatalogModelInput, parseStateChange } from './catalog-input.js';
import { unknownModel } from './catalog.js';

export interface CatalogRoutesOptions {
  catalog: Catalog;
  /** Aborted when the daemon closes. */
  lifetime: AbortSignal;
}

interface ModelParams {
  id: string;
}

export const catalogRoutes: FastifyPluginAsync<CatalogRoutesOptions> = async (app, options) => {
  const { catalog } = options;

  app.post('/v1/catalog/models', async (request, reply) => {
    const { created, model } = await catalog.register(parseCatalogModelInput(request.body));
    return reply.code(created ? 201 : 200).send(model);
  });

  app.get<{ Params: ModelParams }>('/v1/catalog/models/:id', async (request) => {
    const model = catalog.get(request.params.id);
    if (model === undefined) throw unknownModel(request.params.id);
    return model;
  });

  app.post<{ Params: ModelParams }>('/v1/catalog/models/:id/state', async (request) =>
    catalog.changeState(request.params.id, parseStateChange(request.body)),
  );

  // Verify takes no body; whatever a client sends with it (even an empty JSON body) is ignored.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.post<{ Params: ModelParams }>('/v1/catalog/models/:id/verify', async (request) =>
      catalog.verify(request.params.id, options.lifetime),
    );
  });
};
