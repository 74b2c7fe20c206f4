// A discrete-event model of one device under closed-loop agents, driven by
// the real decision functions. Deliberately simple: one request runs at a
// time, a load occupies the device for its load time, each agent sends its
// next request `think_ms` after the previous one finished. `swap-on-change`
// is what a plain proxy does: serve the oldest request, loading its model
// whenever it is not resident (evicting the least recently used to fit).
import {
  pickQueueToServe,
  planResidency,
  type ModelQueueView,
  type Priority,
  type ResidencySnapshot,
  type ResidentReplica,
} from '../../src/index.js';

export interface SimModel {
  model_ref: string;
  need_bytes: number;
  load_ms: number;
  service_ms: number;
}

export interface SimAgent {
  model_ref: string;
  requests: number;
  think_ms: number;
  priority?: Priority;
}

export interface SimOptions {
  scheduler: 'ours' | 'swap-on-change';
  models: readonly SimModel[];
  budget_bytes: number;
  agents: readonly SimAgent[];
  max_wait_ms: number;
}

export interface SimResult {
  /** Loads that had to evict a resident model. */
  swaps: number;
  loads: number;
  completed: number;
  /** Arrival → dispatch, per request, in completion order. */
  waits: number[];
  end_ms: number;
}

interface Pending {
  arrival_ms: number;
  agent: number;
  priority: Priority;
}

export function simulate(options: SimOptions): SimResult {
  const model = (ref: string) => options.models.find((m) => m.model_ref === ref)!;
  const queues = new Map<string, Pending[]>(options.models.map((m) => [m.model_ref, []]));
  const lastServed = new Map<string, number>();
  let replicas: ResidentReplica[] = [];
  const left = options.agents.map((a) => a.requests);
  const nextArrival: (number | null)[] = options.agents.map((a) => (a.requests > 0 ? 0 : null));
  const result: SimResult = { swaps: 0, loads: 0, completed: 0, waits: [], end_ms: 0 };
  let now = 0;
  let laneFreeAt = 0;
  let serial = 0;

  const snapshot = (): ResidencySnapshot => {
    const held = replicas.reduce((sum, r) => sum + (r.held[0]?.bytes ?? 0), 0);
    return {
      devices: [{ device: 0, total_bytes: options.budget_bytes, free_bytes: options.budget_bytes - held }],
      models: options.models.map((m) => ({ ...m, device_mask: [0] })),
      replicas,
      now_ms: now,
    };
  };

  const choose = (): string => {
    if (options.scheduler === 'swap-on-change') {
      const heads = [...queues].flatMap(([ref, q]) => (q[0] ? [{ ref, head: q[0] }] : []));
      heads.sort((a, b) => a.head.arrival_ms - b.head.arrival_ms || a.head.agent - b.head.agent);
      return heads[0]!.ref;
    }
    const views: ModelQueueView[] = [...queues].map(([ref, q]) => {
      const resident = replicas.some((r) => r.model_ref === ref);
      const plan = resident ? [] : planResidency(snapshot(), ref);
      return {
        model_ref: ref,
        queued: q.length,
        head_priority: q[0]?.priority ?? 'batch',
        head_enqueued_ms: q[0]?.arrival_ms ?? now,
        last_served_ms: lastServed.get(ref) ?? null,
        resident,
        in_flight: 0,
        loads_without_eviction: !resident && plan.length === 1 && plan[0]!.type === 'load',
      };
    });
    const choice = pickQueueToServe({ queues: views, now_ms: now, max_wait_ms: options.max_wait_ms });
    if (choice.type !== 'serve') throw new Error('chose nothing with work queued');
    return choice.model_ref;
  };

  for (;;) {
    options.agents.forEach((agent, i) => {
      const at = nextArrival[i];
      if (at !== null && at !== undefined && at <= now) {
        queues.get(agent.model_ref)!.push({ arrival_ms: at, agent: i, priority: agent.priority ?? 'batch' });
        nextArrival[i] = null;
      }
    });
    const anyQueued = [...queues.values()].some((q) => q.length > 0);
    if (laneFreeAt <= now && anyQueued) {
      const ref = choose();
      let start = now;
      if (!replicas.some((r) => r.model_ref === ref)) {
        const plan = planResidency(snapshot(), ref);
        for (const action of plan) {
          if (action.type === 'evict') {
            replicas = replicas.filter((r) => r.id !== action.replica_id);
            result.swaps += 1;
          } else if (action.type !== 'load') throw new Error(`cannot load ${ref}: ${action.type}`);
        }
        const m = model(ref);
        replicas.push({
          id: `r${serial++}`,
          model_ref: ref,
          state: 'Ready',
          held: [{ device: 0, bytes: m.need_bytes }],
          in_flight: 0,
          last_used_ms: now,
        });
        result.loads += 1;
        start += m.load_ms;
      }
      const task = queues.get(ref)!.shift()!;
      const done = start + model(ref).service_ms;
      result.waits.push(start - task.arrival_ms);
      result.completed += 1;
      lastServed.set(ref, start);
      replicas = replicas.map((r) => (r.model_ref === ref ? { ...r, last_used_ms: done } : r));
      left[task.agent]! -= 1;
      if (left[task.agent]! > 0) nextArrival[task.agent] = done + options.agents[task.agent]!.think_ms;
      laneFreeAt = done;
      result.end_ms = done;
    }
    const events = [
      laneFreeAt > now ? laneFreeAt : null,
      ...nextArrival.filter((t) => t !== null && t > now),
    ];
    const upcoming = events.filter((t): t is number => t !== null);
    if (upcoming.length === 0 && ![...queues.values()].some((q) => q.length > 0)) return result;
    now = upcoming.length > 0 ? Math.min(...upcoming) : now;
  }
}
