// Sessions as a pure state machine: TTL, turn cap, KV warmth, budgets, eviction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CoreError,
  DEFAULT_SESSION_MAX_TURNS,
  DEFAULT_SESSION_TTL_MS,
  applySessionEvent,
  createSessionRegistry,
  openSession,
  sessionView,
  type Session,
  type SessionEvent,
} from '../src/index.js';
import { RUNS } from './support/arbitraries.js';

const turn = (replica_id: string, tokens = 100, time_ms = 500, cost = 1): SessionEvent => ({
  type: 'turn-completed',
  replica_id,
  kv_bytes: 4_096,
  tokens,
  time_ms,
  cost,
});

const eventArb: fc.Arbitrary<SessionEvent> = fc.oneof(
  fc.record({ type: fc.constant('placed' as const), replica_id: fc.constantFrom('r1', 'r2') }),
  fc.record({
    type: fc.constant('turn-completed' as const),
    replica_id: fc.constantFrom('r1', 'r2'),
    kv_bytes: fc.integer({ min: -10, max: 1 << 20 }),
    tokens: fc.integer({ min: -50, max: 2_000 }),
    time_ms: fc.oneof(fc.integer({ min: -50, max: 5_000 }), fc.constant(Number.NaN)),
    cost: fc.double({ min: -1, max: 5, noNaN: true }),
  }),
  fc.constant({ type: 'kv-lost' as const }),
  fc.constant({ type: 'tick' as const }),
  fc.constant({ type: 'evict' as const }),
);

const timelineArb = fc.array(fc.tuple(eventArb, fc.nat({ max: 240_000 })), { maxLength: 30 });

