// WA-002, WA-008: the per-adapter HTTP setup shared by the JSON-speaking engines:
// one normalised base URL, resolved timeouts, short GET/POST calls bound to the
// request deadline, and the health rule every engine follows (unreachable reads
// as down, 200 as ready, any other status is the engine's own call).
import { AdapterError } from '../errors.js';
import type { EngineHealth, EngineKind } from '../port.js';
import { httpCall, resolveTimeouts } from './http.js';
import type { AdapterTimeouts, HttpResult } from './http.js';

export interface EngineEndpointOptions {
  /** Base URL as configured; trailing slashes are dropped so paths join cleanly. */
  endpoint: string;
  timeouts?: Partial<AdapterTimeouts> | undefined;
}

export interface EngineEndpoint {
  readonly endpoint: string;
  readonly timeouts: AdapterTimeouts;
  url(path: string): string;
  get(path: string, signal?: AbortSignal): Promise<HttpResult>;
  post(path: string, body: unknown, signal?: AbortSignal): Promise<HttpResult>;
}

/** Drops trailing slashes so `${base}${path}` never doubles them. */
export const trimBaseUrl = (base: string): string => base.replace(/\/+$/, '');

export function createEngineEndpoint(engine: EngineKind, options: EngineEndpointOptions): EngineEndpoint {
  const endpoint = trimBaseUrl(options.endpoint);
  const timeouts = resolveTimeouts(options.timeouts);
  const url = (path: string) => `${endpoint}${path}`;
  return {
    endpoint,
    timeouts,
    url,
    get: (path, signal) => httpCall(url(path), { engine, signal, timeoutMs: timeouts.requestMs }),
    post: (path, body, signal) =>
      httpCall(url(path), { engine, method: 'POST', body, signal, timeoutMs: timeouts.requestMs }),
  };
}

/**
 * Runs a health probe: an unreachable or silent engine (AdapterError) reads as
 * down, HTTP 200 as ready, and any other answer goes to `notReady`, whose own
 * follow-up calls fall under the same unreachable-means-down rule.
 */
export async function healthByStatus(
  probe: () => Promise<HttpResult>,
  notReady: (result: HttpResult) => EngineHealth | Promise<EngineHealth>,
): Promise<EngineHealth> {
  try {
    const result = await probe();
    if (result.status === 200) return { type: 'ready' };
    return await notReady(result);
  } catch (err) {
    if (err instanceof AdapterError) return { type: 'down', detail: err.message };
    throw err;
  }
}
