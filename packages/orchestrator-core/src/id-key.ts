// CORE-014, CORE-016: the key a task id is indexed by. Task ids on the wire
// are uuids (POST /v1/tasks accepts only a uuid task_id), so a uuid id is
// keyed by its 128-bit value: the queue stores those four words next to the
// task and confirms a lookup by comparing integers, never by reading the id
// string of a queued task (a pointer chase to anywhere on the heap). Only
// lowercase canonical text (8-4-4-4-12 hex digits) is read as a uuid: that
// text and its value determine each other, so two different id strings never
// share a key. Any other id keeps a string key and is confirmed by string
// comparison. Either way a hash match alone never identifies a task.

/** Set in the tag of every string key, so uuid and string keys never compare equal. */
export const STRING_TAG_BIT = 0x40000000;

/** Nibble of each 7-bit code; 16 for anything but 0-9 and a-f. */
const NIBBLE = new Uint8Array(128).fill(16);
for (let i = 0; i < 10; i++) NIBBLE[0x30 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[0x61 + i] = 10 + i;
const DASH = 0x2d;

/**
 * Writes the 128-bit value of a lowercase canonical uuid into `words` (four
 * int32, most significant first) and returns true; returns false for any
 * other string, leaving `words` unspecified.
 */
export function parseUuid(id: string, words: Int32Array): boolean {
  if (
    id.length !== 36 ||
    id.charCodeAt(8) !== DASH ||
    id.charCodeAt(13) !== DASH ||
    id.charCodeAt(18) !== DASH ||
    id.charCodeAt(23) !== DASH
  ) {
    return false;
  }
  // One loop per dash-separated run with everything in locals: this is the
  // hot path of every enqueue and cancel, and a helper per run costs more
  // once inlined into them. `bad` collects bit 4 (a nibble of 16: not 0-9a-f)
  // and bits 7+ (a code above 0x7f).
  let bad = 0;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  for (let i = 0; i < 8; i++) {
    const code = id.charCodeAt(i);
    const nibble = NIBBLE[code & 0x7f]!;
    bad |= nibble | (code & ~0x7f);
    w0 = (w0 << 4) | (nibble & 15);
  }
  for (let i = 9; i < 13; i++) {
    const code = id.charCodeAt(i);
    const nibble = NIBBLE[code & 0x7f]!;
    bad |= nibble | (code & ~0x7f);
    w1 = (w1 << 4) | (nibble & 15);
  }
  for (let i = 14; i < 18; i++) {
    const code = id.charCodeAt(i);
    const nibble = NIBBLE[code & 0x7f]!;
    bad |= nibble | (code & ~0x7f);
    w1 = (w1 << 4) | (nibble & 15);
  }
  for (let i = 19; i < 23; i++) {
    const code = id.charCodeAt(i);
    const nibble = NIBBLE[code & 0x7f]!;
    bad |= nibble | (code & ~0x7f);
    w2 = (w2 << 4) | (nibble & 15);
  }
  for (let i = 24; i < 28; i++) {
    const code = id.charCodeAt(i);
    const nibble = NIBBLE[code & 0x7f]!;
    bad |= nibble | (code & ~0x7f);
    w2 = (w2 << 4) | (nibble & 15);
  }
  for (let i = 28; i < 36; i++) {
    const code = id.charCodeAt(i);
    const nibble = NIBBLE[code & 0x7f]!;
    bad |= nibble | (code & ~0x7f);
    w3 = (w3 << 4) | (nibble & 15);
  }
  words[0] = w0;
  words[1] = w1;
  words[2] = w2;
  words[3] = w3;
  return bad >>> 4 === 0;
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
const avalanche = (h: number) => {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/** 30-bit hash of all four words (a uuid's leading bits may be a timestamp that barely changes). */
export function hashUuid(words: Int32Array): number {
  let h = 0x9747b28c;
  for (let w = 0; w < 4; w++) {
    const k = Math.imul(rotl(Math.imul(words[w]!, 0xcc9e2d51), 15), 0x1b873593);
    h = (Math.imul(rotl(h ^ k, 13), 5) + 0xe6546b64) | 0;
  }
  return avalanche(h) & (STRING_TAG_BIT - 1);
}

/** 30-bit FNV-1a hash of a string's UTF-16 code units. */
export function hashString(id: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return avalanche(h) & (STRING_TAG_BIT - 1);
}

/** One id, read once per queue operation and reused (no allocation per operation). */
export class IdKey {
  id = '';
  /** Table hash: uuid keys below STRING_TAG_BIT, string keys with it set. */
  tag = 0;
  /** True when `words` holds the id's uuid value. */
  uuid = false;
  readonly words = new Int32Array(4);

  load(id: string): this {
    this.id = id;
    this.uuid = parseUuid(id, this.words);
    this.tag = this.uuid ? hashUuid(this.words) : hashString(id) | STRING_TAG_BIT;
    return this;
  }
}
