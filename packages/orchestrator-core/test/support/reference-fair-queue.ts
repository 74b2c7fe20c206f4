// A deliberately naive fair queue (plain arrays, turns played one by one,
// float deficits) written straight from CORE-080..CORE-085. The model-based
// suite replays random operations on it and on createFairPoolQueue; they share
// no code, so a divergence is a bug in one of them. Positions and the queued
// order come from running dequeues on a copy.
import type { CanRun, FullPolicy, Priority } from '../../src/index.js';

export interface FairTask {
  id: string;
  priority: Priority;
  client: string;
  seq: number;
}

interface Member {
  client: string;
  weight: number;
  deficit: number;
  tasks: FairTask[];
}

interface Lane {
  /** ring[0] has the turn (in progress when inTurn). */
  ring: Member[];
  inTurn: boolean;
}

export type FairModelEnqueue =
  { type: 'enqueued'; position: number; evicted: string | null } | { type: 'refused'; code: string };

const everyone: CanRun = () => true;

export class ReferenceFairQueue {
  private lanes: [Lane, Lane] = [
    { ring: [], inTurn: false },
    { ring: [], inTurn: false },
  ];
  private seq = 0;
  private contested = 0;
  private batchServed = 0;

  constructor(
    readonly capacity: number,
    readonly policy: FullPolicy,
    readonly batchShare: number,
    readonly fair: boolean,
    readonly weightOf: (client: string) => number,
  ) {}

  private tasksOf(lane: 0 | 1): FairTask[] {
    return this.lanes[lane].ring.flatMap((m) => m.tasks);
  }

  private get count(): number {
    return this.tasksOf(0).length + this.tasksOf(1).length;
  }

  enqueue(id: string, priority: Priority, client: string): FairModelEnqueue {
    if ([...this.tasksOf(0), ...this.tasksOf(1)].some((t) => t.id === id)) {
      return { type: 'refused', code: 'INVALID_PARAMS' };
    }
    let evicted: string | null = null;
    if (this.count >= this.capacity) {
      if (this.policy === 'reject') return { type: 'refused', code: 'ADMISSION_REJECT' };
      const lane =
        this.tasksOf(1).length > 0 ? 1 : priority === 'interactive' && this.tasksOf(0).length > 0 ? 0 : -1;
      if (lane < 0) return { type: 'refused', code: 'QUEUE_FULL_DROP_LRU' };
      const members = [...this.lanes[lane as 0 | 1].ring];
      // Largest backlog first (fair only), then the oldest head.
      members.sort(
        (x, y) => (this.fair ? y.tasks.length - x.tasks.length : 0) || x.tasks[0]!.seq - y.tasks[0]!.seq,
      );
      evicted = this.removeTask(members[0]!, lane as 0 | 1).id;
    }
    const lane = this.lanes[priority === 'interactive' ? 0 : 1];
    let member = lane.ring.find((m) => m.client === client);
    if (member === undefined) {
      member = { client, weight: this.weightOf(client), deficit: 0, tasks: [] };
      lane.ring.push(member);
    }
    member.tasks.push({ id, priority, client, seq: this.seq++ });
    return { type: 'enqueued', position: this.order().indexOf(id), evicted };
  }

  private removeTask(member: Member, laneIndex: 0 | 1, at = 0): FairTask {
    const lane = this.lanes[laneIndex];
    const [task] = member.tasks.splice(at, 1);
    if (member.tasks.length === 0) {
      if (lane.ring[0] === member) lane.inTurn = false;
      lane.ring = lane.ring.filter((m) => m !== member);
    }
    return task!;
  }

  cancel(id: string): boolean {
    for (const laneIndex of [0, 1] as const) {
      for (const member of this.lanes[laneIndex].ring) {
        const at = member.tasks.findIndex((t) => t.id === id);
        if (at >= 0) {
          this.removeTask(member, laneIndex, at);
          return true;
        }
      }
    }
    return false;
  }

  private laneFor(canRun: CanRun): { lane: 0 | 1; contest: boolean } | undefined {
    const has = (lane: 0 | 1) => this.lanes[lane].ring.some((m) => canRun(m.client));
    if (!has(0)) return has(1) ? { lane: 1, contest: false } : undefined;
    if (!has(1)) return { lane: 0, contest: false };
    return {
      lane: Math.floor((this.contested + 1) * this.batchShare) > this.batchServed ? 1 : 0,
      contest: true,
    };
  }

  dequeue(canRun: CanRun = everyone): string | undefined {
    const next = this.laneFor(canRun);
    if (next === undefined) return undefined;
    if (next.contest) {
      this.contested += 1;
      if (next.lane === 1) this.batchServed += 1;
    }
    const lane = this.lanes[next.lane];
    if (!this.fair) {
      const members = lane.ring.filter((m) => canRun(m.client));
      members.sort((x, y) => x.tasks[0]!.seq - y.tasks[0]!.seq);
      return this.removeTask(members[0]!, next.lane).id;
    }
    const rotate = () => {
      lane.ring.push(lane.ring.shift()!);
      lane.inTurn = false;
    };
    for (;;) {
      const member = lane.ring[0]!;
      if (!lane.inTurn) {
        if (!canRun(member.client)) {
          rotate();
          continue;
        }
        member.deficit += member.weight;
        lane.inTurn = true;
      }
      if (!canRun(member.client)) {
        member.deficit -= Math.floor(member.deficit);
        rotate();
      } else if (member.deficit < 1) {
        rotate();
      } else {
        member.deficit -= 1;
        const task = this.removeTask(member, next.lane);
        if (member.tasks.length > 0 && member.deficit < 1) rotate();
        return task.id;
      }
    }
  }

  peek(canRun: CanRun = everyone): string | undefined {
    return this.copy().dequeue(canRun);
  }

  private copy(): ReferenceFairQueue {
    const twin = new ReferenceFairQueue(
      this.capacity,
      this.policy,
      this.batchShare,
      this.fair,
      this.weightOf,
    );
    twin.lanes = this.lanes.map((lane) => ({
      inTurn: lane.inTurn,
      ring: lane.ring.map((m) => ({ ...m, tasks: [...m.tasks] })),
    })) as [Lane, Lane];
    twin.seq = this.seq;
    twin.contested = this.contested;
    twin.batchServed = this.batchServed;
    return twin;
  }

  /** Ids in the order they would leave with no arrivals, everyone able to run, interactive first. */
  order(): string[] {
    const twin = this.copy();
    const strict = new ReferenceFairQueue(this.capacity, this.policy, 0, this.fair, this.weightOf);
    strict.lanes = twin.lanes;
    const out: string[] = [];
    for (let id = strict.dequeue(); id !== undefined; id = strict.dequeue()) out.push(id);
    return out;
  }

  depthOf(client: string): { interactive: number; batch: number; total: number } {
    const of = (lane: 0 | 1) => this.tasksOf(lane).filter((t) => t.client === client).length;
    return { interactive: of(0), batch: of(1), total: of(0) + of(1) };
  }
}
