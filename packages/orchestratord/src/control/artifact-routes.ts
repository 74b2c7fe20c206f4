// ORCHD-036..ORCHD-038: the artifact endpoints of control.yaml. The transport
// body limit sits above artifacts.max_bytes (JSON escaping can double a
// document's size on the wire), so the exact limit is applied to the canonical
// document; a body even over the transport limit still gets the artifact's 413
// message rather than the data plane's generic one.
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { parseArtifactInput } from './artifact-input.js';
import { artifactNotFound, artifactTooLarge, type ArtifactStore } from './artifact-store.js';

export interface ArtifactRoutesOptions {
  artifacts: ArtifactStore;
}

interface ArtifactParams {
  id: string;
}

const TRANSPORT_SLACK_BYTES = 1024 * 1024;

export const artifactRoutes: FastifyPluginAsync<ArtifactRoutesOptions> = async (app, options) => {
  const { artifacts } = options;
  const bodyLimit = artifacts.maxBytes * 2 + TRANSPORT_SLACK_BYTES;

  app.setErrorHandler((error: FastifyError, request) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const sent = Number(request.headers['content-length'] ?? bodyLimit + 1);
      throw artifactTooLarge(Number.isFinite(sent) ? sent : bodyLimit + 1, artifacts.maxBytes);
    }
    throw error; // the daemon's error handler answers everything else
  });

  app.post('/v1/artifacts', { bodyLimit }, async (request, reply) => {
    const { artifact } = await artifacts.put(parseArtifactInput(request.body));
    return reply.code(201).send(artifact);
  });

  app.get<{ Params: ArtifactParams }>('/v1/artifacts/:id', async (request) => {
    const artifact = await artifacts.get(request.params.id);
    if (artifact === undefined) throw artifactNotFound(request.params.id);
    return artifact;
  });
};
