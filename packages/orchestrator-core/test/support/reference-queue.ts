// A deliberately naive queue (plain arrays, linear scans) written straight
// from CORE-011..CORE-019. The property suite replays random operations on it
// and on the real queue; any divergence is a bug in one of the two.
import type { FullPolicy, Priority } from '../../src/index.js';

export interface ModelTask {
  id: string;
  priority: Priority;
}

export type ModelEnqueue =
  { type: 'enqueued'; position: number; evicted: string | null } | { type: 'refused'; code: string };

export class ReferenceQueue {
  private interactive: ModelTask[] = [];
  private batch: ModelTask[] = [];
  private contested = 0;
  private batchServed = 0;

  constructor(
    readonly capacity: number,
    readonly policy: FullPolicy,
    readonly batchShare = 0,
  ) {}

  get all(): ModelTask[] {
    return [...this.interactive, ...this.batch];
  }

  enqueue(task: ModelTask): ModelEnqueue {
    if (this.all.some((t) => t.id === task.id)) return { type: 'refused', code: 'INVALID_PARAMS' };
    let evicted: string | null = null;
    if (this.all.length >= this.capacity) {
      if (this.policy === 'reject') return { type: 'refused', code: 'ADMISSION_REJECT' };
      // Lowest priority first; an interactive newcomer may also displace interactive work.
      if (this.batch.length > 0) evicted = this.batch.shift()!.id;
      else if (task.priority === 'interactive' && this.interactive.length > 0)
        evicted = this.interactive.shift()!.id;
      else return { type: 'refused', code: 'QUEUE_FULL_DROP_LRU' };
    }
    (task.priority === 'interactive' ? this.interactive : this.batch).push(task);
    return { type: 'enqueued', position: this.all.findIndex((t) => t.id === task.id), evicted };
  }

  private pickBatch(): boolean {
    if (this.interactive.length === 0) return true;
    if (this.batch.length === 0) return false;
    return Math.floor((this.contested + 1) * this.batchShare) > this.batchServed;
  }

  peek(): string | undefined {
    return (this.pickBatch() ? this.batch[0] : this.interactive[0])?.id;
  }

  dequeue(): string | undefined {
    const useBatch = this.pickBatch();
    if (this.interactive.length > 0 && this.batch.length > 0) {
      this.contested += 1;
      if (useBatch) this.batchServed += 1;
    }
    return (useBatch ? this.batch : this.interactive).shift()?.id;
  }

  cancel(id: string): boolean {
    const before = this.interactive.length + this.batch.length;
    this.interactive = this.interactive.filter((t) => t.id !== id);
    this.batch = this.batch.filter((t) => t.id !== id);
    return this.interactive.length + this.batch.length < before;
  }
}
