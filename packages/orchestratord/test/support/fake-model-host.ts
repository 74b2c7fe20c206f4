// A fake of what pool-managerd does for residency: each on-demand pool has one
// mock engine whose health follows whether the host "loaded" it, loads take a
// set time, and every load and unload is recorded in order. Footprints are
// given per model, so tests size the CPU budget exactly. The daemon under test
// is the real one; only the engine host is fake.
import { setTimeout as delay } from 'node:timers/promises';
import { createMockAdapter, type EngineAdapter } from '@llama-orch/worker-adapters';
import type { DataPlane, ModelLoader, ReplicaBinding } from '../../src/index.js';

export interface FakeModelHostOptions {
  /** Memory each model needs, by model id. */
  footprints: Record<string, number>;
  loadMs?: number;
  tokenDelayMs?: number;
  /** Models whose loads fail, with the reason the host gives. */
  failing?: Map<string, string>;
  /** GPUs by index with their total memory; each model's `devices` decides where it may go. */
  gpus?: Record<number, number>;
  /** Where each model loads (GPU indices); models not named run on the CPU. */
  placement?: Record<string, number>;
}

export interface FakeModelHost {
  readonly loader: ModelLoader;
  readonly bindings: ReplicaBinding[];
  /** `load:<id>` and `unload:<id>:<reason>`, in the order they happened. */
  readonly events: string[];
  /** The devices each model's latest load named; undefined where it named none (the whole mask). */
  readonly loadDevices: ReadonlyMap<string, readonly number[] | undefined>;
  readonly loaded: ReadonlySet<string>;
  /** Models with engine work running now. */
  busy(id: string): number;
  attach(plane: DataPlane): void;
}

export function createFakeModelHost(options: FakeModelHostOptions): FakeModelHost {
  const loaded = new Set<string>();
  const events: string[] = [];
  const loadDevices = new Map<string, readonly number[] | undefined>();
  const engines = new Map<string, ReturnType<typeof createMockAdapter>>();
  let plane: DataPlane | undefined;
  const loadMs = options.loadMs ?? 30;

  const bindings = Object.keys(options.footprints).map((id, i): ReplicaBinding => {
    const mock = createMockAdapter({ seed: i + 1, tokenDelayMs: options.tokenDelayMs ?? 2 });
    engines.set(id, mock);
    const adapter: EngineAdapter = {
      ...mock,
      health: async () =>
        loaded.has(id) ? { type: 'ready' } : { type: 'down', detail: `${id} is not loaded` },
    };
    return { pool_id: id, replica_id: `${id}-0`, adapter };
  });

  const loader: ModelLoader = {
    async load(id, devices) {
      events.push(`load:${id}`);
      loadDevices.set(id, devices);
      await delay(loadMs);
      const failure = options.failing?.get(id);
      if (failure !== undefined) return { ok: false, reason: failure };
      loaded.add(id);
      plane?.replicaChanged(`${id}-0`, { ready: true });
      return { ok: true, loadMs };
    },
    async unload(id, reason) {
      events.push(`unload:${id}:${reason}`);
      if ((engines.get(id)?.stats().inFlight ?? 0) > 0) throw new Error(`unloaded ${id} while it was busy`);
      loaded.delete(id);
      plane?.replicaChanged(`${id}-0`, { ready: false, reason: 'unloaded' });
    },
    // Live free memory: each GPU's total less the models loaded on it (nvidia-smi's view, no lag).
    gpus: () =>
      Object.entries(options.gpus ?? {}).map(([index, total]) => {
        const device = Number(index);
        const used = [...loaded]
          .filter((id) => options.placement?.[id] === device)
          .reduce((sum, id) => sum + (options.footprints[id] ?? 0), 0);
        return { device, total_bytes: total, free_bytes: total - used };
      }),
    footprint: (id) => options.footprints[id] ?? null,
    heldOnGpus: (replicaId) => {
      const id = replicaId.replace(/-0$/, '');
      const device = options.placement?.[id];
      return device === undefined || !loaded.has(id) ? [] : [{ device, bytes: options.footprints[id] ?? 0 }];
    },
    running: (replicaId) => loaded.has(replicaId.replace(/-0$/, '')),
  };

  return {
    loader,
    bindings,
    events,
    loadDevices,
    loaded,
    busy: (id) => engines.get(id)?.stats().inFlight ?? 0,
    attach(p) {
      plane = p;
    },
  };
}
