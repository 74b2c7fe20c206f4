// ORCHD correlation ids (OC-009, OC-010, MET-028): every response but 204 carries
// X-Correlation-Id, echoed when the client sent a well-formed one and
// generated otherwise. The id doubles as Fastify's request id so each log
// line of a request carries it without extra plumbing.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

export const CORRELATION_HEADER = 'x-correlation-id';

// Bounded and printable so a hostile value can neither split headers nor bloat logs.
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify `genReqId`: the client's id when well formed, else a fresh uuid. */
export function correlationIdFor(request: IncomingMessage): string {
  const sent = request.headers[CORRELATION_HEADER];
  return typeof sent === 'string' && WELL_FORMED.test(sent) ? sent : randomUUID();
}

const correlationPlugin: FastifyPluginAsync = async (app) => {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 204) reply.removeHeader(CORRELATION_HEADER);
    else reply.header(CORRELATION_HEADER, request.id);
    return payload;
  });
};

export default fp(correlationPlugin, { name: 'llorch-correlation-id', fastify: '5.x' });
