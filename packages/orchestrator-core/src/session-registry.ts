// CORE-050..CORE-055: a small container over the pure session machine, so the
// daemon has one place that applies TTL lazily on access and sweeps expired
// sessions when it chooses to (it owns the timer, not us).
import {
  applySessionEvent,
  isExpired,
  openSession,
  type Session,
  type SessionEvent,
  type SessionOptions,
} from './session.js';

export interface SessionRegistryOptions {
  /** Defaults for sessions opened without their own options. */
  defaults?: SessionOptions;
}

export interface SessionRegistry {
  /** The live session with this id, or a fresh one when it is unknown, expired or evicted. */
  open(id: string, now_ms: number, options?: SessionOptions): Session;
  /** The live session, or undefined; expired sessions are evicted on the way. */
  get(id: string, now_ms: number): Session | undefined;
  /** Applies one event; returns the new state (evicted states are returned once, then forgotten). */
  apply(id: string, event: SessionEvent, now_ms: number): Session | undefined;
  /** Evicts every expired session and returns them (for logs and metrics). */
  sweep(now_ms: number): Session[];
  size(): number;
}

export function createSessionRegistry(options: SessionRegistryOptions = {}): SessionRegistry {
  const sessions = new Map<string, Session>();
  const defaults = options.defaults ?? {};

  const live = (id: string, now_ms: number): Session | undefined => {
    const session = sessions.get(id);
    if (!session) return undefined;
    if (session.status.type === 'active' && !isExpired(session, now_ms)) return session;
    sessions.delete(id);
    return undefined;
  };

  return {
    open(id, now_ms, sessionOptions) {
      const existing = live(id, now_ms);
      if (existing) return existing;
      const session = openSession(id, now_ms, { ...defaults, ...sessionOptions });
      sessions.set(id, session);
      return session;
    },
    get: live,
    apply(id, event, now_ms) {
      const session = sessions.get(id);
      if (!session) return undefined;
      const next = applySessionEvent(session, event, now_ms);
      if (next.status.type === 'evicted') sessions.delete(id);
      else sessions.set(id, next);
      return next;
    },
    sweep(now_ms) {
      const gone: Session[] = [];
      for (const [id, session] of sessions) {
        if (!isExpired(session, now_ms)) continue;
        gone.push(applySessionEvent(session, { type: 'tick' }, now_ms));
        sessions.delete(id);
      }
      return gone;
    },
    size: () => sessions.size,
  };
}
