// ORCHD-096: the wire view of each agent client for GET /v1/clients, built fresh from its config
// entry and the usage ledger: configured clients in config order, then the owner.
import { OWNER_CLIENT, type ClientUsage, type LlorchConfig } from '@llama-orch/contracts';
import type { ClientLedger } from './client-usage.js';

export function clientViews(config: LlorchConfig, ledger: ClientLedger, now_ms: number): ClientUsage[] {
  const queuedTotal = ledger.queuedTotal();
  return ledger.names().map((name) => {
    const entry = config.clients.find((c) => c.name === name);
    const view = ledger.view(name, now_ms);
    const { refused, ...counts } = view.totals;
    return {
      name,
      owner: name === OWNER_CLIENT,
      weight: entry?.weight ?? 1,
      max_priority: entry?.max_priority ?? 'interactive',
      limits: { ...view.limits, models: entry?.models === undefined ? null : [...entry.models] },
      usage: {
        ...counts,
        refused: { ...refused },
        gpu_seconds: Math.round(counts.gpu_seconds * 1000) / 1000,
      },
      now: {
        queued: view.queued,
        running: view.running,
        queue_share: queuedTotal === 0 ? 0 : view.queued / queuedTotal,
        tokens_last_minute: view.tokens_last_minute,
      },
    };
  });
}
