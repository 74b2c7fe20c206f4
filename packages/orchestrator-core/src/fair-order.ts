// CORE-085: the order a lane would empty in if nothing arrived and every
// client could run, and a task's place in it. A position is counted, not
// simulated: a task that is j-th in its client's FIFO leaves in the client's
// t-th turn from now (the first turn whose credit covers j + 1 tasks), and
// every other client dispatches, before it, what the turns it gets before
// that one allow (capped by its backlog). That is O(clients), plus O(j) to
// find j. toArray simulates the same rounds task by task.
import { allowance, turnsUntil, type FairRound, type Seat } from './fair-round.js';
import type { RingLane } from './ring-lane.js';
import type { TaskStore } from './task-store.js';

/** What a client's store holds: the caller's task, its id for the index, and its arrival number. */
export interface Entry<T> {
  readonly id: string;
  readonly task: T;
  /** Arrival order across all clients (CORE-083, and ties in CORE-084). */
  readonly seq: number;
}

/** A client's seat in one lane's round, with that lane of its store. */
export interface LaneSeat<T> extends Seat {
  readonly store: TaskStore<Entry<T>>;
  readonly lane: RingLane<Entry<T>>;
}

/** Tasks of the lane that leave before the seat's task with `own` of its own tasks ahead. */
export function seatAhead<T>(round: FairRound<LaneSeat<T>>, seat: LaneSeat<T>, own: number): number {
  const turns = turnsUntil(seat, own + 1, round.inTurn(seat) ? 0 : 1);
  const rank = round.rankOf(seat);
  let ahead = own;
  round.seats.forEach((other, at) => {
    if (other === seat) return;
    // Turns the other client gets before that turn: one per round, minus one if it comes after.
    const before = round.rankAt(at) < rank ? turns : turns - 1;
    ahead += Math.min(other.lane.size, allowance(other, before));
  });
  return ahead;
}

interface SimSeat<T> extends Seat {
  readonly items: Iterator<Entry<T>>;
  left: number;
}

/** The lane's tasks in the order they would leave (fair: the round's; not fair: arrival). O(n · clients). */
export function orderOfLane<T>(round: FairRound<LaneSeat<T>>, fair: boolean): T[] {
  if (!fair) {
    const entries = round.seats.flatMap((seat) => [...seat.lane.values()]);
    return entries.sort((a, b) => a.seq - b.seq).map((entry) => entry.task);
  }
  const sim = round.copy<SimSeat<T>>((seat) => ({
    name: seat.name,
    weight: seat.weight,
    turns: seat.turns,
    served: seat.served,
    items: seat.lane.values(),
    left: seat.lane.size,
  }));
  const out: T[] = [];
  for (let seat = sim.pick(); seat !== undefined; seat = sim.pick()) {
    sim.commit(seat);
    out.push(seat.items.next().value!.task);
    seat.left -= 1;
    if (seat.left === 0) sim.leave(seat);
  }
  return out;
}
