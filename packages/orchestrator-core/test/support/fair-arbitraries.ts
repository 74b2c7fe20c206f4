// Generators for the fair queue's suites: operations that name a client, and
// dequeues that find some clients at their concurrency limit. Weights are
// dyadic (exact in binary floating point), so the reference model's running
// float deficits stay exact and any divergence is a real one.
import fc from 'fast-check';
import type { CanRun, Priority } from '../../src/index.js';
import { priorityArb } from './arbitraries.js';

export const CLIENTS = ['a', 'b', 'c', 'd'] as const;
export const WEIGHTS = [0.25, 0.5, 1, 1, 1.5, 2, 3, 4] as const;

export type FairOp =
  | { type: 'enqueue'; id: string; priority: Priority; client: string }
  | { type: 'dequeue'; blocked: number }
  | { type: 'peek'; blocked: number }
  | { type: 'cancel'; id: string };

/** Clients whose bit is set in `blocked` cannot run. */
export const canRunExcept =
  (blocked: number): CanRun =>
  (client) =>
    (blocked & (1 << CLIENTS.indexOf(client as (typeof CLIENTS)[number]))) === 0;

/** Mostly nobody blocked, so the round order is exercised as much as the skipping. */
const blockedArb = (clients: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: (1 << clients) - 1 }) },
  );

export const fairOpArb = (ids: number, clients: number, dequeueWeight = 3): fc.Arbitrary<FairOp> => {
  const idArb = fc.integer({ min: 0, max: ids - 1 }).map((n) => `t${n}`);
  const clientArb = fc.constantFrom(...CLIENTS.slice(0, clients));
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        type: fc.constant('enqueue' as const),
        id: idArb,
        priority: priorityArb,
        client: clientArb,
      }),
    },
    {
      weight: dequeueWeight,
      arbitrary: fc.record({ type: fc.constant('dequeue' as const), blocked: blockedArb(clients) }),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('peek' as const), blocked: blockedArb(clients) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('cancel' as const), id: idArb }) },
  );
};

/** Short runs over few ids (collisions) for up to four clients. */
export const fairOpsArb = (clients: number) =>
  fc.array(fairOpArb(25, clients), { maxLength: 100, size: 'max' });

/** Longer runs that grow the stores and keep several clients backlogged. */
export const longFairOpsArb = (clients: number) =>
  fc.array(fairOpArb(120, clients, 2), { minLength: 50, maxLength: 300, size: 'max' });

/** A weight per client (index as in CLIENTS). */
export const weightsArb = fc.array(fc.constantFrom(...WEIGHTS), {
  minLength: CLIENTS.length,
  maxLength: CLIENTS.length,
});

export const weightOfFrom =
  (weights: readonly number[]) =>
  (client: string): number =>
    weights[CLIENTS.indexOf(client as (typeof CLIENTS)[number])] ?? 1;