describe('session lifecycle', () => {
  it('defaults to a 10-minute idle TTL and 8 turns [CORE-050] [CORE-051]', () => {
    const s = openSession('s', 0);
    expect(DEFAULT_SESSION_TTL_MS).toBe(600_000);
    expect(s).toMatchObject({
      ttl_ms: 600_000,
      max_turns: DEFAULT_SESSION_MAX_TURNS,
      turns: 0,
      kv_warmth: false,
    });
    expect(sessionView(s, 1_000).ttl_ms_remaining).toBe(599_000);
  });

  it('expires after the TTL without activity, and activity pushes expiry out [CORE-050]', () => {
    let s = openSession('s', 0);
    s = applySessionEvent(s, turn('r1'), 500_000);
    expect(applySessionEvent(s, { type: 'tick' }, 1_099_999).status.type).toBe('active');
    expect(applySessionEvent(s, { type: 'tick' }, 1_100_000).status).toEqual({
      type: 'evicted',
      reason: 'ttl',
      at_ms: 1_100_000,
    });
  });

  it('evicts after the last allowed turn [CORE-051]', () => {
    let s = openSession('s', 0, { max_turns: 3 });
    for (let i = 1; i <= 3; i++) s = applySessionEvent(s, turn('r1'), i * 1_000);
    expect(s).toMatchObject({
      turns: 3,
      kv_warmth: false,
      kv_bytes: 0,
      status: { type: 'evicted', reason: 'max-turns' },
    });
  });

  it('is warm only after a turn on its bound replica; failover or KV loss makes it cold [CORE-052]', () => {
    let s = openSession('s', 0);
    s = applySessionEvent(s, { type: 'placed', replica_id: 'r1' }, 1);
    expect(s.kv_warmth).toBe(false);
    s = applySessionEvent(s, turn('r1'), 2);
    expect(s).toMatchObject({ kv_warmth: true, replica_id: 'r1', kv_bytes: 4_096 });
    expect(applySessionEvent(s, { type: 'placed', replica_id: 'r1' }, 3).kv_warmth).toBe(true);
    expect(applySessionEvent(s, { type: 'placed', replica_id: 'r2' }, 3)).toMatchObject({
      kv_warmth: false,
      replica_id: 'r2',
    });
    expect(applySessionEvent(s, { type: 'kv-lost' }, 3).kv_warmth).toBe(false);
  });

  it('keeps budgets monotone and never negative, whatever usage is reported [CORE-053]', () => {
    fc.assert(
      fc.property(
        fc.record({
          tokens: fc.nat({ max: 10_000 }),
          time_ms: fc.nat({ max: 20_000 }),
          cost: fc.nat({ max: 20 }),
        }),
        timelineArb,
        (budget, timeline) => {
          let s = openSession('s', 0, { budget, max_turns: 50 });
          let now = 0;
          for (const [event, gap] of timeline) {
            const next = applySessionEvent(s, event, (now += gap));
            for (const key of ['tokens', 'time_ms', 'cost'] as const) {
              expect(next.budget[key]).toBeGreaterThanOrEqual(0);
              expect(next.budget[key]).toBeLessThanOrEqual(s.budget[key]!);
            }
            expect(next.turns).toBeGreaterThanOrEqual(s.turns);
            s = next;
          }
        },
      ),
      RUNS,
    );
  });

  it('treats eviction as terminal, never exceeds the turn cap, and is a pure function of its inputs [CORE-054] [CORE-055]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), timelineArb, (max_turns, timeline) => {
        const run = () => {
          const states: Session[] = [openSession('s', 0, { max_turns, ttl_ms: 300_000 })];
          let now = 0;
          for (const [event, gap] of timeline)
            states.push(applySessionEvent(states.at(-1)!, event, (now += gap)));
          return states;
        };
        const states = run();
        expect(run()).toEqual(states);
        const firstEvicted = states.findIndex((s) => s.status.type === 'evicted');
        for (const [i, s] of states.entries()) {
          expect(s.turns).toBeLessThanOrEqual(max_turns);
          if (s.kv_warmth) expect(s.replica_id).not.toBeNull();
          if (firstEvicted >= 0 && i >= firstEvicted) {
            expect(s).toBe(states[firstEvicted]);
            expect(s.kv_warmth).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it('refuses invalid options when a session is opened [CORE-003]', () => {
    expect(() => openSession('s', 0, { ttl_ms: 0 })).toThrow(CoreError);
    expect(() => openSession('s', 0, { budget: { tokens: -1 } })).toThrow(/budget.tokens/);
  });
});

describe('session registry', () => {
  it('forgets expired and evicted sessions and reports them on sweep [CORE-050] [CORE-054]', () => {
    const registry = createSessionRegistry({ defaults: { ttl_ms: 1_000 } });
    registry.open('a', 0);
    registry.open('b', 0);
    registry.apply('b', turn('r1'), 900);
    expect(registry.get('a', 999)).toBeDefined();
    const swept = registry.sweep(1_000);
    expect(swept.map((s) => [s.id, s.status])).toEqual([
      ['a', { type: 'evicted', reason: 'ttl', at_ms: 1_000 }],
    ]);
    expect(registry.get('a', 1_000)).toBeUndefined();
    expect(registry.apply('b', { type: 'evict' }, 1_200)?.status).toMatchObject({ reason: 'explicit' });
    expect(registry.size()).toBe(0);
    expect(registry.open('b', 1_300)).toMatchObject({ turns: 0, created_at_ms: 1_300 });
  });
});

describe('session view on the wire', () => {
  it('reports whole milliseconds even when the clock is fractional [CORE-050]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500_000, noNaN: true }), (elapsed) => {
        const view = sessionView(openSession('s', 0.25, { budget: { time_ms: 1234.5 } }), 0.25 + elapsed);
        expect(Number.isInteger(view.ttl_ms_remaining)).toBe(true);
        expect(view.time_budget_remaining_ms).toBe(1234);
      }),
      RUNS,
    );
  });

  it('keeps the client that opened it through every event [CORE-056]', () => {
    expect(openSession('s', 0).client).toBeNull();
    fc.assert(
      fc.property(fc.constantFrom('aider', 'owner'), timelineArb, (client, timeline) => {
        let s = openSession('s', 0, { client, max_turns: 50 });
        for (const [event, at] of timeline) {
          s = applySessionEvent(s, event, at);
          expect(s.client).toBe(client);
        }
      }),
      RUNS,
    );
    const registry = createSessionRegistry();
    registry.open('x', 0, { client: 'aider' });
    expect(registry.open('x', 1, { client: 'codex' }).client).toBe('aider');
  });
});
