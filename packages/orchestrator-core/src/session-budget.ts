// CORE-032, CORE-053: per-session budgets. Charging only ever subtracts and
// clamps at zero, so a remaining budget is monotone whatever usage is reported
// (a negative or garbled charge cannot refill it).
import { requireNumberInRange } from './errors.js';

/** Remaining allowance per dimension; an absent dimension is not enforced. */
export interface SessionBudget {
  readonly tokens?: number;
  readonly time_ms?: number;
  readonly cost?: number;
}

/** Usage of one turn. */
export interface BudgetCharge {
  /** Prompt plus generated tokens. */
  tokens: number;
  /** Wall time the turn occupied a slot. */
  time_ms: number;
  /** Cost in the deployment's unit (e.g. estimated watt-hours); 0 when not tracked. */
  cost: number;
}

export type BudgetDimension = 'tokens' | 'time_ms' | 'cost';

/** What a new request would need from the budget before it is admitted. */
export interface BudgetNeed {
  /** Worst case: prompt tokens + max_tokens. */
  tokens: number;
  /** Expected cost, when the deployment prices requests up front; default 0. */
  cost?: number;
}

export type BudgetCheck =
  { type: 'covered' } | { type: 'exhausted'; dimension: BudgetDimension; remaining: number; needed: number };

export const unlimitedBudget = (): SessionBudget => ({});

export function validateBudget(budget: SessionBudget): SessionBudget {
  const out: { tokens?: number; time_ms?: number; cost?: number } = {};
  if (budget.tokens !== undefined)
    out.tokens = requireNumberInRange('budget.tokens', budget.tokens, 0, Number.MAX_SAFE_INTEGER);
  if (budget.time_ms !== undefined) {
    out.time_ms = requireNumberInRange('budget.time_ms', budget.time_ms, 0, Number.MAX_SAFE_INTEGER);
  }
  if (budget.cost !== undefined)
    out.cost = requireNumberInRange('budget.cost', budget.cost, 0, Number.MAX_VALUE);
  return out;
}

const spend = (remaining: number | undefined, used: number): number | undefined =>
  remaining === undefined
    ? undefined
    : Math.max(0, remaining - (Number.isFinite(used) ? Math.max(0, used) : remaining));

/** Subtracts one turn's usage; unknown (non-finite) usage exhausts the dimension rather than ignoring it. */
export function chargeBudget(budget: SessionBudget, charge: BudgetCharge): SessionBudget {
  const out: { tokens?: number; time_ms?: number; cost?: number } = {};
  const tokens = spend(budget.tokens, charge.tokens);
  const time_ms = spend(budget.time_ms, charge.time_ms);
  const cost = spend(budget.cost, charge.cost);
  if (tokens !== undefined) out.tokens = tokens;
  if (time_ms !== undefined) out.time_ms = time_ms;
  if (cost !== undefined) out.cost = cost;
  return out;
}

/**
 * CORE-032: can the budget cover a new request? Tokens must cover the worst
 * case; time and cost must not be spent already (their use is only known after
 * the turn), and cost must also cover a known up-front price.
 */
export function budgetCovers(budget: SessionBudget, need: BudgetNeed): BudgetCheck {
  if (budget.tokens !== undefined && need.tokens > budget.tokens) {
    return { type: 'exhausted', dimension: 'tokens', remaining: budget.tokens, needed: need.tokens };
  }
  if (budget.time_ms !== undefined && budget.time_ms <= 0) {
    return { type: 'exhausted', dimension: 'time_ms', remaining: budget.time_ms, needed: 1 };
  }
  const cost = need.cost ?? 0;
  if (budget.cost !== undefined && (budget.cost <= 0 || cost > budget.cost)) {
    return { type: 'exhausted', dimension: 'cost', remaining: budget.cost, needed: cost };
  }
  return { type: 'covered' };
}
