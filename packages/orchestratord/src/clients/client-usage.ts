// ORCHD-090..ORCHD-093, ORCHD-096, MET-041..MET-043: the per-client usage ledger. Admission,
// dispatch and the task lifecycle's one end door report each task's moves here; the ledger keeps
// what each agent client holds now (queued, holding an engine slot), what it used (tasks by
// outcome, tokens in and out, seconds on an engine slot, refusals by limit), the sliding 60 s
// token window and the drain of its own queue, and answers the two limit checks admission makes
// and the `canRun` the dispatcher asks. Every figure also moves the client's series, which exist
// at zero for every configured client and the owner from the start (the config bounds the labels).
import {
  DEFAULT_COLD_START_SERVICE_MS,
  NO_DRAIN_OBSERVED,
  ewmaObserve,
  observeDrain,
  type DrainRate,
  type Ewma,
} from '@llama-orch/orchestrator-core';
import { OWNER_CLIENT, type ClientConfig } from '@llama-orch/contracts';
import type { DaemonMetrics } from '../metrics/metrics-registry.js';
import {
  concurrencyRetryAfterMs,
  createTokenWindow,
  tokenRetryAfterMs,
  type TokenWindow,
} from './usage-window.js';

/** The limits whose refusal is a 429 decided by the ledger. */
export type ClientLimitName = 'max_concurrent' | 'tokens_per_minute';
export const CLIENT_LIMIT_LABELS = ['max_concurrent', 'tokens_per_minute', 'max_priority', 'models'] as const;
/** Every limit a refusal is counted under: the ledger's 429s and the policy's 403s (ORCHD-085). */
export type ClientRefusalLimit = (typeof CLIENT_LIMIT_LABELS)[number];
/** The limits whose refusal is a 403 decided by the client's policy (client-policy.ts). */
export type PolicyLimitName = Exclude<ClientRefusalLimit, ClientLimitName>;
export type TaskEndOutcome = 'completed' | 'failed' | 'canceled';

export interface ClientLimits {
  max_concurrent: number | null;
  /** Tasks that may wait beyond max_concurrent; null while max_concurrent is unset. */
  max_queued: number | null;
  tokens_per_minute: number | null;
}

export function limitsOf(config: ClientConfig | null): ClientLimits {
  const maxConcurrent = config?.max_concurrent ?? null;
  return {
    max_concurrent: maxConcurrent,
    max_queued: maxConcurrent === null ? null : (config?.max_queued ?? maxConcurrent),
    tokens_per_minute: config?.tokens_per_minute ?? null,
  };
}

export interface ClientTotals {
  admitted: number;
  completed: number;
  failed: number;
  canceled: number;
  refused: Record<ClientRefusalLimit, number>;
  tokens_in: number;
  tokens_out: number;
  gpu_seconds: number;
}

export interface ClientUsageView {
  name: string;
  limits: ClientLimits;
  totals: ClientTotals;
  queued: number;
  running: number;
  /** Prompt plus generated tokens charged in the last 60 s. */
  tokens_last_minute: number;
}

/** How a task that held a slot, or only waited, ended. */
export interface TaskEndUsage {
  outcome: TaskEndOutcome;
  /** True when the task held an engine slot (dispatched); false when it ended in the queue. */
  heldSlot: boolean;
  tokensIn: number;
  tokensOut: number;
  /** Milliseconds it held the slot; 0 when it never did. */
  heldMs: number;
}

export type LimitVerdict =
  { type: 'ok' } | { type: 'refused'; limit: ClientLimitName; retry_after_ms: number; message: string };

export interface ClientLedger {
  /** Configured client names, then the owner: the label set of the client series. */
  names(): readonly string[];
  /** Would one more task of this client be within its limits now? Refusals are counted. */
  check(name: string, now_ms: number): LimitVerdict;
  /** A request refused by the client's models or max_priority (403): counted like the 429s. */
  refusedByPolicy(name: string, limit: PolicyLimitName): void;
  admitted(name: string): void;
  /** One of its tasks left the queue for an engine slot. */
  dispatched(name: string, now_ms: number): void;
  ended(name: string, end: TaskEndUsage, now_ms: number): void;
  /** A dispatcher may give this client another slot: it holds fewer than its max_concurrent. */
  canRun(name: string): boolean;
  view(name: string, now_ms: number): ClientUsageView;
  /** Tasks waiting in a queue, over every client. */
  queuedTotal(): number;
  /** Sets the queued / running gauges from the ledger (at scrape time). */
  publish(): void;
}

interface Entry {
  readonly limits: ClientLimits;
  readonly totals: ClientTotals;
  readonly window: TokenWindow;
  queued: number;
  running: number;
  drain: DrainRate;
  service: Ewma | null;
}

const newTotals = (): ClientTotals => ({
  admitted: 0,
  completed: 0,
  failed: 0,
  canceled: 0,
  refused: { max_concurrent: 0, tokens_per_minute: 0, max_priority: 0, models: 0 },
  tokens_in: 0,
  tokens_out: 0,
  gpu_seconds: 0,
});

