// One priority lane on its own: arrival order survives holes, in-place
// squeezes, growth and shrinking, and every move is reported so the id index
// can follow (or the owner is told to rebuild it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdKey } from '../src/id-key.js';
import { RingLane, type LaneListener } from '../src/ring-lane.js';
import { RUNS } from './support/arbitraries.js';
import { nextUuid, seeded } from './support/uuid-text.js';

interface Item {
  readonly id: string;
}

/** A lane plus the test's own record of each live item's reference, kept up to date from the listener. */
function harness(reportMoves: () => boolean) {
  const refs = new Map<string, number>();
  const rebuilds: { reported: boolean; lengthBefore: number; lengthAfter: number }[] = [];
  let lengthBefore = 0;
  const listener: LaneListener = {
    beforeRebuild: () => {
      lengthBefore = lane.length;
      return reportMoves();
    },
    moved: (_tag, from, to) => {
      const id = [...refs].find(([, ref]) => ref === from)?.[0];
      if (id === undefined) throw new Error(`moved() names ${from}, which no live item has`);
      refs.set(id, to);
    },
    afterRebuild: (reported) => {
      rebuilds.push({ reported, lengthBefore, lengthAfter: lane.length });
      if (reported) return;
      const order = [...lane.values()];
      let k = 0;
      lane.forEachLive((_tag, ref) => refs.set(order[k++]!.id, ref));
    },
  };
  const lane: RingLane<Item> = new RingLane<Item>(1, listener);
  return { lane, refs, rebuilds };
}

const opsArb = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: fc.constant({ type: 'push' as const }) },
    { weight: 2, arbitrary: fc.constant({ type: 'head' as const }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('cancel' as const), pick: fc.nat() }) },
  ),
  { maxLength: 300 },
);

describe('ring lane', () => {
  it('keeps arrival order and finds every live item by reference through any rebuild [CORE-011] [CORE-015]', () => {
    fc.assert(
      fc.property(opsArb, fc.integer({ min: 1 }), fc.boolean(), (ops, seed, report) => {
        const next = seeded(seed);
        const { lane, refs } = harness(() => report);
        const key = new IdKey();
        const order: Item[] = [];
        const gone: [string, number][] = [];
        for (const op of ops) {
          if (op.type === 'push') {
            const item = { id: next() % 8 === 0 ? `text-${next()}` : nextUuid(next) };
            refs.set(item.id, lane.push(item, key.load(item.id)));
            order.push(item);
          } else if (order.length > 0) {
            const item = op.type === 'head' ? order[0]! : order[op.pick % order.length]!;
            if (op.type === 'head') expect(lane.headRef()).toBe(refs.get(item.id));
            expect(lane.removeAt(refs.get(item.id)!)).toBe(item);
            order.splice(order.indexOf(item), 1);
            gone.push([item.id, refs.get(item.id)!]);
            refs.delete(item.id);
          }
          expect([...lane.values()]).toEqual(order);
          expect(lane.size).toBe(order.length);
          for (const item of order) {
            expect(lane.itemAt(refs.get(item.id)!)).toBe(item);
            expect(lane.holds(refs.get(item.id)!, key.load(item.id))).toBe(true);
          }
          // A removed item's old reference never confirms it, whatever sits there now.
          for (const [id, ref] of gone.slice(-5)) expect(lane.holds(ref, key.load(id))).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('squeezes holes out in place, grows when over half full, and halves big rings once mostly empty [CORE-014]', () => {
    const { lane, refs, rebuilds } = harness(() => false);
    const key = new IdKey();
    const next = seeded(3);
    const push = () => {
      const item = { id: nextUuid(next) };
      refs.set(item.id, lane.push(item, key.load(item.id)));
      return item;
    };
    // An anchor, then each newcomer cancels the one before it: holes fill the
    // 16 slots and a squeeze clears them without changing the length.
    const anchor = push();
    let previous = push();
    for (let i = 0; i < 40; i++) {
      const item = push();
      lane.removeAt(refs.get(previous.id)!);
      previous = item;
    }
    expect(rebuilds.filter((r) => r.lengthBefore === 16 && r.lengthAfter === 16).length).toBeGreaterThan(1);
    expect([...lane.values()]).toEqual([anchor, previous]);
    lane.removeAt(refs.get(previous.id)!);
    // A burst doubles the ring each time it fills with live items.
    const burst = Array.from({ length: 5000 }, push);
    expect(lane.length).toBe(8192);
    // Draining hands memory back down to the smallest size that is ever shrunk (1,024 slots).
    for (const item of burst.slice(0, 4990)) lane.removeAt(refs.get(item.id)!);
    expect(lane.length).toBe(1024);
    expect([...lane.values()]).toEqual([anchor, ...burst.slice(4990)]);
  });

  it('squeezes a ring that has wrapped around without overwriting items it has yet to move [CORE-011] [CORE-015]', () => {
    const { lane, refs, rebuilds } = harness(() => true);
    const key = new IdKey();
    const next = seeded(9);
    const push = () => {
      const item = { id: nextUuid(next) };
      refs.set(item.id, lane.push(item, key.load(item.id)));
      return item;
    };
    const remove = (item: Item) => {
      lane.removeAt(refs.get(item.id)!);
      refs.delete(item.id);
    };
    // Slots 0-9 taken, the first six dequeued: the head sits at slot 6.
    const first = Array.from({ length: 10 }, push);
    first.slice(0, 6).forEach(remove);
    // Twelve newcomers fill slots 10-15 and wrap into 0-5; each cancels the one
    // before it, except the one in slot 0, which must survive the squeeze.
    const kept = first.slice(6);
    let previous = push();
    for (let i = 1; i < 12; i++) {
      const item = push();
      if (i - 1 === 6) kept.push(previous);
      else remove(previous);
      previous = item;
    }
    kept.push(previous);
    expect(rebuilds).toHaveLength(0);
    const late = push();
    kept.push(late);
    expect(rebuilds).toEqual([{ reported: true, lengthBefore: 16, lengthAfter: 16 }]);
    expect([...lane.values()]).toEqual(kept);
    for (const item of kept) expect(lane.itemAt(refs.get(item.id)!)).toBe(item);
  });
});
