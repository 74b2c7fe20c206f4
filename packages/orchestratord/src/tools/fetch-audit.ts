// ORCHD-060 (OC-024): one audit line per fetch decision, on the daemon's pino
// logger. The line is built from a closed set of fields: the URL is reduced to
// host and path (query strings can carry keys), and no header value, body or
// token is ever a field, so redaction cannot be forgotten at a call site.
import type { ErrorCode } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import type { PolicyRule } from './fetch-policy.js';

export interface FetchAuditLine {
  readonly decision: 'allow' | 'deny';
  readonly rule: PolicyRule;
  readonly method: string | null;
  readonly host: string | null;
  readonly path: string | null;
  /** What the caller was answered. */
  readonly status: number;
  /** What the target answered; null when it was never asked or did not answer. */
  readonly upstream_status: number | null;
  /** Response body bytes read from the target. */
  readonly bytes: number;
  readonly duration_ms: number;
  readonly correlation_id: string;
  /** The error code of a refused or failed fetch. */
  readonly code?: ErrorCode;
  /** Why a fetch failed (ECONNREFUSED, timeout, …), without any message text. */
  readonly reason?: string;
}

export const FETCH_AUDIT_MESSAGE = 'fetch audit';

export function writeFetchAudit(logger: Logger, line: FetchAuditLine): void {
  logger.info({ ...line, duration_ms: Math.max(0, Math.round(line.duration_ms)) }, FETCH_AUDIT_MESSAGE);
}
