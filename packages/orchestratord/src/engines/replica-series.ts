// MET-037, MET-038, MET-039: what pool-managerd's registry and GPU inventory
// say about replicas and cards, as the series dashboards and alert rules read:
// replica_state (one 0/1 sample per state, as model_state does for models),
// replica_restarts_total (each rise of the registry's restart count) and
// vram_total_bytes beside vram_used_bytes. Kept apart from the link, which
// only decides when to read; this module decides what a reading publishes.
import { REPLICA_STATES, type Gpu, type Replica } from '@llama-orch/contracts';
import type { DaemonMetrics, Labels } from '../metrics/metrics-registry.js';

export interface ReplicaSeries {
  /** Publishes each replica's state and any rise of its restart count. */
  replicas(replicas: Iterable<Replica>): void;
  /** Publishes the size of each card a replica's mask names, under vram_used_bytes' labels. */
  cardSize(labels: Labels, gpu: Gpu): void;
  /** Drops a card's size published under labels that no longer apply (an engine version change). */
  dropCardSize(labels: Labels): void;
}

export function createReplicaSeries(metrics: DaemonMetrics): ReplicaSeries {
  const stateLabels = new Map<string, Labels>();
  const restartsSeen = new Map<string, number>();

  const publishState = (replica: Replica): void => {
    const labels = {
      engine: replica.engine,
      engine_version: replica.engine_version ?? '',
      pool_id: replica.pool_id,
      replica_id: replica.id,
    };
    const before = stateLabels.get(replica.id);
    if (before !== undefined && before['engine_version'] !== labels.engine_version) {
      for (const state of REPLICA_STATES)
        metrics.remove('replica_state', { ...before, replica_state: state });
    }
    stateLabels.set(replica.id, labels);
    for (const state of REPLICA_STATES) {
      metrics.set('replica_state', { ...labels, replica_state: state }, state === replica.state ? 1 : 0);
    }
  };

  const publishRestarts = (replica: Replica): void => {
    const labels = { pool_id: replica.pool_id, replica_id: replica.id };
    const seen = restartsSeen.get(replica.id);
    restartsSeen.set(replica.id, replica.restarts);
    // The first reading is the baseline (the series appears at 0); a lower count means
    // pool-managerd itself restarted, which is a new baseline, not a negative rise.
    if (seen === undefined) metrics.inc('replica_restarts_total', labels, 0);
    else if (replica.restarts > seen) metrics.inc('replica_restarts_total', labels, replica.restarts - seen);
  };

  return {
    replicas(replicas) {
      for (const replica of replicas) {
        publishState(replica);
        publishRestarts(replica);
      }
    },
    cardSize(labels, gpu) {
      if (gpu.memory_total_bytes !== null) metrics.set('vram_total_bytes', labels, gpu.memory_total_bytes);
    },
    dropCardSize(labels) {
      metrics.remove('vram_total_bytes', labels);
    },
  };
}
