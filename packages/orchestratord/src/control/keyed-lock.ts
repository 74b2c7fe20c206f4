// ORCHD-031, ORCHD-034, ORCHD-036: a register, a state change and a
// verification of the same model (or two uploads of the same artifact) must
// not interleave their read-modify-write, or the later write would silently
// undo the earlier one. Work on one key runs one at a time; different keys
// run concurrently.
export interface KeyedLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      // Tails never reject, so the next holder always runs after the previous one settles.
      const next = (tails.get(key) ?? Promise.resolve()).then(work);
      const tail = next.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
  };
}
