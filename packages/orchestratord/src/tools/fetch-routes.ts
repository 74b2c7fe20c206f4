// ORCHD-052..ORCHD-060 (OC-024, OC-025): `POST /v1/tools/fetch`, the mediated
// fetch for agents. Order of work: validate the body, decide on the policy
// (pure, before any DNS lookup or connection), resolve the host and check every
// address (ORCHD-054), take a token from the rate bucket, then fetch over a
// connection pinned to the checked addresses; every outcome after validation
// writes one audit line.
// Registered inside the authenticated scope, so auth, correlation ids and the
// error envelope apply as on every data-plane route.
import { isIP } from 'node:net';
import type { ErrorStatus, PolicyConfig } from '@llama-orch/contracts';
import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { fetchFailed, policyDenied, type OrchestratordError } from '../errors.js';
import { presentedToken } from '../http/auth-plugin.js';
import { pinnedAgent, refusedAddress, resolveHost, type ResolvedAddress } from './fetch-address.js';
import { writeFetchAudit, type FetchAuditLine } from './fetch-audit.js';
import { decideFetch, policyHost, type PolicyRule } from './fetch-policy.js';
import { parseFetchRequest, type FetchRequest } from './fetch-request.js';
import { fetchUpstream, reasonOf, UpstreamError, type UpstreamFailure } from './fetch-upstream.js';
import { createTokenBucket } from './token-bucket.js';

export interface FetchRoutesOptions {
  policy: PolicyConfig;
  /** The llama-orch API token, refused inside fetch headers; null when auth is off. */
  token: string | null;
  /** The daemon's logger; audit lines go here. */
  logger: Logger;
  /** Milliseconds; drives the rate bucket and audit durations (the daemon's clock). */
  now?: () => number;
}

// JSON escaping can make a body up to six times longer on the wire than its UTF-8 size.
const TRANSPORT_SLACK_BYTES = 64 * 1024;

