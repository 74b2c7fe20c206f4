// ORCHD-080: GET /v1/status/events, the status page's one data call. It sends the whole
// operator view as a `status` frame on open and once per progress interval: the plane's
// pools, queues, running tasks and journal, joined with what only pool-managerd knows (the GPU
// inventory and each replica's lifecycle state). Whole snapshots rather than deltas keep the
// page's code trivial and let a reconnect lose nothing; they are a few kilobytes a second.
import type { StatusSnapshot } from '@llama-orch/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { DataPlane } from '../data-plane.js';
import { CORRELATION_HEADER } from '../http/correlation-plugin.js';
import { claimRequestLine } from '../http/request-log.js';
import { SSE_HEADERS } from '../streaming/sse-writer.js';

/** What the status view needs from pool-managerd; the launcher passes the pool-managerd link's. */
export interface StatusInventory {
  gpus(): readonly StatusSnapshot['gpus'][number][];
  /** pool-managerd's lifecycle state of a replica (e.g. Loading, Draining), when it reported one. */
  replicaState(replicaId: string): string | undefined;
}

export interface StatusRoutesOptions {
  dataPlane: DataPlane;
  inventory: StatusInventory | undefined;
  intervalMs: number;
}

export function statusSnapshot(plane: DataPlane, inventory: StatusInventory | undefined): StatusSnapshot {
  const status = plane.status();
  const pools = status.pools.map((pool) => ({
    ...pool,
    replicas: pool.replicas.map((r) => ({ ...r, state: inventory?.replicaState(r.id) ?? r.state })),
  }));
  const gpus = (inventory?.gpus() ?? []).map((g) => ({
    index: g.index,
    name: g.name,
    memory_total_bytes: g.memory_total_bytes,
    memory_used_bytes: g.memory_used_bytes,
    utilization_ratio: g.utilization_ratio,
  }));
  return { ...status, pools, gpus };
}

export const statusRoutes: FastifyPluginAsync<StatusRoutesOptions> = async (app, options) => {
  const { dataPlane, inventory } = options;
  app.get('/v1/status/events', async (request, reply) => {
    // A raw-socket stream: its one request line is written when it closes (MET-029).
    const line = claimRequestLine(request, reply);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...SSE_HEADERS, [CORRELATION_HEADER]: request.id });
    const send = (): void => {
      if (dataPlane.state === 'stopped') {
        res.end();
        return;
      }
      // A reader that falls behind skips snapshots instead of queueing them: only the newest matters.
      if (res.writableNeedDrain) return;
      res.write(`event: status\ndata: ${JSON.stringify(statusSnapshot(dataPlane, inventory))}\n\n`);
    };
    send();
    const timer = setInterval(send, options.intervalMs);
    await new Promise<void>((resolve) => {
      res.once('close', () => {
        clearInterval(timer);
        resolve();
      });
    });
    line({ outcome: res.writableFinished ? 'completed' : 'client-closed' });
  });
};
