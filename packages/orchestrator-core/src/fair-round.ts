// CORE-080, CORE-081, CORE-082: weighted deficit round robin inside one
// priority lane. The clients with tasks in the lane take turns in a ring; a
// turn credits the client its weight, and it dispatches one task per whole
// unit of credit (its deficit) until less than one unit is left, then the
// next client's turn begins. A client whose lane empties leaves the ring and
// loses its deficit; one that arrives joins at the tail.
//
// A deficit is kept as ⌊turns · weight⌋ − served (turns credited, tasks
// served, both integers), never as a running float sum, so 0.1 credited ten
// times is one task, not 0.9999999999999999. Rounds in which nobody reaches a
// whole unit (weights below 1) are skipped in one step: choosing the next
// client costs O(clients in the ring), never O(1 / weight).
import type { CanRun } from './fair-queue-types.js';

/** One client's place in one lane's round. */
export interface Seat {
  /** The client's name, asked of CanRun. */
  readonly name: string;
  weight: number;
  /** Turns credited since it joined the ring. */
  turns: number;
  /** Tasks it dispatched (or forfeited, CORE-082) since it joined. */
  served: number;
}

/** Tasks the seat may dispatch after `extra` more turns. */
export const allowance = (seat: Seat, extra: number): number =>
  Math.floor((seat.turns + extra) * seat.weight) - seat.served;

/** The fewest turns n ≥ `from` after which the seat may dispatch `need` tasks. */
export function turnsUntil(seat: Seat, need: number, from: number): number {
  const { turns, weight } = seat;
  const target = seat.served + need;
  // The estimate is off by at most one or two either way from rounding; the exact test settles it.
  let n = Math.max(from, Math.ceil(target / weight - turns));
  while (n > from && Math.floor((turns + n - 1) * weight) >= target) n -= 1;
  while (Math.floor((turns + n) * weight) < target) n += 1;
  return n;
}

const runsAll: CanRun = () => true;

export class FairRound<S extends Seat> {
  private ring: S[] = [];
  /** Index of the seat whose turn is next or in progress. */
  private head = 0;
  /** Whether the head's turn is in progress (credited, at least one whole unit left). */
  private open = false;
  /** What the last pick() found: the chosen seat's turns to go (0: the turn in progress) and place in the visit. */
  private pickedTurns = 0;
  private pickedVisit = 0;

  get seats(): readonly S[] {
    return this.ring;
  }

  /** A copy over other seat objects (same order, head and turn), for simulations. */
  copy<U extends Seat>(to: (seat: S) => U): FairRound<U> {
    const round = new FairRound<U>();
    round.ring = this.ring.map(to);
    round.head = this.head;
    round.open = this.open;
    return round;
  }

  /** Adds a seat with no deficit at the tail: its first turn comes after everyone's next. */
  join(seat: S): void {
    seat.turns = 0;
    seat.served = 0;
    this.ring.splice(this.head, 0, seat);
    if (this.ring.length > 1) this.head += 1;
  }

  /** Removes a seat whose lane emptied; its deficit is lost. */
  leave(seat: S): void {
    const at = this.ring.indexOf(seat);
    if (at < 0) return;
    this.ring.splice(at, 1);
    if (at < this.head) this.head -= 1;
    else if (at === this.head) this.open = false;
    if (this.head >= this.ring.length) this.head = 0;
    seat.turns = 0;
    seat.served = 0;
  }

  /**
   * Rank of the seat's next turn in the visit order: its offset from the head,
   * except that a head whose turn is in progress comes last (its next turn is
   * a whole round away). Used to count turns for positions (CORE-085).
   */
  rankOf(seat: S): number {
    return this.rankAt(this.ring.indexOf(seat));
  }

  /** rankOf for the seat at this index of `seats`. */
  rankAt(at: number): number {
    const length = this.ring.length;
    if (at === this.head && this.open) return length;
    return (at - this.head + length) % length;
  }

  /** Whether this seat's turn is in progress (its deficit already credited). */
  inTurn(seat: S): boolean {
    return this.open && this.ring[this.head] === seat;
  }

  /**
   * The seat that dispatches next among those that can run, or undefined.
   * Changes nothing but the note commit() reads (dispatch runs on every
   * dequeue, so it allocates nothing).
   */
  pick(canRun: CanRun = runsAll): S | undefined {
    const ring = this.ring;
    const length = ring.length;
    if (length === 0) return undefined;
    const head = ring[this.head]!;
    this.pickedTurns = 0;
    this.pickedVisit = 0;
    if (this.open && allowance(head, 0) >= 1 && canRun(head.name)) return head;
    // Earliest dispatch wins: fewest turns to a whole unit, then earliest in the visit order.
    const start = this.open ? 1 : 0;
    let best: S | undefined;
    for (let visit = 0; visit < length; visit++) {
      const seat = ring[(this.head + start + visit) % length]!;
      if (!canRun(seat.name)) continue;
      const turns = turnsUntil(seat, 1, 1);
      if (best === undefined || turns < this.pickedTurns) {
        best = seat;
        this.pickedTurns = turns;
        this.pickedVisit = visit;
      }
    }
    return best;
  }

  /**
   * Dispatches the seat the last pick() returned, with the same canRun: the
   * rounds it skipped credit every runnable seat they passed, the chosen seat
   * dispatches one task, and its turn ends once less than a whole unit is left.
   */
  commit(chosen: S, canRun: CanRun = runsAll): void {
    const turns = this.pickedTurns;
    if (turns > 0) {
      const ring = this.ring;
      const length = ring.length;
      const start = this.open ? 1 : 0;
      // CORE-082: a head passed over mid-turn ends that turn, forfeiting the whole units left.
      if (this.open) ring[this.head]!.served = Math.floor(ring[this.head]!.turns * ring[this.head]!.weight);
      let chosenAt = this.head;
      for (let visit = 0; visit < length; visit++) {
        const at = (this.head + start + visit) % length;
        const seat = ring[at]!;
        if (seat === chosen) {
          seat.turns += turns;
          chosenAt = at;
        } else if (canRun(seat.name)) {
          seat.turns += visit < this.pickedVisit ? turns : turns - 1;
        }
      }
      this.head = chosenAt;
      this.open = true;
    }
    chosen.served += 1;
    if (allowance(chosen, 0) < 1) {
      this.open = false;
      this.head = (this.head + 1) % this.ring.length;
    }
  }
}
