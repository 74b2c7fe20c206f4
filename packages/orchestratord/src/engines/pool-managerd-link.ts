// ORCHD-045, POOL-009, POOL-022, POOL-026, MET-019, MET-026, MET-033, MET-037..MET-039: orchestratord's
// side of pool-managerd. It connects to a pool-managerd that runs elsewhere (in
// its own process, or beside us when the launcher runs both) and knows replicas
// only through the typed pool client: a registry fed by GET /v1/replicas and
// the followEvents() stream. Each
// configured replica id gets a routed adapter for the data plane; state
// changes reach the prober at once (Unready on any exit from Ready, a probe on
// Ready), GPU figures become the gpu_utilization / vram_used_bytes / vram_total_bytes
// series, each reading publishes replica states and restarts (replica-series), and
// each replica serves the model pool-managerd reports (it changes on reload).
import { setTimeout as delay } from 'node:timers/promises';
import {
  createPoolClient,
  type LlorchConfig,
  type Gpu,
  type PoolClient,
  type Replica,
  type ReplicaStateChange,
} from '@llama-orch/contracts';
import type { Logger } from 'pino';
import type { OrchestratordApp } from '../app.js';
import type { ReplicaBinding } from '../replicas/replica-set.js';
import { createReplicaSeries, type ReplicaSeries } from './replica-series.js';
import { createRoutedAdapter } from './routed-adapter.js';

export interface PoolManagerLinkOptions {
  config: LlorchConfig;
  token: string;
  logger: Logger;
  /** The pool-managerd to follow, e.g. http://127.0.0.1:8090. */
  url: string;
  /** Registry and GPU refresh interval; default 2000 ms. */
  refreshMs?: number;
}

export interface PoolManagerLink {
  readonly url: string;
  readonly client: PoolClient;
  /** One binding per configured replica id, for startOrchestratord({ replicas }). */
  readonly bindings: ReplicaBinding[];
  replica(id: string): Replica | undefined;
  /** The GPU inventory as last read (on the refresh interval and on refreshGpus). */
  gpus(): readonly Gpu[];
  /** Re-reads the replica registry now (e.g. right after a reload answered). */
  refresh(): Promise<void>;
  /** Re-reads the GPU inventory now (e.g. after an unload returned memory). */
  refreshGpus(): Promise<void>;
  /** Feeds registry changes into the daemon's prober and metrics. */
  attach(daemon: OrchestratordApp): void;
  /** Stops following. pool-managerd and its engines keep running: they are not ours. */
  stop(): Promise<void>;
}

/** pool-managerd answered the registry read with an error status (issue 14 B.6). */
class RegistryRefusal extends Error {
  constructor(url: string, status: number) {
    super(
      status === 401 || status === 403
        ? `pool-managerd at ${url} refused our API token (${status}): orchestratord and pool-managerd must ` +
            'share one token (the same LLORCH_API_TOKEN or server.token_file)'
        : `pool-managerd at ${url} answered GET /v1/replicas with ${status}; check its log`,
    );
    this.name = 'RegistryRefusal';
  }
}

