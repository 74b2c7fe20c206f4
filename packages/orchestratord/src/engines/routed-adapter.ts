// ORCHD-045, POOL-009, POOL-027: the adapter the data plane holds for one
// replica id (`<pool>-<n>`, stable across restarts and reloads). It follows
// pool-managerd's registry: while pool-managerd reports the replica anything
// but Ready it answers health as down (so the prober never dispatches to it),
// and when the engine behind the id moves (restart on a new port, reload onto
// a new model) the next call goes to the new endpoint.
import type { Engine, PoolConfig, Replica } from '@llama-orch/contracts';
import {
  AdapterError,
  adapterFor,
  type CompletionRequest,
  type EngineAdapter,
  type EngineHealth,
} from '@llama-orch/worker-adapters';

export type RegistryLookup = (replicaId: string) => Replica | undefined;

export function createRoutedAdapter(
  pool: PoolConfig,
  replicaId: string,
  lookup: RegistryLookup,
): EngineAdapter {
  const engine: Engine = pool.engine;
  let cached: { key: string; adapter: EngineAdapter } | undefined;

  const current = (): EngineAdapter | undefined => {
    const replica = lookup(replicaId);
    if (replica === undefined || replica.endpoint === null) return undefined;
    const metricsEndpoint = replica.metrics_endpoint ?? undefined;
    const key = `${replica.endpoint}|${metricsEndpoint ?? ''}|${replica.model_digest ?? ''}|${replica.engine_version ?? ''}`;
    if (cached?.key !== key) {
      cached = {
        key,
        adapter: adapterFor({
          engine,
          endpoint: replica.endpoint,
          modelRef: replica.model_ref,
          modelDigest: replica.model_digest,
          slots: Math.max(1, replica.slots_total),
          ctx: pool.ctx,
          engineVersion: replica.engine_version ?? undefined,
          kvBytesPerToken: replica.kv_bytes_per_token ?? null,
          metricsEndpoint,
          // The task watchdog (dispatch/watchdog.ts) enforces the pool's first_token_ms and
          // idle_ms; a second timer in the adapter would race it with another message.
          timeouts: { firstTokenMs: null, idleMs: null },
        }),
      };
    }
    return cached.adapter;
  };

  const required = (): EngineAdapter => {
    const adapter = current();
    if (adapter !== undefined) return adapter;
    const replica = lookup(replicaId);
    throw new AdapterError(
      'POOL_UNAVAILABLE',
      `replica ${replicaId} has no running engine (pool-managerd reports ${replica?.state ?? 'no such replica'}${replica?.last_error ? `: ${replica.last_error}` : ''})`,
      { engine },
    );
  };

  return {
    engine,
    get endpoint() {
      return lookup(replicaId)?.endpoint ?? '';
    },
    async health(signal): Promise<EngineHealth> {
      const replica = lookup(replicaId);
      if (replica?.state !== 'Ready') {
        const why =
          replica === undefined
            ? 'not known to pool-managerd'
            : `${replica.state}${replica.last_error ? `: ${replica.last_error}` : ''}`;
        return { type: 'down', detail: `pool-managerd reports replica ${replicaId} ${why}` };
      }
      return required().health(signal);
    },
    properties: (signal) => required().properties(signal),
    complete: (request: CompletionRequest) => required().complete(request),
    countTokens: (text, signal) => required().countTokens(text, signal),
    // Optional on the port: an engine without it makes callers fall back to a bound.
    countChatTokens: async (chat, signal) => {
      const adapter = required();
      if (adapter.countChatTokens === undefined) {
        throw new Error(`engine ${adapter.engine} cannot count chat prompt tokens`);
      }
      return adapter.countChatTokens(chat, signal);
    },
    metrics: (signal) => required().metrics(signal),
  };
}
