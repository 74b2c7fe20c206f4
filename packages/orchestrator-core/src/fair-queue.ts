// CORE-010..CORE-019 and CORE-080..CORE-086: a pool queue shared fairly
// between named clients. Each client has its own TaskStore (an interactive
// and a batch FIFO with an id index), so enqueue, dequeue and cancel stay
// O(1) amortised in the queue's depth (CORE-014) and cost O(clients with
// work) on top; a map from task id to client (fair-owners.ts) finds a task's store.
// Priority is chosen first, exactly as PoolQueue chooses it (CORE-012,
// CORE-013); inside the chosen lane a FairRound picks the client (fair) or
// the oldest head wins (not fair, CORE-083). Capacity and the full policies
// are pool-wide, as in PoolQueue.
import { CoreError, requireFraction, requireInteger } from './errors.js';
import type { CanRun, FairPoolQueue, FairPoolQueueOptions, FairQueueItem } from './fair-queue-types.js';
import { orderOfLane, seatAhead, type Entry, type LaneSeat } from './fair-order.js';
import { OwnerIndex } from './fair-owners.js';
import { FairRound } from './fair-round.js';
import type { EnqueueResult, Eviction, Priority, QueueDepth } from './queue-types.js';
import { laneOfRef } from './ring-lane.js';
import { queueRefusals } from './queue-refusals.js';
import { TaskStore } from './task-store.js';

interface Client<T> {
  readonly store: TaskStore<Entry<T>>;
  /** Index 0 interactive, 1 batch, like the lanes' references. */
  readonly seats: readonly [LaneSeat<T>, LaneSeat<T>];
}

const laneIndex = (priority: Priority): 0 | 1 => (priority === 'interactive' ? 0 : 1);
const runsAll: CanRun = () => true;
const CONTESTED = 2;

