// ORCHD-090..ORCHD-092, ORCHD-094: what admission asks about the submitting client. Its limits
// are checked in one place, after the request's own checks and right before its task would be
// queued (synchronously with the enqueue, so two admissions racing cannot both take the last
// place); a refusal is a 429 ADMISSION_REJECT naming the limit as its policy_label, with the
// client's own Retry-After. A session belongs to the client that opened it: another client naming
// its id is refused as if it did not exist; the owner may use any.
import type { Session } from '@llama-orch/orchestrator-core';
import { clientLimitReject, notFound } from '../errors.js';
import type { ClientIdentity } from './client-identity.js';
import type { ClientLedger } from './client-usage.js';

export function refuseOverLimit(ledger: ClientLedger, now: number, client: ClientIdentity): void {
  if (client.owner) return;
  const verdict = ledger.check(client.name, now);
  if (verdict.type === 'refused')
    throw clientLimitReject(verdict.limit, verdict.message, verdict.retry_after_ms);
}

/** May `client` read or use this session? The owner may use every session. */
export function sessionVisibleTo(session: Pick<Session, 'client'>, client: ClientIdentity): boolean {
  return client.owner || session.client === null || session.client === client.name;
}

/** The refusal for another client's session: the same words as for a session that does not exist. */
export function unknownSession(sessionId: string): ReturnType<typeof notFound> {
  return notFound(`no live session ${sessionId.slice(0, 64)}; it may have expired or been evicted`);
}
