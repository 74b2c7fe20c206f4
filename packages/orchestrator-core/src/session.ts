// CORE-050..CORE-056: a session as a pure state machine. The daemon stores the
// value and feeds it events with the time they happened; nothing here reads a
// clock, so TTL, turns, warmth and budgets are replayable in tests.
import { requireInteger } from './errors.js';
import {
  chargeBudget,
  unlimitedBudget,
  validateBudget,
  type BudgetCharge,
  type SessionBudget,
} from './session-budget.js';

/** Default idle TTL: sessions are short (home profile), ten minutes at most by default. */
export const DEFAULT_SESSION_TTL_MS = 10 * 60 * 1000;
/** Default turn cap: agents' sessions are short exchanges, not long chats. */
export const DEFAULT_SESSION_MAX_TURNS = 8;

export interface SessionOptions {
  ttl_ms?: number;
  max_turns?: number;
  /** Optional budgets; an omitted dimension is not enforced. */
  budget?: SessionBudget;
  /** The client that opens it (CORE-056); null when the caller names none. */
  client?: string | null;
}

export type EvictionReason = 'ttl' | 'max-turns' | 'explicit';

export type SessionStatus = { type: 'active' } | { type: 'evicted'; reason: EvictionReason; at_ms: number };

export interface Session {
  readonly id: string;
  readonly created_at_ms: number;
  readonly last_active_at_ms: number;
  readonly ttl_ms: number;
  readonly max_turns: number;
  readonly turns: number;
  /** True only while the bound replica holds this session's KV cache. */
  readonly kv_warmth: boolean;
  readonly kv_bytes: number;
  /** The replica the session is bound to (affinity target), if any. */
  readonly replica_id: string | null;
  /** Remaining budgets; never negative, never growing (CORE-053). */
  readonly budget: SessionBudget;
  readonly status: SessionStatus;
  /** CORE-056: who opened it; fixed for the session's life. */
  readonly client: string | null;
}

export type SessionEvent =
  /** A task of this session was dispatched to a replica. */
  | { type: 'placed'; replica_id: string }
  /** A turn finished on a replica; usage is charged to the budgets. */
  | ({ type: 'turn-completed'; replica_id: string; kv_bytes: number } & BudgetCharge)
  /** The replica lost the session's KV (restart, cache eviction). */
  | { type: 'kv-lost' }
  /** Explicit eviction (DELETE /v1/sessions/{id}). */
  | { type: 'evict' }
  /** Time passed; applies TTL expiry only. */
  | { type: 'tick' };

/** Creates an active session; throws CoreError(INVALID_PARAMS) on invalid options. */
export function openSession(id: string, now_ms: number, options: SessionOptions = {}): Session {
  return {
    id,
    created_at_ms: now_ms,
    last_active_at_ms: now_ms,
    ttl_ms: requireInteger('ttl_ms', options.ttl_ms ?? DEFAULT_SESSION_TTL_MS, 1),
    max_turns: requireInteger('max_turns', options.max_turns ?? DEFAULT_SESSION_MAX_TURNS, 1),
    turns: 0,
    kv_warmth: false,
    kv_bytes: 0,
    replica_id: null,
    budget: options.budget ? validateBudget(options.budget) : unlimitedBudget(),
    status: { type: 'active' },
    client: options.client ?? null,
  };
}

export function isExpired(session: Session, now_ms: number): boolean {
  return now_ms - session.last_active_at_ms >= session.ttl_ms;
}

function evicted(session: Session, reason: EvictionReason, at_ms: number): Session {
  return { ...session, kv_warmth: false, kv_bytes: 0, status: { type: 'evicted', reason, at_ms } };
}

/** The next state after `event` at `now_ms`. Evicted sessions are terminal (CORE-054). */
export function applySessionEvent(session: Session, event: SessionEvent, now_ms: number): Session {
  if (session.status.type === 'evicted') return session;
  if (isExpired(session, now_ms)) {
    return evicted(session, 'ttl', session.last_active_at_ms + session.ttl_ms);
  }
  // A late-arriving event must not move activity backwards.
  const active_at = Math.max(session.last_active_at_ms, now_ms);
  switch (event.type) {
    case 'tick':
      return session;
    case 'evict':
      return evicted(session, 'explicit', active_at);
    case 'kv-lost':
      return { ...session, kv_warmth: false, kv_bytes: 0 };
    case 'placed': {
      const moved = session.replica_id !== event.replica_id;
      return moved
        ? {
            ...session,
            last_active_at_ms: active_at,
            replica_id: event.replica_id,
            kv_warmth: false,
            kv_bytes: 0,
          }
        : { ...session, last_active_at_ms: active_at };
    }
    case 'turn-completed': {
      const next: Session = {
        ...session,
        last_active_at_ms: active_at,
        turns: session.turns + 1,
        replica_id: event.replica_id,
        kv_warmth: true,
        kv_bytes: Math.max(0, event.kv_bytes),
        budget: chargeBudget(session.budget, event),
      };
      return next.turns >= next.max_turns ? evicted(next, 'max-turns', active_at) : next;
    }
  }
}

/** The wire view (GET /v1/sessions/{id}); null budgets are not enforced. */
export interface SessionView {
  ttl_ms_remaining: number;
  turns: number;
  kv_bytes: number;
  kv_warmth: boolean;
  tokens_budget_remaining: number | null;
  time_budget_remaining_ms: number | null;
  cost_budget_remaining: number | null;
}

export function sessionView(session: Session, now_ms: number): SessionView {
  const live = session.status.type === 'active' && !isExpired(session, now_ms);
  return {
    // Views go on the wire, where milliseconds are integers; clocks may be fractional.
    ttl_ms_remaining: live ? Math.max(0, Math.floor(session.last_active_at_ms + session.ttl_ms - now_ms)) : 0,
    turns: session.turns,
    kv_bytes: live ? session.kv_bytes : 0,
    kv_warmth: live && session.kv_warmth,
    tokens_budget_remaining: session.budget.tokens ?? null,
    time_budget_remaining_ms:
      session.budget.time_ms === undefined ? null : Math.floor(session.budget.time_ms),
    cost_budget_remaining: session.budget.cost ?? null,
  };
}
