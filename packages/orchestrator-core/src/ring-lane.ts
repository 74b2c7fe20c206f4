// CORE-011, CORE-014, CORE-015: one FIFO lane per priority as a ring buffer.
// Arrival order is memory order, so enqueue and dequeue touch memory
// sequentially; a cancel leaves a hole that dequeue skips. When the ring is
// full of items and holes it squeezes the holes out, in place, or into a ring
// twice the size when more than half of it is live; each move is paid for by
// the cancel that made the hole, so every operation stays O(1) amortised. A
// ring that a burst grew is halved once it is mostly empty.
//
// A slot is six consecutive cells of one array: the item, its id's tag and,
// for a uuid id, the id's four key words. Confirming that a slot holds a given
// id reads that one stretch of memory, never the queued task or its id string.
import type { IdKey } from './id-key.js';

/** Told when a rebuild gives the lane's items new references, so the id index can follow. */
export interface LaneListener {
  /** `live` items are about to be renumbered; true asks for a moved() per item whose reference changes. */
  beforeRebuild(live: number): boolean;
  moved(tag: number, fromRef: number, toRef: number): void;
  /** Done; `reported` echoes the answer: if false, every reference may have changed unannounced. */
  afterRebuild(reported: boolean): void;
}

/**
 * A reference names one slot of one lane: (index << 1) | lane. A rebuild
 * renumbers items, so a new reference may equal another item's old one; the
 * index copes because it holds (tag, reference) pairs and any pair that leads
 * to a slot holding the id serves, whichever copy a move updates.
 */
export const laneOfRef = (ref: number): 0 | 1 => (ref & 1) as 0 | 1;

const STRIDE = 6;
const TAG = 1;
const WORDS = 2;
const MIN_LENGTH = 16;
/** Rings up to this length are never shrunk: too small to matter, and it avoids churn. */
const SHRINK_ABOVE_LENGTH = 1024;

type Cell = object | number | undefined;

export class RingLane<T extends { readonly id: string }> {
  private cells: Cell[] = new Array<Cell>(MIN_LENGTH * STRIDE).fill(undefined);
  private mask = MIN_LENGTH - 1;
  /** Slot index of the oldest live item (when live > 0). */
  private head = 0;
  /** Slots in use from head, holes included. */
  private span = 0;
  private live = 0;

  constructor(
    private readonly lane: 0 | 1,
    private readonly listener: LaneListener,
  ) {}

  get size(): number {
    return this.live;
  }

  /** Slots allocated (live items, holes and free space). */
  get length(): number {
    return this.mask + 1;
  }

  private refAt(index: number): number {
    return (index << 1) | this.lane;
  }

  itemAt(ref: number): T | undefined {
    return this.cells[(ref >>> 1) * STRIDE] as T | undefined;
  }

  /** Whether the referenced slot holds the task with exactly this id. */
  holds(ref: number, key: IdKey): boolean {
    const cells = this.cells;
    const at = (ref >>> 1) * STRIDE;
    const item = cells[at] as T | undefined;
    if (item === undefined || cells[at + TAG] !== key.tag) return false;
    if (!key.uuid) return item.id === key.id;
    const want = key.words;
    return (
      cells[at + WORDS] === want[0] &&
      cells[at + WORDS + 1] === want[1] &&
      cells[at + WORDS + 2] === want[2] &&
      cells[at + WORDS + 3] === want[3]
    );
  }

  /** Reference of the oldest item, or -1 when empty. */
  headRef(): number {
    return this.live === 0 ? -1 : this.refAt(this.head);
  }

  /** Appends an item under its id's key and returns its reference. */
  push(item: T, key: IdKey): number {
    if (this.span > this.mask) {
      const length = this.mask + 1;
      this.rebuild(this.live * 2 > length ? length * 2 : length);
    }
    const index = (this.head + this.span) & this.mask;
    const cells = this.cells;
    const at = index * STRIDE;
    const words = key.words;
    cells[at] = item;
    cells[at + TAG] = key.tag;
    // A string id leaves whatever words are there; holds() never reads them for a string key.
    cells[at + WORDS] = words[0]!;
    cells[at + WORDS + 1] = words[1]!;
    cells[at + WORDS + 2] = words[2]!;
    cells[at + WORDS + 3] = words[3]!;
    this.span += 1;
    this.live += 1;
    return this.refAt(index);
  }

  /** Empties one slot; the caller guarantees the reference is current and live. */
  removeAt(ref: number): T {
    const cells = this.cells;
    const at = (ref >>> 1) * STRIDE;
    const item = cells[at] as T;
    cells[at] = undefined;
    this.live -= 1;
    if (this.live === 0) {
      this.head = 0;
      this.span = 0;
    } else {
      // Keep head on a live item (O(1) peek) and drop trailing holes.
      while (cells[this.head * STRIDE] === undefined) {
        this.head = (this.head + 1) & this.mask;
        this.span -= 1;
      }
      while (cells[((this.head + this.span - 1) & this.mask) * STRIDE] === undefined) this.span -= 1;
    }
    const length = this.mask + 1;
    if (length > SHRINK_ABOVE_LENGTH && this.live * 8 < length) this.rebuild(length / 2);
    return item;
  }

  /** Live items ahead of the referenced one; O(distance), for reporting only. */
  positionOf(ref: number): number {
    const index = ref >>> 1;
    let ahead = 0;
    for (let i = this.head; i !== index; i = (i + 1) & this.mask) {
      if (this.cells[i * STRIDE] !== undefined) ahead += 1;
    }
    return ahead;
  }

  *values(): IterableIterator<T> {
    for (let k = 0; k < this.span; k++) {
      const item = this.cells[((this.head + k) & this.mask) * STRIDE] as T | undefined;
      if (item !== undefined) yield item;
    }
  }

  /** Calls `visit(tag, ref)` for every live item, oldest first. */
  forEachLive(visit: (tag: number, ref: number) => void): void {
    const cells = this.cells;
    for (let k = 0; k < this.span; k++) {
      const at = ((this.head + k) & this.mask) * STRIDE;
      if (cells[at] !== undefined) visit(cells[at + TAG] as number, this.refAt(at / STRIDE));
    }
  }

  /**
   * Squeezes out holes into a ring of `length` slots (at least the live
   * count): in place when the length stays, so a full ring of holes costs no
   * allocation. Writes never overtake reads, since each item only moves back.
   */
  private rebuild(length: number): void {
    const report = this.listener.beforeRebuild(this.live);
    const from = this.cells;
    const to = length === this.mask + 1 ? from : new Array<Cell>(length * STRIDE).fill(undefined);
    const base = to === from ? this.head : 0;
    const toMask = length - 1;
    let moved = 0;
    for (let k = 0; k < this.span; k++) {
      const src = (this.head + k) & this.mask;
      if (from[src * STRIDE] === undefined) continue;
      const dst = (base + moved) & toMask;
      for (let c = 0; c < STRIDE; c++) to[dst * STRIDE + c] = from[src * STRIDE + c];
      if (report && (to !== from || dst !== src)) {
        this.listener.moved(from[src * STRIDE + TAG] as number, this.refAt(src), this.refAt(dst));
      }
      moved += 1;
    }
    // Slots an in-place squeeze vacated must not keep tasks alive.
    if (to === from) for (let k = moved; k < this.span; k++) from[((base + k) & toMask) * STRIDE] = undefined;
    this.cells = to;
    this.mask = toMask;
    this.head = base;
    this.span = moved;
    this.listener.afterRebuild(report);
  }
}
