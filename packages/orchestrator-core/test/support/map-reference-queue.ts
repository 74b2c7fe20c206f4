// The reference queue again, with the same rules as reference-queue.ts but
// kept in two insertion-ordered Maps so that runs of thousands of tasks stay
// fast: a Map iterates in insertion order, which is exactly FIFO per priority.
import type { FullPolicy, Priority } from '../../src/index.js';
import type { ModelEnqueue } from './reference-queue.js';

export class MapReferenceQueue {
  private readonly interactive = new Map<string, Priority>();
  private readonly batch = new Map<string, Priority>();
  private contested = 0;
  private batchServed = 0;

  constructor(
    readonly capacity: number,
    readonly policy: FullPolicy,
    readonly batchShare = 0,
  ) {}

  get size(): number {
    return this.interactive.size + this.batch.size;
  }

  /** Queued ids in strict priority order. */
  ids(): string[] {
    return [...this.interactive.keys(), ...this.batch.keys()];
  }

  has(id: string): boolean {
    return this.interactive.has(id) || this.batch.has(id);
  }

  enqueue(id: string, priority: Priority): ModelEnqueue {
    if (this.has(id)) return { type: 'refused', code: 'INVALID_PARAMS' };
    let evicted: string | null = null;
    if (this.size >= this.capacity) {
      if (this.policy === 'reject') return { type: 'refused', code: 'ADMISSION_REJECT' };
      const victims = this.batch.size > 0 ? this.batch : priority === 'interactive' ? this.interactive : null;
      if (!victims || victims.size === 0) return { type: 'refused', code: 'QUEUE_FULL_DROP_LRU' };
      evicted = victims.keys().next().value!;
      victims.delete(evicted);
    }
    (priority === 'interactive' ? this.interactive : this.batch).set(id, priority);
    const position = priority === 'interactive' ? this.interactive.size - 1 : this.size - 1;
    return { type: 'enqueued', position, evicted };
  }

  dequeue(): string | undefined {
    const useBatch =
      this.interactive.size === 0 ||
      (this.batch.size > 0 && Math.floor((this.contested + 1) * this.batchShare) > this.batchServed);
    if (this.interactive.size > 0 && this.batch.size > 0) {
      this.contested += 1;
      if (useBatch) this.batchServed += 1;
    }
    const lane = useBatch ? this.batch : this.interactive;
    const id: string | undefined = lane.keys().next().value;
    if (id !== undefined) lane.delete(id);
    return id;
  }

  cancel(id: string): boolean {
    return this.interactive.delete(id) || this.batch.delete(id);
  }
}
