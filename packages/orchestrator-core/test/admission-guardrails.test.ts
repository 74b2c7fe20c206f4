// Guardrails before enqueue: typed refusals in a fixed order, never exceptions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backpressureRejection,
  checkAdmission,
  createPoolQueue,
  type AdmissionContext,
  type PlacementDecision,
  type QueueItem,
} from '../src/index.js';
import { RUNS } from './support/arbitraries.js';

const waitIn = (predicted_start_ms: number): PlacementDecision => ({
  type: 'wait',
  pool_id: 'p',
  predicted_start_ms,
});
const context = (overrides: Partial<AdmissionContext> = {}): AdmissionContext => ({
  model_ctx_max: 8_192,
  placement: waitIn(0),
  service_ms: 1_000,
  ...overrides,
});
const request = { ctx: 4_096, prompt_tokens: 1_000, max_tokens: 512 };

describe('admission guardrails', () => {
  it('admits a request that passes every guardrail, with its predicted start', () => {
    expect(checkAdmission(request, context({ placement: waitIn(1_500) }))).toEqual({
      type: 'admitted',
      pool_id: 'p',
      predicted_start_ms: 1_500,
      on_time_probability: null,
    });
  });

  it('refuses ctx above the model limit with INVALID_PARAMS [CORE-030]', () => {
    expect(checkAdmission({ ...request, ctx: 16_384 }, context())).toMatchObject({
      type: 'rejected',
      code: 'INVALID_PARAMS',
      reason: 'ctx-over-model-limit',
      retriable: false,
    });
  });

  it('refuses prompt + max_tokens above ctx with INVALID_PARAMS [CORE-031]', () => {
    const result = checkAdmission({ ...request, prompt_tokens: 4_000, max_tokens: 97 }, context());
    expect(result).toMatchObject({ type: 'rejected', code: 'INVALID_PARAMS', reason: 'prompt-over-ctx' });
    expect(result.type === 'rejected' && result.message).toMatch(/4097 exceeds ctx 4096/);
    expect(checkAdmission({ ...request, prompt_tokens: 4_000, max_tokens: 96 }, context()).type).toBe(
      'admitted',
    );
  });

  it('refuses when the session budget cannot cover the request, naming the dimension [CORE-032]', () => {
    const cases = [
      { budget: { tokens: 1_511 }, dimension: 'tokens' },
      { budget: { time_ms: 0 }, dimension: 'time_ms' },
      { budget: { cost: 0 }, dimension: 'cost' },
    ];
    for (const { budget, dimension } of cases) {
      const result = checkAdmission(request, context({ budget }));
      expect(result).toMatchObject({
        type: 'rejected',
        code: 'ADMISSION_REJECT',
        reason: 'budget-exhausted',
        policy_label: 'budget',
      });
      expect(result.type === 'rejected' && result.message).toContain(dimension);
    }
    expect(checkAdmission(request, context({ budget: { tokens: 1_512, time_ms: 1, cost: 0.5 } })).type).toBe(
      'admitted',
    );
  });

  it('passes placement refusals through with their code: POOL_UNREADY vs POOL_UNAVAILABLE [CORE-027]', () => {
    for (const code of ['POOL_UNREADY', 'POOL_UNAVAILABLE'] as const) {
      const placement: PlacementDecision = {
        type: 'refused',
        code,
        reason: code === 'POOL_UNREADY' ? 'no-ready-replica' : 'no-pool',
        pools: [],
        retriable: code === 'POOL_UNREADY',
        message: 'x',
      };
      expect(checkAdmission(request, context({ placement }))).toMatchObject({ type: 'rejected', code });
    }
  });

  it('refuses a deadline the predicted start already misses with DEADLINE_UNMET [CORE-033]', () => {
    expect(
      checkAdmission({ ...request, deadline_ms: 2_000 }, context({ placement: waitIn(2_000) })),
    ).toMatchObject({
      type: 'rejected',
      code: 'DEADLINE_UNMET',
      pool_id: 'p',
    });
    const ok = checkAdmission({ ...request, deadline_ms: 10_000 }, context({ placement: waitIn(2_000) }));
    expect(ok).toMatchObject({ type: 'admitted' });
    expect(ok.type === 'admitted' && ok.on_time_probability).toBeGreaterThan(0.9);
    // A pool may be stricter than "start before the deadline".
    const strict = context({ placement: waitIn(2_000), min_on_time_probability: 0.99 });
    expect(checkAdmission({ ...request, deadline_ms: 3_200 }, strict)).toMatchObject({
      code: 'DEADLINE_UNMET',
    });
  });

  it('checks in a fixed order and never throws: shape, then budget, then pool, then deadline [CORE-034] [CORE-003]', () => {
    const placementArb = fc.oneof(
      fc.nat({ max: 20_000 }).map(waitIn),
      fc.constant<PlacementDecision>({
        type: 'refused',
        code: 'POOL_UNREADY',
        reason: 'no-ready-replica',
        pools: [],
        retriable: true,
        message: 'not ready',
      }),
    );
    fc.assert(
      fc.property(
        fc.record({
          ctx: fc.integer({ min: 1, max: 20_000 }),
          prompt_tokens: fc.nat({ max: 20_000 }),
          max_tokens: fc.integer({ min: 1, max: 20_000 }),
          deadline_ms: fc.option(fc.integer({ min: -100, max: 30_000 }), { nil: null }),
        }),
        fc.option(fc.record({ tokens: fc.nat({ max: 40_000 }) }), { nil: null }),
        placementArb,
        (req, budget, placement) => {
          const result = checkAdmission(req, context({ budget, placement }));
          const over = req.ctx > 8_192;
          const tooLong = !over && req.prompt_tokens + req.max_tokens > req.ctx;
          const broke =
            !over && !tooLong && budget !== null && req.prompt_tokens + req.max_tokens > budget.tokens;
          const reason = result.type === 'rejected' ? result.reason : 'admitted';
          if (over) expect(reason).toBe('ctx-over-model-limit');
          else if (tooLong) expect(reason).toBe('prompt-over-ctx');
          else if (broke) expect(reason).toBe('budget-exhausted');
          else if (placement.type === 'refused') expect(reason).toBe('no-ready-replica');
          else if (req.deadline_ms !== null && placement.predicted_start_ms >= req.deadline_ms) {
            expect(reason).toBe('deadline-unmet');
          } else expect(reason).toBe('admitted');
        },
      ),
      RUNS,
    );
  });

  it('turns a full-queue refusal into a 429 body carrying the computed retry hint [CORE-017] [CORE-043]', () => {
    const queue = createPoolQueue<QueueItem>({ capacity: 1, full_policy: 'reject' });
    queue.enqueue({ id: 'a', priority: 'batch' });
    const refused = queue.enqueue({ id: 'b', priority: 'batch' });
    expect(refused.type).toBe('refused');
    if (refused.type !== 'refused') return;
    expect(backpressureRejection(refused, 1_234, 'p')).toMatchObject({
      type: 'rejected',
      code: 'ADMISSION_REJECT',
      reason: 'queue-full',
      policy_label: 'reject',
      retriable: true,
      retry_after_ms: 1_234,
      pool_id: 'p',
    });
  });
});
