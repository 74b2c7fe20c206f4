// ORCHD pool operations on the data plane (ORCHD-042, ORCHD-045, ORCHD-073, POOL-026):
// what the pool-managerd link and the pool routes may ask of the plane, by name.
// Each of them is also a line in the status journal's pool events (ORCHD-080).
// A replica's reported change reaches the prober at once (a probe on Ready,
// Unready otherwise); a drain takes a pool's replicas out of placement and ends
// what is left at its deadline; a reload ends that drain and re-probes the pool.
import type { DataPlaneContext } from './data-plane-context.js';
import { cancelTask } from './tasks/task-control.js';

/** What pool-managerd reported about a replica: Ready (probe it now) or out of service, and why. */
export type ReplicaChange = { ready: true } | { ready: false; reason: string };

export interface PoolOperations {
  /** Unknown replica ids are ignored: pool-managerd may know replicas this daemon was not given. */
  replicaChanged(replicaId: string, change: ReplicaChange): void;
  /** Out of placement now; tasks still queued or running on the pool end as canceled (drain) near the deadline. */
  drainPool(poolId: string, deadlineMs: number): void;
  /** A reload brought the pool back: its drain deadline no longer applies (ORCHD-073). */
  endPoolDrain(poolId: string): void;
  /** Probes the pool's replicas (their engines may have changed) and wakes the dispatcher. */
  reprobePool(poolId: string): Promise<void>;
}

export function createPoolOperations(ctx: DataPlaneContext): PoolOperations {
  const drainDeadlines = new Map<string, NodeJS.Timeout>();

  const clearDrainDeadline = (poolId: string): void => {
    clearTimeout(drainDeadlines.get(poolId));
    drainDeadlines.delete(poolId);
  };
  const note = (poolId: string, replicaId: string | null, message: string): void =>
    ctx.journal.poolEvent(poolId, replicaId, message, ctx.now());

  return {
    replicaChanged(replicaId, change) {
      const replica = ctx.replicas.get(replicaId);
      if (replica === undefined) return;
      note(replica.pool.id, replica.id, change.ready ? 'pool-managerd: Ready' : change.reason);
      // A reload swaps the model behind a Ready replica: queued work for the old model must move on now.
      ctx.kick();
      if (change.ready) void ctx.prober.probe(replica);
      else ctx.prober.markUnready(replica, change.reason);
    },
    drainPool(poolId, deadlineMs) {
      for (const replica of ctx.replicas.ofPool(poolId)) ctx.prober.markUnready(replica, 'pool draining');
      clearDrainDeadline(poolId);
      ctx.journal.draining.add(poolId);
      note(poolId, null, `drain accepted: work still held at ${deadlineMs} ms is canceled`);
      // A little ahead of pool-managerd stopping the engines, so streams end canceled rather than reset.
      const timer = setTimeout(
        () => {
          drainDeadlines.delete(poolId);
          for (const task of [...ctx.tasks.values()])
            if (task.pool.id === poolId) cancelTask(ctx, task, 'drain');
        },
        Math.max(0, deadlineMs - 100),
      );
      timer.unref();
      drainDeadlines.set(poolId, timer);
    },
    endPoolDrain(poolId) {
      clearDrainDeadline(poolId);
      if (ctx.journal.draining.delete(poolId)) note(poolId, null, 'reloaded: the drain is over');
    },
    async reprobePool(poolId) {
      // A probe already in flight may have asked the replaced engine: ask the new one until it answers.
      await Promise.all(ctx.replicas.ofPool(poolId).map((replica) => ctx.prober.probeUntilReady(replica)));
      ctx.kick();
    },
  };
}