export const fetchRoutes: FastifyPluginAsync<FetchRoutesOptions> = async (app, options) => {
  const { policy, logger } = options;
  const now = options.now ?? (() => performance.now());
  const bucket = createTokenBucket({ perMinute: policy.rate_per_minute, now });
  const redact = new Set(policy.redact_headers.map((h) => h.toLowerCase()));

  const audit = (request: FastifyRequest, line: Omit<FetchAuditLine, 'correlation_id'>) =>
    writeFetchAudit(logger, { ...line, correlation_id: request.id });
  const deny = (
    rule: PolicyRule,
    message: string,
    status: ErrorStatus<'POLICY_DENIED'>,
    extra: { retriable?: boolean; retryAfterMs?: number } = {},
  ) => policyDenied(rule, message, status, extra);

  app.setErrorHandler((error: FastifyError, request) => {
    if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error; // the daemon's handler answers the rest
    audit(request, {
      decision: 'deny',
      rule: 'policy.max_request_bytes',
      method: null,
      host: null,
      path: null,
      status: 413,
      upstream_status: null,
      bytes: 0,
      duration_ms: 0,
      code: 'POLICY_DENIED',
    });
    throw deny(
      'policy.max_request_bytes',
      `request is larger than policy.max_request_bytes (${policy.max_request_bytes}) allows; send less or raise the limit`,
      413,
    );
  });

  const bodyLimit = policy.max_request_bytes * 6 + TRANSPORT_SLACK_BYTES;
  app.post('/v1/tools/fetch', { bodyLimit }, async (request, reply) => {
    const started = now();
    // The caller's own key (a client's) is as much a secret as the owner's.
    const caller = presentedToken(request);
    const req = parseFetchRequest(request.body, [
      ...(options.token === null ? [] : [options.token]),
      ...(caller === undefined ? [] : [caller]),
    ]);
    const where = { method: req.method, host: policyHost(req.url), path: req.url.pathname };
    const line = (
      fields: Omit<FetchAuditLine, 'correlation_id' | 'method' | 'host' | 'path' | 'duration_ms'>,
    ) => audit(request, { ...where, ...fields, duration_ms: now() - started });

    const decision = decideFetch(policy, req.url, Buffer.byteLength(req.body ?? '', 'utf8'));
    if (decision.decision === 'deny') {
      line({
        decision: 'deny',
        rule: decision.rule,
        status: decision.status,
        upstream_status: null,
        bytes: 0,
        code: 'POLICY_DENIED',
      });
      throw deny(decision.rule, decision.message, decision.status);
    }
    const failed = (failure: UpstreamFailure) => {
      const refused = upstreamRefusal(req, failure, policy.max_response_bytes);
      // Too large is the policy refusing; a timeout or an unreachable target happened after an allow.
      const tooLarge = failure.kind === 'too_large';
      line({
        decision: tooLarge ? 'deny' : 'allow',
        rule: tooLarge ? 'policy.max_response_bytes' : decision.rule,
        status: refused.status,
        upstream_status: tooLarge ? failure.status : null,
        bytes: failure.bytes,
        code: refused.code,
        ...(failure.kind === 'unreachable' ? { reason: failure.reason } : {}),
        ...(failure.kind === 'timeout' ? { reason: 'timeout' } : {}),
      });
      return refused;
    };
    const addresses = await addressesOf(where.host, req.timeoutMs).catch((error: unknown) => {
      throw failed(
        error instanceof UpstreamError
          ? error.failure
          : { kind: 'unreachable', reason: reasonOf(error), bytes: 0 },
      );
    });
    const unlisted = refusedAddress(addresses, policy.allow_domains);
    if (unlisted !== undefined) {
      line({
        decision: 'deny',
        rule: 'policy.private_address',
        status: 403,
        upstream_status: null,
        bytes: 0,
        code: 'POLICY_DENIED',
      });
      throw deny(
        'policy.private_address',
        `host ${where.host} resolves to ${unlisted.address}, a loopback or private address; add ${unlisted.address} to policy.allow_domains if the fetch may reach it`,
        403,
      );
    }
    const token = bucket.take();
    if (!token.ok) {
      line({
        decision: 'deny',
        rule: 'policy.rate_per_minute',
        status: 429,
        upstream_status: null,
        bytes: 0,
        code: 'POLICY_DENIED',
      });
      throw deny(
        'policy.rate_per_minute',
        `fetch rate limit of ${policy.rate_per_minute} per minute reached (policy.rate_per_minute); retry after ${token.retryAfterMs} ms`,
        429,
        { retriable: true, retryAfterMs: token.retryAfterMs },
      );
    }
    // A caller that hangs up stops the fetch; a finished reply also closes, so check for that.
    const closed = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) closed.abort();
    });
    const agent = pinnedAgent(addresses);
    try {
      const result = await fetchUpstream(req, {
        agent,
        maxResponseBytes: policy.max_response_bytes,
        redact,
        signal: closed.signal,
      });
      line({
        decision: 'allow',
        rule: decision.rule,
        status: 200,
        upstream_status: result.status,
        bytes: result.bytes,
      });
      return result;
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      throw failed(error.failure);
    } finally {
      await agent.destroy();
    }
  });
};

/** An IP literal is its own address (the policy already listed it); a name is resolved once, here. */
async function addressesOf(host: string, timeoutMs: number): Promise<ResolvedAddress[]> {
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family: family === 6 ? 6 : 4 }];
  let timer: NodeJS.Timeout | undefined;
  // The system resolver cannot be cancelled; the fetch's own timeout still bounds the wait.
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new UpstreamError({ kind: 'timeout', bytes: 0 })), timeoutMs);
  });
  try {
    const found = await Promise.race([resolveHost(host), late]);
    if (found.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
    return found;
  } finally {
    clearTimeout(timer);
  }
}

function upstreamRefusal(req: FetchRequest, failure: UpstreamFailure, limit: number): OrchestratordError {
  const host = policyHost(req.url);
  switch (failure.kind) {
    case 'too_large':
      return policyDenied(
        'policy.max_response_bytes',
        `response body of ${host} passed policy.max_response_bytes (${limit}); the fetch was aborted; fetch a smaller resource or raise the limit`,
        502,
      );
    case 'timeout':
      return fetchFailed(
        `fetch of ${host} timed out after ${req.timeoutMs} ms; retry later or raise timeout_ms`,
        true,
      );
    case 'unreachable':
      return fetchFailed(`fetch of ${host} failed: ${failure.reason}; check the URL and retry later`, false);
  }
}
