// WA-008, WA-012: one translation from transport failures, HTTP statuses and
// in-band engine errors to AdapterError codes, so every adapter reports the
// same wire code for the same failure (refused → POOL_UNAVAILABLE, broken
// stream → WORKER_RESET, silence → DECODE_TIMEOUT).
import { AdapterError } from '../errors.js';
import type { EngineKind } from '../port.js';

/** Where a failure happened: before the engine accepted the request, or while it streamed. */
export type FailurePhase = 'connect' | 'stream';

/** `detail` values adapters attach so operators can tell failure kinds apart. */
export const VRAM_OOM_DETAIL = 'vram_oom';

const OOM_PATTERN = /out of memory|outofmemory|\boom\b|cudaMalloc failed|failed to allocate/i;

/** Collects `code` fields along an error's cause chain (undici nests the socket error). */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const codes = errorCodes(err);
    return codes.length > 0 ? `${err.message} (${codes.join(', ')})` : err.message;
  }
  return String(err);
}

/** Maps a socket-level failure; which code depends on whether tokens were already flowing. */
export function transportError(
  err: unknown,
  engine: EngineKind,
  endpoint: string,
  phase: FailurePhase,
): AdapterError {
  if (phase === 'stream') {
    return new AdapterError(
      'WORKER_RESET',
      `${engine} at ${endpoint} broke the token stream mid-way: ${describe(err)}; the engine ` +
        'probably crashed or restarted, retry on a healthy replica',
      { engine, cause: err },
    );
  }
  return new AdapterError(
    'POOL_UNAVAILABLE',
    `${engine} at ${endpoint} is unreachable: ${describe(err)}; check that the engine process is ` +
      'running and listening on that address',
    { engine, cause: err },
  );
}

/** Pulls a human message out of the error bodies the four engines use. */
export function engineErrorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.trim();
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail']) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'object' && value !== null) {
      const nested = engineErrorMessage(value);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

/** Maps an engine's HTTP status (or the status an in-band error names) to an AdapterError. */
export function statusError(
  status: number,
  message: string | undefined,
  engine: EngineKind,
  endpoint: string,
): AdapterError {
  const said = message === undefined ? '' : `: ${message}`;
  if (message !== undefined && OOM_PATTERN.test(message)) {
    return new AdapterError(
      'INTERNAL',
      `${engine} at ${endpoint} ran out of GPU memory${said}; lower ctx or max_tokens, or place the ` +
        'task on a larger GPU',
      { engine, detail: VRAM_OOM_DETAIL, retriable: false },
    );
  }
  if (status === 503 || status === 429) {
    return new AdapterError(
      'POOL_UNAVAILABLE',
      `${engine} at ${endpoint} is not accepting work (HTTP ${status})${said}; it is loading or ` +
        'busy, retry after a backoff',
      { engine },
    );
  }
  if (status === 400 || status === 413 || status === 422) {
    return new AdapterError(
      'INVALID_PARAMS',
      `${engine} at ${endpoint} rejected the request (HTTP ${status})${said}; fix the request ` +
        'parameters (prompt length, max_tokens, sampler values)',
      { engine, retriable: false },
    );
  }
  return new AdapterError(
    'INTERNAL',
    `${engine} at ${endpoint} failed with HTTP ${status}${said}; check the engine log`,
    { engine, retriable: false },
  );
}
