// CORE-014, CORE-015, CORE-016: id tag → slot reference, for O(1)
// cancel-by-id and duplicate detection. An open-addressing table over one
// Int32Array with the tag and the reference side by side: 8 bytes per entry,
// so the table that every enqueue and cancel lands in at random stays as small
// as it can be, and there is no object per entry for the GC to trace.
//
// The table is a hint; the lanes are the truth. A tag match is only a
// candidate that the owner confirms against the slot before using it, so an
// entry may outlive its task: dequeue leaves the entry behind instead of
// paying a random memory access to delete it, and a lookup that meets it finds
// the slot empty or holding another id and moves on. Cancel, which has just
// read the entry, deletes it on the spot (backward shift, no tombstones). The
// owner rebuilds the table from the lanes when such entries fill it
// (needsRebuild, reset, add) or when a lane moves many items at once.

const EMPTY = 0;
const MIN_SLOTS = 16;
/**
 * Rebuild past 4/5 full: with the tag stored next to each reference, even the
 * longer runs of a well-filled table stay within a cache line or two, and a
 * denser table is more likely to stay in cache.
 */
const MAX_LOAD = 0.8;
/** A rebuilt table is at most half full, so the next rebuild is ≥ 0.3 × slots inserts away. */
const REBUILT_LOAD = 0.5;

export class IdIndex {
  private table = new Int32Array(MIN_SLOTS * 2);
  private mask = MIN_SLOTS - 1;
  private count = 0;
  /** Probe position of the cursor (first/next). */
  private at = -1;
  private tag = 0;

  /** Entries held, including ones whose task has left. */
  get size(): number {
    return this.count;
  }

  get slots(): number {
    return this.mask + 1;
  }

  /**
   * Starts a lookup: the reference of the first entry with this tag, or -1.
   * The caller confirms it and, if it is the wrong one, asks next().
   */
  first(tag: number): number {
    this.tag = tag;
    this.at = (tag & this.mask) - 1;
    return this.next();
  }

  /** The reference of the next entry with the tag given to first(), or -1. */
  next(): number {
    const table = this.table;
    const mask = this.mask;
    for (let p = (this.at + 1) & mask; ; p = (p + 1) & mask) {
      const stored = table[2 * p + 1]!;
      if (stored === EMPTY) return -1;
      if (table[2 * p] === this.tag) {
        this.at = p;
        return stored - 1;
      }
    }
  }

  /** Removes the entry the cursor stands on (the last reference first/next returned). */
  removeCurrent(): void {
    const table = this.table;
    const mask = this.mask;
    let hole = this.at;
    // Backward shift: pull later entries of the run into the hole when that
    // keeps them at or after their home slot, so lookups never stop early.
    for (let p = (hole + 1) & mask; table[2 * p + 1] !== EMPTY; p = (p + 1) & mask) {
      const home = table[2 * p]! & mask;
      if (((p - home) & mask) >= ((p - hole) & mask)) {
        table[2 * hole] = table[2 * p]!;
        table[2 * hole + 1] = table[2 * p + 1]!;
        hole = p;
      }
    }
    table[2 * hole] = 0;
    table[2 * hole + 1] = EMPTY;
    this.count -= 1;
  }

  /** True when one more entry would pass the load limit: rebuild from the lanes instead of adding. */
  needsRebuild(): boolean {
    return this.count + 1 > (this.mask + 1) * MAX_LOAD;
  }

  /** Empties the table, sized for `live` entries and room to grow, to rebuild it with add(). */
  reset(live: number): void {
    let slots = MIN_SLOTS;
    while (live > slots * REBUILT_LOAD) slots *= 2;
    // Reusing the buffer spares a large allocation (and its page faults) per rebuild.
    if (slots === this.mask + 1) this.table.fill(0);
    else this.table = new Int32Array(slots * 2);
    this.mask = slots - 1;
    this.count = 0;
  }

  /** Adds an entry; the caller has checked that its id is not queued and that there is room. */
  add(tag: number, ref: number): void {
    const table = this.table;
    const mask = this.mask;
    let p = tag & mask;
    while (table[2 * p + 1] !== EMPTY) p = (p + 1) & mask;
    table[2 * p] = tag;
    table[2 * p + 1] = ref + 1;
    this.count += 1;
  }

  /** Points the entry (tag, oldRef) at newRef; false when there is no such entry. */
  move(tag: number, oldRef: number, newRef: number): boolean {
    const table = this.table;
    const mask = this.mask;
    for (let p = tag & mask; table[2 * p + 1] !== EMPTY; p = (p + 1) & mask) {
      if (table[2 * p + 1] === oldRef + 1 && table[2 * p] === tag) {
        table[2 * p + 1] = newRef + 1;
        return true;
      }
    }
    return false;
  }
}
