// The id index on its own: whatever the collisions, every entry stays
// reachable from its tag until it is removed, moves land on the right entry,
// and a rebuild sizes the table to what is left (so it shrinks after a drain).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../src/id-index.js';
import { RUNS } from './support/arbitraries.js';

/** Few tags, many sharing their low bits (the home slot), so probe runs are long and wrap around. */
const tagArb = fc.constantFrom(0, 1, 15, 16, 17, 32, 1024 + 1, 0x3fffffff, 0x7fffffff);

/** All references the cursor yields for a tag. */
function candidates(index: IdIndex, tag: number): number[] {
  const refs: number[] = [];
  for (let ref = index.first(tag); ref >= 0; ref = index.next()) refs.push(ref);
  return refs;
}

/** Leaves the cursor on the entry (tag, ref); false when there is none. */
function seek(index: IdIndex, tag: number, ref: number): boolean {
  for (let r = index.first(tag); r >= 0; r = index.next()) if (r === ref) return true;
  return false;
}

describe('id index', () => {
  it('finds every entry from its tag until it is removed, through collisions, moves and rebuilds [CORE-014] [CORE-015]', () => {
    const opArb = fc.oneof(
      { weight: 4, arbitrary: fc.record({ type: fc.constant('add' as const), tag: tagArb }) },
      { weight: 3, arbitrary: fc.record({ type: fc.constant('remove' as const), pick: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ type: fc.constant('move' as const), pick: fc.nat() }) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const index = new IdIndex();
        const model: { tag: number; ref: number }[] = [];
        let nextRef = 0;
        for (const op of ops) {
          if (op.type === 'add') {
            // The owner's rule: rebuild from what is live instead of passing the load limit.
            if (index.needsRebuild()) {
              index.reset(model.length);
              for (const e of model) index.add(e.tag, e.ref);
            }
            model.push({ tag: op.tag, ref: nextRef });
            index.add(op.tag, nextRef++);
          } else if (model.length > 0) {
            const entry = model[op.pick % model.length]!;
            expect(seek(index, entry.tag, entry.ref)).toBe(true);
            if (op.type === 'remove') {
              index.removeCurrent();
              model.splice(model.indexOf(entry), 1);
            } else {
              expect(index.move(entry.tag, entry.ref, nextRef)).toBe(true);
              entry.ref = nextRef++;
            }
          }
          expect(index.size).toBe(model.length);
          expect(index.size).toBeLessThanOrEqual(index.slots * 0.8);
          for (const tag of new Set(model.map((e) => e.tag))) {
            const want = model.filter((e) => e.tag === tag).map((e) => e.ref);
            expect(candidates(index, tag).sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
          }
        }
      }),
      RUNS,
    );
  });

  it('reports a move of an entry it does not hold instead of moving another [CORE-015]', () => {
    const index = new IdIndex();
    index.add(16, 1);
    expect(index.move(16, 2, 3)).toBe(false);
    expect(index.move(0, 1, 3)).toBe(false);
    expect(candidates(index, 16)).toEqual([1]);
  });

  it('sizes a rebuilt table to at most half full, so it grows with the queue and shrinks after a drain [CORE-014]', () => {
    fc.assert(
      fc.property(fc.nat({ max: 5000 }), fc.nat({ max: 5000 }), (before, after) => {
        const index = new IdIndex();
        index.reset(before);
        for (let ref = 0; ref < before; ref++) index.add(ref * 7, ref);
        const big = index.slots;
        index.reset(after);
        const slots = index.slots;
        expect(Number.isInteger(Math.log2(slots))).toBe(true);
        expect(after).toBeLessThanOrEqual(slots / 2);
        expect(slots === 16 || after > slots / 4).toBe(true);
        expect(index.size).toBe(0);
        expect(candidates(index, 0)).toEqual([]);
        if (after < before / 4 && big > 16) expect(slots).toBeLessThan(big);
      }),
      RUNS,
    );
  });
});