export async function startPoolManagerLink(options: PoolManagerLinkOptions): Promise<PoolManagerLink> {
  const { config, logger, url } = options;
  const client = createPoolClient({ baseUrl: url, token: options.token });
  const registry = new Map<string, Replica>();
  const following = new AbortController();
  let daemon: OrchestratordApp | undefined;
  let series: ReplicaSeries | undefined;

  /** HOME-008, MET-033: each pool's CPU development fallback label, as pool-managerd reports it. */
  const publishCpuFallback = (): void => {
    if (daemon === undefined) return;
    for (const pool of config.pools) {
      const replicas = [...registry.values()].filter((r) => r.pool_id === pool.id);
      const cpu = replicas.length === 0 ? pool.devices === 'cpu' : replicas.some((r) => r.cpu_fallback);
      daemon.metrics.set('pool_cpu_fallback', { pool_id: pool.id }, cpu ? 1 : 0);
    }
  };

  const refresh = async (): Promise<void> => {
    const { data, response } = await client.GET('/v1/replicas', { signal: AbortSignal.timeout(5_000) });
    // A refusal is not "no replicas": a token mismatch would otherwise look like an empty host.
    if (!response.ok) throw new RegistryRefusal(url, response.status);
    for (const replica of data?.replicas ?? []) registry.set(replica.id, replica);
    publishCpuFallback();
    series?.replicas(registry.values());
  };

  const pushToDataPlane = (change: ReplicaStateChange): void => {
    if (daemon === undefined) return;
    if (change.to === 'Ready') return daemon.dataPlane.replicaChanged(change.replica_id, { ready: true });
    // HOME-014: a retry's transitions carry no reason; keep the failure (e.g. the self-test step) in view.
    const lastError = registry.get(change.replica_id)?.last_error;
    const last = lastError && lastError !== change.reason ? `; last error: ${lastError}` : '';
    const reason = `pool-managerd: ${change.from} -> ${change.to}${change.reason ? ` (${change.reason})` : ''}${last}`;
    daemon.dataPlane.replicaChanged(change.replica_id, { ready: false, reason });
  };

  const followEvents = async (): Promise<void> => {
    while (!following.signal.aborted) {
      try {
        // Read the registry once the stream is open, so no change falls between the two.
        const events = client.followEvents({ signal: following.signal, onOpen: refresh });
        for await (const { data: change } of events) {
          const known = registry.get(change.replica_id);
          if (known !== undefined) registry.set(change.replica_id, { ...known, state: change.to });
          // Endpoint, version and digest may have changed with the state: read them before acting.
          await refresh().catch(() => undefined);
          pushToDataPlane(change);
        }
      } catch (err) {
        if (following.signal.aborted) return;
        logger.warn(
          { err: err instanceof Error ? err.message : String(err), pool_managerd: url },
          'pool-managerd event stream lost; reconnecting',
        );
      }
      await delay(1_000, undefined, { signal: following.signal }).catch(() => undefined);
    }
  };

  // The label set each replica's device was last published under: a replica whose engine version
  // becomes known (or changes on reload) must not leave its old series behind, frozen (MET-020).
  const publishedGpuLabels = new Map<string, Record<string, string>>();
  /** The GPU inventory as last read: the metrics below and residency's plans (ORCHD-076) both use it. */
  let inventory: readonly Gpu[] = [];
  const refreshGpus = async (): Promise<void> => {
    const { data } = await client.GET('/v1/gpus', { signal: AbortSignal.timeout(5_000) });
    if (data !== undefined) inventory = data.gpus;
  };
  const publishGpuMetrics = async (): Promise<void> => {
    await refreshGpus();
    if (daemon === undefined) return;
    for (const replica of registry.values()) {
      for (const index of replica.devices) {
        const gpu = inventory.find((g) => g.index === index);
        if (gpu === undefined) continue;
        const labels = {
          engine: replica.engine,
          engine_version: replica.engine_version ?? '',
          pool_id: replica.pool_id,
          replica_id: replica.id,
          device: gpu.uuid,
        };
        const key = `${replica.id}|${gpu.uuid}`;
        const before = publishedGpuLabels.get(key);
        if (before !== undefined && before['engine_version'] !== labels.engine_version) {
          daemon.metrics.remove('gpu_utilization', before);
          daemon.metrics.remove('vram_used_bytes', before);
          series?.dropCardSize(before);
        }
        publishedGpuLabels.set(key, labels);
        if (gpu.utilization_ratio !== null)
          daemon.metrics.set('gpu_utilization', labels, gpu.utilization_ratio);
        if (gpu.memory_used_bytes !== null)
          daemon.metrics.set('vram_used_bytes', labels, gpu.memory_used_bytes);
        series?.cardSize(labels, gpu);
      }
    }
  };

  const poll = async (): Promise<void> => {
    while (!following.signal.aborted) {
      await delay(options.refreshMs ?? 2_000, undefined, { signal: following.signal }).catch(() => undefined);
      if (following.signal.aborted) return;
      await refresh().catch((err: unknown) =>
        logger.warn({ err: (err as Error).message }, 'pool-managerd registry refresh failed'),
      );
      await publishGpuMetrics().catch(() => undefined);
    }
  };

  try {
    await refresh();
  } catch (err) {
    if (err instanceof RegistryRefusal) throw err;
    throw new Error(
      `pool-managerd at ${url} does not answer (${(err as Error).message}); check that it runs and shares the API token`,
    );
  }
  await refreshGpus().catch(() => undefined);
  void followEvents();
  void poll();

  const bindings: ReplicaBinding[] = config.pools.flatMap((pool) =>
    Array.from({ length: pool.replicas }, (_, i) => {
      const id = `${pool.id}-${i}`;
      return {
        pool_id: pool.id,
        replica_id: id,
        adapter: createRoutedAdapter(pool, id, (rid) => registry.get(rid)),
        devices: pool.devices,
        servedModel: () => registry.get(id)?.model_ref,
      };
    }),
  );

  return {
    url,
    client,
    bindings,
    replica: (id) => registry.get(id),
    gpus: () => inventory,
    refresh,
    refreshGpus,
    attach(app) {
      daemon = app;
      series = createReplicaSeries(app.metrics);
      publishCpuFallback();
      series.replicas(registry.values());
    },
    stop: async () => following.abort(),
  };
}