export function createClientLedger(clients: readonly ClientConfig[], metrics: DaemonMetrics): ClientLedger {
  const entries = new Map<string, Entry>();
  const add = (name: string, config: ClientConfig | null): Entry => {
    const entry: Entry = {
      limits: limitsOf(config),
      totals: newTotals(),
      window: createTokenWindow(),
      queued: 0,
      running: 0,
      drain: NO_DRAIN_OBSERVED,
      service: null,
    };
    entries.set(name, entry);
    // MET-041: every series at zero from the start.
    const client = { client: name };
    for (const outcome of ['admitted', 'completed', 'failed', 'canceled'])
      metrics.inc('client_tasks_total', { ...client, task_outcome: outcome }, 0);
    for (const limit of CLIENT_LIMIT_LABELS) metrics.inc('client_refusals_total', { ...client, limit }, 0);
    for (const direction of ['in', 'out']) metrics.inc('client_tokens_total', { ...client, direction }, 0);
    metrics.inc('client_gpu_seconds_total', client, 0);
    metrics.set('client_tasks_queued', client, 0);
    metrics.set('client_tasks_running', client, 0);
    return entry;
  };
  for (const config of clients) add(config.name, config);
  add(OWNER_CLIENT, null);
  // The auth hook only names configured clients or the owner; anything else is held unlimited.
  const of = (name: string): Entry => entries.get(name) ?? add(name, null);

  const count = (name: string, entry: Entry, limit: ClientRefusalLimit): void => {
    entry.totals.refused[limit] += 1;
    metrics.inc('client_refusals_total', { client: name, limit });
  };
  const refuse = (name: string, entry: Entry, limit: ClientLimitName, wait: number, message: string) => {
    count(name, entry, limit);
    return { type: 'refused' as const, limit, retry_after_ms: wait, message };
  };

  const leftQueue = (entry: Entry, now_ms: number): void => {
    entry.queued = Math.max(0, entry.queued - 1);
    entry.drain = observeDrain(entry.drain, now_ms);
  };

  return {
    names: () => [...entries.keys()],
    check(name, now_ms) {
      const entry = of(name);
      const {
        max_concurrent: maxConcurrent,
        max_queued: maxQueued,
        tokens_per_minute: perMinute,
      } = entry.limits;
      if (maxConcurrent !== null) {
        const held = entry.queued + entry.running;
        const room = maxConcurrent + (maxQueued ?? 0);
        if (held >= room) {
          const wait = concurrencyRetryAfterMs({
            drain: entry.drain,
            now_ms,
            service_ms: entry.service?.mean ?? DEFAULT_COLD_START_SERVICE_MS,
            max_concurrent: maxConcurrent,
          });
          return refuse(
            name,
            entry,
            'max_concurrent',
            wait,
            `client ${name} already has ${entry.running} running and ${entry.queued} queued tasks (max_concurrent ${maxConcurrent}, max_queued ${maxQueued ?? 0}); retry after ${Math.ceil(wait / 1000)} s or wait for one to end`,
          );
        }
      }
      if (perMinute !== null) {
        const used = entry.window.sum(now_ms);
        if (used >= perMinute) {
          const wait = tokenRetryAfterMs(entry.window, now_ms, perMinute);
          return refuse(
            name,
            entry,
            'tokens_per_minute',
            wait,
            `client ${name} used ${used} tokens in the last 60 s (tokens_per_minute ${perMinute}); retry after ${Math.ceil(wait / 1000)} s`,
          );
        }
      }
      return { type: 'ok' };
    },
    refusedByPolicy(name, limit) {
      count(name, of(name), limit);
    },
    admitted(name) {
      const entry = of(name);
      entry.queued += 1;
      entry.totals.admitted += 1;
      metrics.inc('client_tasks_total', { client: name, task_outcome: 'admitted' });
    },
    dispatched(name, now_ms) {
      const entry = of(name);
      leftQueue(entry, now_ms);
      entry.running += 1;
    },
    ended(name, end, now_ms) {
      const entry = of(name);
      if (end.heldSlot) entry.running = Math.max(0, entry.running - 1);
      else leftQueue(entry, now_ms);
      entry.totals[end.outcome] += 1;
      metrics.inc('client_tasks_total', { client: name, task_outcome: end.outcome });
      if (!end.heldSlot) return;
      const seconds = Math.max(0, end.heldMs) / 1000;
      entry.totals.tokens_in += end.tokensIn;
      entry.totals.tokens_out += end.tokensOut;
      entry.totals.gpu_seconds += seconds;
      entry.window.charge(now_ms, end.tokensIn + end.tokensOut);
      entry.service = ewmaObserve(entry.service, Math.max(0, end.heldMs));
      metrics.inc('client_tokens_total', { client: name, direction: 'in' }, end.tokensIn);
      metrics.inc('client_tokens_total', { client: name, direction: 'out' }, end.tokensOut);
      metrics.inc('client_gpu_seconds_total', { client: name }, seconds);
    },
    canRun(name) {
      const entry = entries.get(name);
      const max = entry?.limits.max_concurrent ?? null;
      return entry === undefined || max === null || entry.running < max;
    },
    view(name, now_ms) {
      const entry = of(name);
      return {
        name,
        limits: { ...entry.limits },
        totals: { ...entry.totals, refused: { ...entry.totals.refused } },
        queued: entry.queued,
        running: entry.running,
        tokens_last_minute: entry.window.sum(now_ms),
      };
    },
    queuedTotal: () => [...entries.values()].reduce((sum, e) => sum + e.queued, 0),
    publish() {
      for (const [name, entry] of entries) {
        metrics.set('client_tasks_queued', { client: name }, entry.queued);
        metrics.set('client_tasks_running', { client: name }, entry.running);
      }
    },
  };
}
