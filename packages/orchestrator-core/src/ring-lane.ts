// CORE-011, CORE-014, CORE-015: one FIFO lane per priority as a ring buffer
// that grows by doubling. Arrival order is memory order, so dequeue reads
// sequentially; a cancel leaves a hole that dequeue skips, and holes are
// squeezed out when the ring fills (each move is paid for by the cancel that
// made the hole, so every operation stays O(1) amortised).

/** Told about every item a rebuild moves, so the id index can follow it. */
export type MoveListener = (hash: number, fromRef: number, toRef: number) => void;

/**
 * A reference names one slot of one lane: (index << 2) | (generation << 1) | lane.
 * The generation flips on every rebuild, so an old reference can never be
 * mistaken for a new one while the index is being updated.
 */
export const laneOfRef = (ref: number): 0 | 1 => (ref & 1) as 0 | 1;

// Each slot is three consecutive cells (item, id, hash) of one array, so a
// cancel by id touches a single cache line of the lane instead of three arrays.
const STRIDE = 3;
type Cell = object | string | number | undefined;

export class RingLane<T extends { readonly id: string }> {
  private cells: Cell[];
  private mask: number;
  /** Slot index of the oldest live item (when live > 0). */
  private head = 0;
  /** Slots in use from head, holes included. */
  private span = 0;
  private live = 0;
  private generation = 0;

  constructor(
    private readonly lane: 0 | 1,
    private readonly onMove: MoveListener,
  ) {
    this.cells = new Array<Cell>(16 * STRIDE).fill(undefined);
    this.mask = 15;
  }

  get size(): number {
    return this.live;
  }

  private refAt(index: number): number {
    return (index << 2) | (this.generation << 1) | this.lane;
  }

  idAt(ref: number): string | undefined {
    return this.cells[(ref >>> 2) * STRIDE + 1] as string | undefined;
  }

  itemAt(ref: number): T | undefined {
    return this.cells[(ref >>> 2) * STRIDE] as T | undefined;
  }

  hashAt(ref: number): number {
    return this.cells[(ref >>> 2) * STRIDE + 2] as number;
  }

  /** Reference of the oldest item, or -1 when empty. */
  headRef(): number {
    return this.live === 0 ? -1 : this.refAt(this.head);
  }

  /** Appends and returns the item's reference. */
  push(item: T, hash: number): number {
    if (this.span > this.mask) this.rebuild();
    const index = (this.head + this.span) & this.mask;
    const at = index * STRIDE;
    this.cells[at] = item;
    this.cells[at + 1] = item.id;
    this.cells[at + 2] = hash;
    this.span += 1;
    this.live += 1;
    return this.refAt(index);
  }

  /** Empties one slot; the caller guarantees the reference is current and live. */
  removeAt(ref: number): T {
    const at = (ref >>> 2) * STRIDE;
    const item = this.cells[at] as T;
    this.cells[at] = undefined;
    this.cells[at + 1] = undefined;
    this.live -= 1;
    if (this.live === 0) {
      this.head = 0;
      this.span = 0;
      return item;
    }
    // Keep head on a live item (O(1) peek) and drop trailing holes.
    while (this.cells[this.head * STRIDE] === undefined) {
      this.head = (this.head + 1) & this.mask;
      this.span -= 1;
    }
    while (this.cells[((this.head + this.span - 1) & this.mask) * STRIDE] === undefined) this.span -= 1;
    return item;
  }

  /** Live items ahead of the referenced one; O(distance), for reporting only. */
  positionOf(ref: number): number {
    const index = ref >>> 2;
    let ahead = 0;
    for (let i = this.head; i !== index; i = (i + 1) & this.mask)
      if (this.cells[i * STRIDE] !== undefined) ahead += 1;
    return ahead;
  }

  *values(): IterableIterator<T> {
    for (let k = 0; k < this.span; k++) {
      const item = this.cells[((this.head + k) & this.mask) * STRIDE] as T | undefined;
      if (item !== undefined) yield item;
    }
  }

  /** Squeezes out holes, doubling the ring when more than half of it is live. */
  private rebuild(): void {
    const length = this.live * 2 > this.mask + 1 ? (this.mask + 1) * 2 : this.mask + 1;
    const cells = new Array<Cell>(length * STRIDE).fill(undefined);
    const oldGeneration = this.generation;
    this.generation ^= 1;
    let to = 0;
    for (let k = 0; k < this.span; k++) {
      const from = (this.head + k) & this.mask;
      const at = from * STRIDE;
      if (this.cells[at] === undefined) continue;
      const hash = this.cells[at + 2] as number;
      cells[to * STRIDE] = this.cells[at];
      cells[to * STRIDE + 1] = this.cells[at + 1];
      cells[to * STRIDE + 2] = hash;
      // Every live item gets a new-generation reference, moved or not.
      this.onMove(hash, (from << 2) | (oldGeneration << 1) | this.lane, this.refAt(to));
      to += 1;
    }
    this.cells = cells;
    this.mask = length - 1;
    this.head = 0;
    this.span = to;
  }
}
