// ORCHD-057, ORCHD-058, ORCHD-059: the one effect of the mediated fetch, run only
// after the policy allowed it. undici's `request` never follows redirects, so a
// 3xx comes back as it is. The body is counted as it arrives and the request is
// aborted the moment it passes the limit (a declared Content-Length over the
// limit aborts before the first body byte); nothing partial is returned.
import { request, type Agent } from 'undici';
import type { DataComponents } from '@llama-orch/contracts';
import { HOP_BY_HOP, type FetchRequest } from './fetch-request.js';

export type FetchResult = DataComponents['schemas']['FetchResult'];

export type UpstreamFailure =
  | { readonly kind: 'too_large'; readonly status: number; readonly bytes: number }
  | { readonly kind: 'timeout'; readonly bytes: number }
  | { readonly kind: 'unreachable'; readonly reason: string; readonly bytes: number };

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(readonly failure: UpstreamFailure) {
    super(failure.kind);
  }
}

export interface UpstreamOptions {
  agent: Agent;
  maxResponseBytes: number;
  /** Response headers the caller must not see (lower case). */
  redact: ReadonlySet<string>;
  /** Aborts the fetch when the caller goes away. */
  signal: AbortSignal;
}

export async function fetchUpstream(req: FetchRequest, options: UpstreamOptions): Promise<FetchResult> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const controller = new AbortController();
  const signal = AbortSignal.any([timeout, options.signal, controller.signal]);
  let bytes = 0;
  try {
    const res = await request(req.url, {
      dispatcher: options.agent,
      method: req.method,
      headers: { ...req.headers },
      ...(req.body === undefined ? {} : { body: req.body }),
      signal,
    });
    const tooLarge = () => new UpstreamError({ kind: 'too_large', status: res.statusCode, bytes });
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > options.maxResponseBytes) {
      controller.abort();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > options.maxResponseBytes) {
        controller.abort();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    return shapeResult(res.statusCode, res.headers, Buffer.concat(chunks), options.redact);
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    if (timeout.aborted) throw new UpstreamError({ kind: 'timeout', bytes });
    throw new UpstreamError({ kind: 'unreachable', reason: reasonOf(error), bytes });
  }
}

function shapeResult(
  status: number,
  raw: Record<string, string | string[] | undefined>,
  body: Buffer,
  redact: ReadonlySet<string>,
): FetchResult {
  // `connection` may name more hop-by-hop headers.
  const named = String(raw.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase());
  const headers: Record<string, string> = {};
  const redacted: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || named.includes(lower)) continue;
    if (redact.has(lower)) redacted.push(lower);
    else headers[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  const text = utf8OrUndefined(body);
  return {
    status,
    headers,
    body: text ?? body.toString('base64'),
    encoding: text === undefined ? 'base64' : 'utf8',
    bytes: body.length,
    redacted_headers: redacted,
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8OrUndefined(body: Buffer): string | undefined {
  try {
    return strictUtf8.decode(body);
  } catch {
    return undefined;
  }
}

/** A short, secret-free reason: the error code (ECONNREFUSED, ENOTFOUND, UND_ERR_…), never a message. */
export function reasonOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : 'unknown error';
}
