// CORE-087: which client's store holds a queued task id, for cancel, has, get
// and duplicate checks. Like the stores' own id index, this map is a hint that
// tolerates stale entries: a dispatch or an eviction leaves its entry behind
// rather than pay random memory accesses to delete it (the dequeue path then
// touches only lane heads, as in PoolQueue), a lookup confirms the id in the
// client's store, and the map is rebuilt from the stores once stale entries
// outnumber live ones, so it stays O(1) amortised and bounded in size.
import type { TaskStore } from './task-store.js';

export interface Owner<E extends { readonly id: string }> {
  readonly store: TaskStore<E>;
}

/** Stale entries allowed beyond the live count before a rebuild (small queues never rebuild). */
const SLACK = 1024;

export class OwnerIndex<E extends { readonly id: string }, C extends Owner<E>> {
  private map = new Map<string, C>();
  /** The id's reference in the store of the client locate() last returned. */
  ref = -1;

  /** The client holding the id (its store's cursor left on it, `ref` set), or undefined. */
  locate(id: string): C | undefined {
    const client = this.map.get(id);
    if (client === undefined) return undefined;
    const ref = client.store.find(id);
    if (ref < 0) {
      this.map.delete(id);
      return undefined;
    }
    this.ref = ref;
    return client;
  }

  add(id: string, client: C): void {
    this.map.set(id, client);
  }

  /** Forgets an id that locate() just confirmed (cancel); the map line is already in cache. */
  remove(id: string): void {
    this.map.delete(id);
  }

  /** A task left by dispatch or eviction; its entry stays until the next rebuild. */
  left(live: number, clients: Iterable<C>): void {
    if (this.map.size <= 2 * live + SLACK) return;
    const map = new Map<string, C>();
    for (const client of clients) {
      for (const entry of client.store.interactive.values()) map.set(entry.id, client);
      for (const entry of client.store.batch.values()) map.set(entry.id, client);
    }
    this.map = map;
  }
}
