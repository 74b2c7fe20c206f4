// ORCHD-090, ORCHD-091, ORCHD-093, MET-041..MET-043: the per-client usage ledger over a real
// metrics registry built from the contract: what each client holds and used, its two limit
// checks, and the canRun a dispatcher asks before giving it another slot.
import { loadMetricsContract, lintMetricsExposition, parseConfig } from '@llama-orch/contracts';
import { describe, expect, it } from 'vitest';
import { createClientLedger } from '../src/clients/client-usage.js';
import { createDaemonMetrics } from '../src/index.js';
import { samplesOf } from './support/metrics-scrape.js';

const contract = await loadMetricsContract();

function ledgerOf(clients: Record<string, unknown>[]) {
  const config = parseConfig({
    pools: [{ id: 'p', engine: 'llamacpp', model: { ref: 'm' }, devices: 'cpu', allow_cpu_fallback: true }],
    clients,
  });
  const metrics = createDaemonMetrics(contract);
  return { ledger: createClientLedger(config.clients, metrics), metrics };
}

const aider = (extra: Record<string, unknown> = {}) => ({
  name: 'aider',
  token_env: 'AIDER_TOKEN',
  ...extra,
});
const slot = { outcome: 'completed' as const, heldSlot: true, tokensIn: 10, tokensOut: 5, heldMs: 2_000 };

describe('the client ledger', () => {
  it('publishes every client series at zero for each configured client and the owner [MET-041]', async () => {
    const { ledger, metrics } = ledgerOf([aider(), { name: 'codex', token_env: 'CODEX_TOKEN' }]);
    expect(ledger.names()).toEqual(['aider', 'codex', 'owner']);
    const text = await metrics.render();
    expect(lintMetricsExposition(text, contract).problems).toEqual([]);
    for (const client of ['aider', 'codex', 'owner']) {
      expect(samplesOf(text, 'client_tasks_total', { client }).map((s) => s.value)).toEqual([0, 0, 0, 0]);
      expect(samplesOf(text, 'client_refusals_total', { client })).toHaveLength(4);
      expect(samplesOf(text, 'client_tokens_total', { client })).toHaveLength(2);
      expect(samplesOf(text, 'client_gpu_seconds_total', { client })).toHaveLength(1);
      expect(samplesOf(text, 'client_tasks_queued', { client })[0]?.value).toBe(0);
      expect(samplesOf(text, 'client_tasks_running', { client })[0]?.value).toBe(0);
    }
  });

  it('follows a task from admission through a slot to its end [MET-042, MET-043]', async () => {
    const { ledger, metrics } = ledgerOf([aider()]);
    ledger.admitted('aider');
    ledger.admitted('aider');
    ledger.publish();
    let text = await metrics.render();
    expect(samplesOf(text, 'client_tasks_queued', { client: 'aider' })[0]?.value).toBe(2);
    ledger.dispatched('aider', 1_000);
    ledger.ended('aider', { ...slot, heldMs: 2_500 }, 3_500);
    ledger.ended(
      'aider',
      { outcome: 'canceled', heldSlot: false, tokensIn: 0, tokensOut: 0, heldMs: 0 },
      3_600,
    );
    ledger.publish();
    text = await metrics.render();
    expect(ledger.view('aider', 3_600)).toMatchObject({
      queued: 0,
      running: 0,
      tokens_last_minute: 15,
      totals: {
        admitted: 2,
        completed: 1,
        canceled: 1,
        failed: 0,
        tokens_in: 10,
        tokens_out: 5,
        gpu_seconds: 2.5,
      },
    });
    expect(
      samplesOf(text, 'client_tasks_total', { client: 'aider', task_outcome: 'completed' })[0]?.value,
    ).toBe(1);
    expect(samplesOf(text, 'client_tokens_total', { client: 'aider', direction: 'in' })[0]?.value).toBe(10);
    expect(samplesOf(text, 'client_gpu_seconds_total', { client: 'aider' })[0]?.value).toBe(2.5);
    expect(
      samplesOf(text, 'client_tasks_total', { client: 'owner', task_outcome: 'admitted' })[0]?.value,
    ).toBe(0);
  });

  it('refuses past max_concurrent + max_queued, counting the refusal by limit [ORCHD-090]', async () => {
    const { ledger, metrics } = ledgerOf([aider({ max_concurrent: 1, max_queued: 1 })]);
    expect(ledger.check('aider', 0)).toEqual({ type: 'ok' });
    ledger.admitted('aider');
    ledger.dispatched('aider', 0);
    ledger.admitted('aider');
    const verdict = ledger.check('aider', 100);
    expect(verdict).toMatchObject({ type: 'refused', limit: 'max_concurrent' });
    if (verdict.type === 'refused') {
      expect(verdict.retry_after_ms).toBeGreaterThanOrEqual(1_000);
      expect(verdict.message).toMatch(/client aider .*max_concurrent 1/);
    }
    expect(ledger.view('aider', 100).totals.refused).toEqual({
      max_concurrent: 1,
      tokens_per_minute: 0,
      max_priority: 0,
      models: 0,
    });
    const text = await metrics.render();
    expect(
      samplesOf(text, 'client_refusals_total', { client: 'aider', limit: 'max_concurrent' })[0]?.value,
    ).toBe(1);
    ledger.ended('aider', slot, 2_000);
    expect(ledger.check('aider', 2_000)).toEqual({ type: 'ok' });
  });

  it('max_queued defaults to max_concurrent and the owner is never limited [ORCHD-090]', () => {
    const { ledger } = ledgerOf([aider({ max_concurrent: 2 })]);
    for (let i = 0; i < 4; i += 1) {
      expect(ledger.check('aider', 0).type).toBe('ok');
      ledger.admitted('aider');
    }
    expect(ledger.check('aider', 0).type).toBe('refused');
    for (let i = 0; i < 100; i += 1) ledger.admitted('owner');
    expect(ledger.check('owner', 0).type).toBe('ok');
  });

  it('refuses once the last 60 s reached tokens_per_minute, until enough ages out [ORCHD-091]', () => {
    const { ledger } = ledgerOf([aider({ tokens_per_minute: 20 })]);
    ledger.admitted('aider');
    ledger.dispatched('aider', 0);
    ledger.ended('aider', { ...slot, tokensIn: 15, tokensOut: 5 }, 10_000);
    const verdict = ledger.check('aider', 30_000);
    expect(verdict).toMatchObject({ type: 'refused', limit: 'tokens_per_minute', retry_after_ms: 40_000 });
    expect(ledger.check('aider', 70_000)).toEqual({ type: 'ok' });
  });

  it('lets a client run while it holds fewer slots than max_concurrent [ORCHD-093]', () => {
    const { ledger } = ledgerOf([aider({ max_concurrent: 1 })]);
    expect(ledger.canRun('aider')).toBe(true);
    ledger.admitted('aider');
    ledger.admitted('aider');
    ledger.dispatched('aider', 0);
    expect(ledger.canRun('aider')).toBe(false);
    expect(ledger.canRun('owner')).toBe(true);
    ledger.ended('aider', slot, 1_000);
    expect(ledger.canRun('aider')).toBe(true);
  });
});
