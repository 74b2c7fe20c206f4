// Worked residency examples on the reference RTX 3090 (24 GiB, GPU 0) +
// RTX 3060 (12 GiB, GPU 1): where a model loads, what it evicts and why.
import { describe, expect, it } from 'vitest';
import {
  evictionCost,
  planResidency,
  type ResidencySnapshot,
  type ResidentReplica,
  type ServableModel,
} from '../src/index.js';
import { GiB } from './support/reference-box.js';

const NOW = 10_000_000;

const model = (model_ref: string, need_gib: number, extra: Partial<ServableModel> = {}): ServableModel => ({
  model_ref,
  need_bytes: need_gib * GiB,
  device_mask: [0, 1],
  load_ms: 10_000,
  ...extra,
});

const resident = (
  id: string,
  model_ref: string,
  device: number,
  gib: number,
  extra: Partial<ResidentReplica> = {},
): ResidentReplica => ({
  id,
  model_ref,
  state: 'Ready',
  held: [{ device, bytes: gib * GiB }],
  in_flight: 0,
  last_used_ms: NOW - 60_000,
  ...extra,
});

/** The box with these replicas loaded; free VRAM is what they leave. */
function box(models: ServableModel[], replicas: ResidentReplica[]): ResidencySnapshot {
  const free = (device: number, total: number) =>
    total * GiB -
    replicas.flatMap((r) => r.held.filter((h) => h.device === device)).reduce((s, h) => s + h.bytes, 0);
  return {
    devices: [
      { device: 0, total_bytes: 24 * GiB, free_bytes: free(0, 24) },
      { device: 1, total_bytes: 12 * GiB, free_bytes: free(1, 12) },
    ],
    models,
    replicas,
    now_ms: NOW,
  };
}

describe('residency on the reference box', () => {
  it('loads a model that fits only the 3090 there, evicting there [CORE-070, CORE-071]', () => {
    const snapshot = box(
      [model('coder-32b', 20), model('chat-8b', 8), model('embed', 2)],
      [resident('r-chat', 'chat-8b', 0, 8), resident('r-embed', 'embed', 1, 2)],
    );
    expect(planResidency(snapshot, 'coder-32b')).toEqual([
      {
        type: 'evict',
        replica_id: 'r-chat',
        model_ref: 'chat-8b',
        device: 0,
        freed_bytes: 8 * GiB,
        reason: 'make-room',
      },
      { type: 'load', model_ref: 'coder-32b', devices: [0], need_bytes: 20 * GiB, predicted_load_ms: 10_000 },
    ]);
  });

  it('evicts nothing when free room suffices, preferring the less utilised GPU [CORE-070]', () => {
    const snapshot = box([model('chat-8b', 8), model('embed', 2)], [resident('r-embed', 'embed', 0, 2)]);
    expect(planResidency(snapshot, 'chat-8b')).toEqual([
      { type: 'load', model_ref: 'chat-8b', devices: [1], need_bytes: 8 * GiB, predicted_load_ms: 10_000 },
    ]);
  });

  it('evicts the least recently used replica first, weighted by how fast it reloads [CORE-071]', () => {
    const models = [
      model('big', 20, { device_mask: [0] }),
      model('a', 12),
      model('b', 12, { load_ms: 1_000 }),
    ];
    // Both idle; `a` was used 10 min ago, `b` 2 min ago but reloads ten times faster.
    const a = resident('r-a', 'a', 0, 12, { last_used_ms: NOW - 600_000 });
    const b = resident('r-b', 'b', 0, 12, { last_used_ms: NOW - 120_000 });
    const snapshot = box(models, [a, b]);
    expect(evictionCost(b, snapshot)).toBeLessThan(evictionCost(a, snapshot));
    const plan = planResidency(snapshot, 'big');
    expect(plan.filter((x) => x.type === 'evict').map((x) => x.type === 'evict' && x.replica_id)).toEqual([
      'r-b',
      'r-a',
    ]);
    // With equal reload times plain recency decides.
    const equal = box([models[0]!, model('a', 12), model('b', 12)], [a, b]);
    expect(evictionCost(a, equal)).toBeLessThan(evictionCost(b, equal));
  });

  it('waits for a busy replica instead of evicting it, and never touches a pinned one [CORE-072]', () => {
    const models = [
      model('big', 20, { device_mask: [0] }),
      model('auto', 4, { pinned: true }),
      model('chat', 8),
    ];
    const busy = box(models, [
      resident('r-auto', 'auto', 0, 4),
      resident('r-chat', 'chat', 0, 8, { in_flight: 1 }),
    ]);
    expect(planResidency(busy, 'big')).toEqual([
      { type: 'wait', model_ref: 'big', reason: 'busy', replica_ids: ['r-chat'] },
    ]);
    const pinnedOnly = box(models, [resident('r-auto', 'auto', 0, 8)]);
    expect(planResidency(pinnedOnly, 'big')).toMatchObject([
      {
        type: 'refuse',
        code: 'POOL_UNAVAILABLE',
        reason: 'no-fit',
        shortfall: [
          {
            device: 0,
            need_bytes: 20 * GiB,
            free_bytes: 16 * GiB,
            reclaimable_bytes: 0,
            shortfall_bytes: 4 * GiB,
          },
        ],
      },
    ]);
  });

  it('refuses a model that fits nowhere with the shortfall on each GPU [CORE-072]', () => {
    const plan = planResidency(box([model('huge-70b', 40)], []), 'huge-70b');
    expect(plan).toMatchObject([
      {
        type: 'refuse',
        reason: 'no-fit',
        retriable: false,
        shortfall: [
          { device: 0, free_bytes: 24 * GiB, reclaimable_bytes: 0, shortfall_bytes: 16 * GiB },
          { device: 1, free_bytes: 12 * GiB, reclaimable_bytes: 0, shortfall_bytes: 28 * GiB },
        ],
      },
    ]);
    expect(planResidency(box([], []), 'nope')).toMatchObject([{ type: 'refuse', reason: 'unknown-model' }]);
  });

  it('counts a load that has not allocated yet against the stale free reading [CORE-070]', () => {
    const snapshot = box([model('chat', 8, { device_mask: [1] }), model('other', 8)], []);
    // nvidia-smi still shows 12 GiB free, but `other` is loading there with 8 GiB reserved.
    const loading = resident('r-other', 'other', 1, 8, { state: 'Loading' });
    expect(planResidency({ ...snapshot, replicas: [loading] }, 'chat')).toEqual([
      { type: 'wait', model_ref: 'chat', reason: 'busy', replica_ids: ['r-other'] },
    ]);
  });

  it('needs nothing for a resident model and waits for one already loading [CORE-070]', () => {
    const models = [model('chat', 8)];
    expect(planResidency(box(models, [resident('r1', 'chat', 1, 8, { in_flight: 3 })]), 'chat')).toEqual([
      { type: 'resident', model_ref: 'chat', replica_id: 'r1' },
    ]);
    expect(planResidency(box(models, [resident('r1', 'chat', 1, 8, { state: 'Loading' })]), 'chat')).toEqual([
      { type: 'wait', model_ref: 'chat', reason: 'loading', replica_ids: ['r1'] },
    ]);
  });
});
