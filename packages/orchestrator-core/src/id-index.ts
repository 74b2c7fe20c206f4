// CORE-014, CORE-015: task id → slot reference, for O(1) cancel-by-id and
// duplicate detection. An open-addressing table over one Int32Array (hash and
// reference side by side) rather than a Map: a lookup reads one cache line
// (a Map walks bucket, entry and key string), the table needs 10–20 bytes per
// id, and there is no object per entry for the GC to trace. Linear probing
// with backward-shift deletion, so there are no tombstones to clean up.

const EMPTY = 0;
/**
 * Grow past 4/5 full. With the hash stored next to each reference, even the
 * longer probe runs of a well-filled linear-probing table stay within a cache
 * line or two, and a denser table is more likely to stay in cache.
 */
const MAX_LOAD = 0.8;

/**
 * FNV-1a over UTF-16 code units plus a final mix so the low bits used by the
 * mask are well spread; truncated to 30 bits so it stays a V8 small integer.
 */
export function hashId(id: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x3fffffff;
}

/** Maps ids to non-negative integer references; the owner resolves a reference back to its id. */
export class IdIndex {
  private table: Int32Array;
  private mask: number;
  private count = 0;

  /** `keyAt(ref)` returns the id stored under a reference, to confirm a hash match. */
  constructor(private readonly keyAt: (ref: number) => string | undefined) {
    this.table = new Int32Array(32);
    this.mask = 15;
  }

  get size(): number {
    return this.count;
  }

  /** The reference stored for `id` (with `h = hashId(id)`), or -1. */
  find(id: string, h: number): number {
    const table = this.table;
    for (let p = h & this.mask; ; p = (p + 1) & this.mask) {
      const stored = table[2 * p + 1]!;
      if (stored === EMPTY) return -1;
      if (table[2 * p] === h && this.keyAt(stored - 1) === id) return stored - 1;
    }
  }

  /** Adds an entry; the caller has checked the id is absent. */
  insert(h: number, ref: number): void {
    if ((this.count + 1) / (this.mask + 1) > MAX_LOAD) this.grow();
    this.place(h, ref);
    this.count += 1;
  }

  /** Removes the entry holding `ref` (found through its hash). */
  remove(h: number, ref: number): void {
    const table = this.table;
    const mask = this.mask;
    let hole = this.slotOf(h, ref);
    // Backward shift: pull later entries of the probe run into the hole so lookups never stop early.
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

  /** Points the entry for `oldRef` at `newRef` (its owner moved the item). */
  move(h: number, oldRef: number, newRef: number): void {
    this.table[2 * this.slotOf(h, oldRef) + 1] = newRef + 1;
  }

  private slotOf(h: number, ref: number): number {
    const table = this.table;
    let p = h & this.mask;
    while (table[2 * p + 1] !== ref + 1) p = (p + 1) & this.mask;
    return p;
  }

  private place(h: number, ref: number): void {
    const table = this.table;
    let p = h & this.mask;
    while (table[2 * p + 1] !== EMPTY) p = (p + 1) & this.mask;
    table[2 * p] = h;
    table[2 * p + 1] = ref + 1;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let p = 0; p < old.length; p += 2) if (old[p + 1] !== EMPTY) this.place(old[p]!, old[p + 1]! - 1);
  }
}