/** Creates an empty fair queue; throws CoreError(INVALID_PARAMS) on invalid options. */
export function createFairPoolQueue<T extends FairQueueItem>(
  options: FairPoolQueueOptions,
): FairPoolQueue<T> {
  const capacity = requireInteger('capacity', options.capacity, 1);
  const batchShare = requireFraction('batch_share', options.batch_share ?? 0);
  const { full_policy: fullPolicy, fair, weightOf } = options;
  if (fullPolicy !== 'reject' && fullPolicy !== 'drop-lru') {
    throw new CoreError(
      'INVALID_PARAMS',
      `full_policy must be 'reject' or 'drop-lru', got '${String(fullPolicy)}'`,
      {
        context: { full_policy: fullPolicy },
      },
    );
  }
  const clients = new Map<string, Client<T>>();
  const owners = new OwnerIndex<Entry<T>, Client<T>>();
  const rounds = [new FairRound<LaneSeat<T>>(), new FairRound<LaneSeat<T>>()] as const;
  const counts = [0, 0];
  const size = () => counts[0]! + counts[1]!;
  let arrivals = 0;
  // CORE-013 across lanes, as in PoolQueue: batch is owed ⌊contested·share⌋ turns.
  let contested = 0;
  let batchServed = 0;

  const refusals = queueRefusals(capacity, fullPolicy);

  const clientOf = (name: string): Client<T> => {
    let client = clients.get(name);
    if (client === undefined) {
      const store = new TaskStore<Entry<T>>();
      const seat = (lane: typeof store.interactive): LaneSeat<T> => ({
        name,
        weight: 1,
        turns: 0,
        served: 0,
        store,
        lane,
      });
      client = { store, seats: [seat(store.interactive), seat(store.batch)] };
      clients.set(name, client);
    }
    return client;
  };

  const weightFor = (name: string): number => {
    const weight = weightOf(name);
    if (!Number.isFinite(weight) || weight <= 0) {
      throw new CoreError(
        'INVALID_PARAMS',
        `weight of client '${name}' must be a finite number > 0, got ${weight}`,
        {
          context: { client: name, weight },
        },
      );
    }
    return weight;
  };

  const headSeq = (seat: LaneSeat<T>) => seat.lane.itemAt(seat.lane.headRef())!.seq;

  /** CORE-083: the seat holding the lane's oldest task among clients that can run. */
  const oldestSeat = (lane: 0 | 1, canRun: CanRun): LaneSeat<T> | undefined => {
    let best: LaneSeat<T> | undefined;
    for (const seat of rounds[lane].seats) {
      if (canRun(seat.name) && (best === undefined || headSeq(seat) < headSeq(best))) best = seat;
    }
    return best;
  };

  const hasWork = (lane: 0 | 1, canRun: CanRun | undefined): boolean =>
    canRun === undefined ? counts[lane]! > 0 : rounds[lane].seats.some((seat) => canRun(seat.name));

  /** The lane to serve (CORE-012, CORE-013), plus CONTESTED when both had work; -1 when none has. */
  const nextLane = (canRun: CanRun | undefined): number => {
    const interactive = hasWork(0, canRun);
    const batch = hasWork(1, canRun);
    if (!interactive) return batch ? 1 : -1;
    if (!batch) return 0;
    return CONTESTED | (batchShare > 0 && Math.floor((contested + 1) * batchShare) > batchServed ? 1 : 0);
  };

  /** The seat whose head goes next in this lane (a fair pick leaves its note for commit). */
  const seatIn = (lane: 0 | 1, canRun: CanRun): LaneSeat<T> | undefined =>
    fair ? rounds[lane].pick(canRun) : oldestSeat(lane, canRun);

  /** Removes the head of a seat's lane (dispatch or eviction). */
  const takeHead = (seat: LaneSeat<T>, lane: 0 | 1): T => {
    const entry = seat.store.take(seat.lane.headRef());
    counts[lane]! -= 1;
    owners.left(size(), clients.values());
    if (seat.lane.size === 0) rounds[lane].leave(seat);
    return entry.task;
  };

  /** CORE-084 (CORE-018 when not fair): the task drop-lru evicts for a newcomer, or undefined. */
  const victimSeat = (priority: Priority): { seat: LaneSeat<T>; lane: 0 | 1 } | undefined => {
    const lane = counts[1]! > 0 ? 1 : priority === 'interactive' && counts[0]! > 0 ? 0 : undefined;
    if (lane === undefined) return undefined;
    if (!fair) return { seat: oldestSeat(lane, runsAll)!, lane };
    let best: LaneSeat<T> | undefined;
    for (const seat of rounds[lane].seats) {
      const more = best === undefined || seat.lane.size > best.lane.size;
      if (more || (seat.lane.size === best!.lane.size && headSeq(seat) < headSeq(best!))) best = seat;
    }
    return { seat: best!, lane };
  };

  const queue: FairPoolQueue<T> = {
    capacity,
    fullPolicy,
    batchShare,
    fair,
    enqueue(task): EnqueueResult<T> {
      if (owners.locate(task.id) !== undefined) {
        return refusals.duplicate(task.id);
      }
      const lane = laneIndex(task.priority);
      const client = clientOf(task.client);
      const seat = client.seats[lane];
      // Read (and check) the weight before anything changes, in case the eviction empties this lane.
      const weight = seat.lane.size > 0 ? seat.weight : weightFor(task.client);
      let evicted: Eviction<T> | null = null;
      if (size() >= capacity) {
        if (fullPolicy === 'reject') {
          return refusals.full();
        }
        const victim = victimSeat(task.priority);
        if (victim === undefined) {
          return refusals.fullOfHigherPriority();
        }
        evicted = { task: takeHead(victim.seat, victim.lane), code: 'QUEUE_FULL_DROP_LRU' };
      }
      if (seat.lane.size === 0) {
        seat.weight = weight;
        rounds[lane].join(seat);
      }
      // find() loads the id for append(); it is known to be absent.
      client.store.find(task.id);
      client.store.append(seat.lane, { id: task.id, task, seq: arrivals++ });
      owners.add(task.id, client);
      counts[lane]! += 1;
      const ahead = lane === 0 ? 0 : counts[0]!;
      const inLane = fair ? seatAhead(rounds[lane], seat, seat.lane.size - 1) : counts[lane]! - 1;
      return { type: 'enqueued', task, queue_position: ahead + inLane, evicted };
    },
    dequeue(canRun) {
      const next = nextLane(canRun);
      if (next < 0) return undefined;
      const lane = (next & 1) as 0 | 1;
      const seat = seatIn(lane, canRun ?? runsAll)!;
      if (next & CONTESTED) {
        contested += 1;
        if (lane === 1) batchServed += 1;
      }
      if (fair) rounds[lane].commit(seat, canRun);
      return takeHead(seat, lane);
    },
    peek(canRun) {
      const next = nextLane(canRun);
      if (next < 0) return undefined;
      const seat = seatIn((next & 1) as 0 | 1, canRun ?? runsAll)!;
      return seat.lane.itemAt(seat.lane.headRef())!.task;
    },
    cancel(id) {
      const client = owners.locate(id);
      if (client === undefined) return { type: 'not-queued', id };
      const ref = owners.ref;
      const lane = laneOfRef(ref);
      const entry = client.store.cancelFound(ref);
      owners.remove(id);
      counts[lane]! -= 1;
      if (client.seats[lane].lane.size === 0) rounds[lane].leave(client.seats[lane]);
      return { type: 'canceled', task: entry.task };
    },
    has: (id) => owners.locate(id) !== undefined,
    get(id) {
      const client = owners.locate(id);
      return client && client.store.itemAt(owners.ref)!.task;
    },
    positionOf(id) {
      const client = owners.locate(id);
      if (client === undefined) return undefined;
      const ref = owners.ref;
      const lane = laneOfRef(ref);
      const seat = client.seats[lane];
      const own = seat.lane.positionOf(ref);
      const inLane = fair
        ? seatAhead(rounds[lane], seat, own)
        : own + arrivedBefore(rounds[lane].seats, seat, client.store.itemAt(ref)!.seq);
      return (lane === 0 ? 0 : counts[0]!) + inLane;
    },
    size,
    depth: () => ({ interactive: counts[0]!, batch: counts[1]!, total: size() }),
    depthOf(name): QueueDepth {
      const client = clients.get(name);
      const interactive = client?.seats[0].lane.size ?? 0;
      const batch = client?.seats[1].lane.size ?? 0;
      return { interactive, batch, total: interactive + batch };
    },
    clientsQueued() {
      const queued = new Map<string, number>();
      for (const [name, client] of clients) {
        const total = client.store.size;
        if (total > 0) queued.set(name, total);
      }
      return queued;
    },
    toArray: () => [...orderOfLane(rounds[0], fair), ...orderOfLane(rounds[1], fair)],
  };
  return queue;
}

/** CORE-083: tasks of other clients in the lane that arrived before arrival `seq`; O(those + clients). */
function arrivedBefore<T>(seats: readonly LaneSeat<T>[], mine: LaneSeat<T>, seq: number): number {
  let ahead = 0;
  for (const seat of seats) {
    if (seat === mine) continue;
    for (const entry of seat.lane.values()) {
      if (entry.seq > seq) break;
      ahead += 1;
    }
  }
  return ahead;
}
