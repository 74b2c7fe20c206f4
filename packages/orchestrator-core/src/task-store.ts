// CORE-014, CORE-015, CORE-016: where a pool queue's tasks live. Two ring
// lanes hold them in arrival order; the id index finds one by id in O(1). The
// index is kept cheap for the common operations: enqueue reads one index
// line, dequeue and eviction touch only the head of a lane (the entry they
// leave behind goes stale and is confirmed away by later lookups), and cancel
// reads one index line and the task's ring slot. The index is rebuilt from
// the lanes when stale entries fill it or a large lane moves its items; a
// small lane's moves are followed one by one instead.
import { IdIndex } from './id-index.js';
import { IdKey } from './id-key.js';
import { RingLane, laneOfRef, type LaneListener } from './ring-lane.js';

export class TaskStore<T extends { readonly id: string }> {
  /** Lane 0: its references have low bit 0. */
  readonly interactive: RingLane<T>;
  /** Lane 1: its references have low bit 1. */
  readonly batch: RingLane<T>;
  private readonly lanes: readonly [RingLane<T>, RingLane<T>];
  private readonly index = new IdIndex();
  /** The id of the operation in progress, read once; lookups confirm slots against it. */
  private readonly key = new IdKey();
  private readonly addEntry = (tag: number, ref: number) => this.index.add(tag, ref);

  constructor() {
    let movesLost = false;
    const listener: LaneListener = {
      // Following a move costs one random probe, a rebuild one pass over every
      // queued task: follow the moves of a lane holding at most a third of them.
      beforeRebuild: (live) => live * 3 <= this.size,
      moved: (tag, from, to) => {
        if (!this.index.move(tag, from, to)) movesLost = true;
      },
      afterRebuild: (reported) => {
        if (!reported || movesLost) this.reindex();
        movesLost = false;
      },
    };
    this.interactive = new RingLane<T>(0, listener);
    this.batch = new RingLane<T>(1, listener);
    this.lanes = [this.interactive, this.batch];
  }

  get size(): number {
    return this.interactive.size + this.batch.size;
  }

  /**
   * Reference of the queued task with this id, or -1. Leaves the id loaded
   * for append() and the index cursor on the task's entry for cancelFound().
   */
  find(id: string): number {
    const key = this.key.load(id);
    const index = this.index;
    for (let ref = index.first(key.tag); ref >= 0; ref = index.next()) {
      if (this.lanes[laneOfRef(ref)].holds(ref, key)) return ref;
    }
    return -1;
  }

  /** Appends a task whose id the last find() reported absent. */
  append(lane: RingLane<T>, task: T): void {
    const ref = lane.push(task, this.key);
    if (this.index.needsRebuild()) this.reindex();
    else this.index.add(this.key.tag, ref);
  }

  itemAt(ref: number): T | undefined {
    return this.lanes[laneOfRef(ref)].itemAt(ref);
  }

  /** Removes the task at a lane head (dequeue, eviction); its index entry goes stale. */
  take(ref: number): T {
    return this.lanes[laneOfRef(ref)].removeAt(ref);
  }

  /** Removes the task the last find() returned, with its index entry (cancel). */
  cancelFound(ref: number): T {
    this.index.removeCurrent();
    return this.lanes[laneOfRef(ref)].removeAt(ref);
  }

  /** CORE-019: tasks ahead of the referenced one under strict priority. O(position). */
  positionOf(ref: number): number {
    return laneOfRef(ref) === 0
      ? this.interactive.positionOf(ref)
      : this.interactive.size + this.batch.positionOf(ref);
  }

  private reindex(): void {
    this.index.reset(this.size);
    this.interactive.forEachLive(this.addEntry);
    this.batch.forEachLive(this.addEntry);
  }
}
