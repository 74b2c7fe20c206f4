// HOME-002 (deterministic placement): replicas plan their GPUs one at a time
// and in the order they asked, so `<pool>-0` always plans before `<pool>-1`
// however long each one's model check took, and two plans never read the
// same free-VRAM figure.

export interface Ticket {
  /** Resolves once every earlier ticket was released. */
  acquire(): Promise<void>;
  /** Idempotent; must be called even when acquire() was never awaited. */
  release(): void;
}

export interface OrderedLock {
  /** Takes a place in line now (synchronously), to be used later. */
  ticket(): Ticket;
}

export function createOrderedLock(): OrderedLock {
  let tail: Promise<void> = Promise.resolve();
  return {
    ticket() {
      const before = tail;
      let release!: () => void;
      const done = new Promise<void>((resolve) => (release = resolve));
      tail = before.then(() => done);
      return { acquire: () => before, release: () => release() };
    },
  };
}
