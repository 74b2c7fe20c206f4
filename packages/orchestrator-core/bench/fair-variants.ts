// The fair queue rows of `pnpm bench:core` (CORE-087): the same timed runs as
// the PoolQueue's (queue-runs.ts) at one depth, on a queue shared by four
// clients of different weights, with and without a canRun on every dequeue.
// The PoolQueue comes first so the table can show the ratio to it.
import { createFairPoolQueue, type CanRun } from '../src/index.js';
import {
  BENCH_CLIENTS,
  BENCH_WEIGHTS,
  makePoolQueue,
  type BenchTask,
  type MakeQueue,
} from './bench-workload.js';

export const FAIR_DEPTH = 100_000;

export const fairWeightsText = BENCH_CLIENTS.map((c) => `${c} ${BENCH_WEIGHTS[c]}`).join(', ');

const fairQueue = (capacity: number) =>
  createFairPoolQueue<BenchTask>({
    capacity,
    full_policy: 'reject',
    fair: true,
    weightOf: (client) => BENCH_WEIGHTS[client] ?? 1,
  });

const makeFair: MakeQueue = fairQueue;

/** Every client may run: the dispatcher's call, with the cost of asking each client. */
const everyoneRuns: CanRun = (client) => client.length > 0;

const makeFairAsking: MakeQueue = (capacity) => {
  const queue = fairQueue(capacity);
  return { ...queue, dequeue: () => queue.dequeue(everyoneRuns) };
};

export const fairVariants: readonly { label: string; make: MakeQueue }[] = [
  { label: 'pool', make: makePoolQueue },
  { label: 'fair', make: makeFair },
  { label: 'fair+canRun', make: makeFairAsking },
];
