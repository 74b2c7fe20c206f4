// Cross-section rules the per-field schema cannot express (CFG-009, CFG-019, CFG-020), and the
// IssueSink all rules report through. Rules are pure functions over already-typed
// values, so they can be tested and reused without zod in the way.
import type { z } from 'zod';

export interface RuleIssue {
  path: (string | number)[];
  message: string;
}
export type IssueSink = (issue: RuleIssue) => void;

export function toSink(ctx: z.RefinementCtx): IssueSink {
  return ({ path, message }) => ctx.addIssue({ code: 'custom', path, message });
}

interface ConfigRuleInput {
  server: { bind: string; port: number };
  pool_manager: { bind: string; port: number };
  pools: { id: string; price?: object | undefined }[];
  models: { id: string; price?: object | undefined }[];
  sessions: { enforce: boolean; budgets?: { tokens?: number; time_ms?: number; cost?: number } | undefined };
  policy: { allow_domains: string[]; deny_domains: string[] };
  catalog: { trust_policy: string; trusted_keys: { id: string }[] };
}

export function checkConfig(config: ConfigRuleInput, report: IssueSink): void {
  const seen = new Map<string, string>();
  const entries = [
    ...config.pools.map((p, i) => ({ section: 'pools', i, id: p.id, what: 'pool' })),
    ...config.models.map((m, i) => ({ section: 'models', i, id: m.id, what: 'model' })),
  ];
  for (const { section, i, id, what } of entries) {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, `${section}[${i}]`);
    else report({ path: [section, i, 'id'], message: `${what} id "${id}" is already used by ${first}` });
  }
  if (entries.length === 0) {
    report({
      path: ['pools'],
      message: 'nothing to serve: add at least one pool under pools or one model under models',
    });
  }
  const { server, pool_manager } = config;
  if (server.port !== 0 && server.port === pool_manager.port && server.bind === pool_manager.bind) {
    report({
      path: ['pool_manager', 'port'],
      message: `clashes with server ${server.bind}:${server.port}; give pool-managerd its own port`,
    });
  }
  const budgets = config.sessions.budgets ?? {};
  if (config.sessions.enforce && Object.values(budgets).every((b) => b === undefined)) {
    report({
      path: ['sessions', 'enforce'],
      message: 'enforce is true but no budget is set: add sessions.budgets.tokens, time_ms or cost',
    });
  }
  // CFG-019: a cost budget no pool charges would never decrease.
  if (budgets.cost !== undefined && ![...config.pools, ...config.models].some((p) => p.price !== undefined)) {
    report({
      path: ['sessions', 'budgets', 'cost'],
      message: 'a cost budget needs a priced pool: add pools[].price, or remove sessions.budgets.cost',
    });
  }
  checkTrustedKeys(config.catalog, report);
  const allowed = new Set(config.policy.allow_domains.map((d) => d.toLowerCase()));
  config.policy.deny_domains.forEach((domain, i) => {
    if (allowed.has(domain.toLowerCase())) {
      report({
        path: ['policy', 'deny_domains', i],
        message: `${domain} is in both allow_domains and deny_domains`,
      });
    }
  });
}

/** CFG-020: strict verification needs a key to verify against, and a key_id must name one key. */
function checkTrustedKeys(catalog: ConfigRuleInput['catalog'], report: IssueSink): void {
  if (catalog.trust_policy === 'strict' && catalog.trusted_keys.length === 0) {
    report({
      path: ['catalog', 'trusted_keys'],
      message:
        'trust_policy strict needs at least one trusted Ed25519 public key to verify model signatures against: add {id, public_key} here, or use trust_policy permissive',
    });
  }
  const seen = new Map<string, number>();
  catalog.trusted_keys.forEach((key, i) => {
    const first = seen.get(key.id);
    if (first === undefined) seen.set(key.id, i);
    else
      report({
        path: ['catalog', 'trusted_keys', i, 'id'],
        message: `key id "${key.id}" is already used by trusted_keys[${first}]`,
      });
  });
}
