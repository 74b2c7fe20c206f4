// Model-based chaos over the whole lifecycle, against the real product: one
// stack (`orchestratord --config`, pool-managerd, real llama-server on CPU with
// generated models), driven by random sequences of client, operator and OS
// actions (submit, cancel, hang-up, reload to the same / the other / a broken
// model, drain, SIGKILL, SIGSTOP+SIGCONT, wait; fast-check `fc.commands`). The
// model (lifecycle-model.ts) predicts each answer; after each sequence settles,
// lifecycle-checks.ts checks that every task ended exactly once, no replica is
// Failed-and-forgotten, every pool not drained serves again, and no engine
// outlives pool-managerd's knowledge of it; after the stack stops, that no
// engine is left at all. Every sequence starts from the same state, reached
// through the API, not a restart: each active pool freshly reloaded onto its
// original model, Ready and served (lifecycle-checks.ts `restore`).
//
// Runs: CHAOS_RUNS (default 20: about 55-65 s for the file on the 2-core dev box
// when every sequence passes; a failing one waits out its bounds, ≤ ~2 min,
// and stops the run). CHAOS_SEED and CHAOS_PATH replay a failure; CHAOS_SHRINK=1
// shrinks it instead of stopping at once (slow: every try is a sequence on the
// real stack). `npm run chaos` is the long run (60 sequences) for a quiet machine.
//
// llama-server is never skipped: no engine means startup (beforeAll) fails,
// with or without REQUIRE_REAL_LLAMA=1, as in reload-rollback-end-to-end.
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineProcesses } from '../src/engine-processes.js';
import { startStack } from '../src/index.js';
import type { Stack } from '../src/index.js';
import { commandArbitraries } from '../src/lifecycle-commands.js';
import { restore, settleAndCheck } from '../src/lifecycle-checks.js';
import { STREAM_BOUND_MS, initialModel, stackPools } from '../src/lifecycle-model.js';
import type { Model, Real } from '../src/lifecycle-model.js';
import { TaskLedger } from '../src/task-ledger.js';
import { regressions } from '../src/lifecycle-regressions.js';

const RUNS = Number(process.env['CHAOS_RUNS'] ?? 20);
const SEED = process.env['CHAOS_SEED'] === undefined ? undefined : Number(process.env['CHAOS_SEED']);
const PATH = process.env['CHAOS_PATH'];
const SHRINK = process.env['CHAOS_SHRINK'] === '1';
const MAX_COMMANDS = 8;
/** A settled sequence takes seconds; a failing one can wait out every bound (streams, replicas, serving). */
const PER_RUN_BUDGET_MS = 240_000;
const STARTUP_MS = 900_000;

const broken = path.join(os.tmpdir(), `llorch-chaos-mbt-broken-${process.pid}.gguf`);
let stack: Stack;
let real: Real;
let markers: string[];
/** Whether the stack is in the starting state (false after a failed sequence). */
let restored = false;

beforeAll(async () => {
  await writeFile(broken, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64, 3)]));
  stack = await startStack({ pools: stackPools(broken) });
  markers = [stack.stateDir, broken];
  real = { stack, ledger: new TaskLedger(stack, STREAM_BOUND_MS), digests: new Map() };
  await restore(real, false);
  restored = true;
}, STARTUP_MS);

afterAll(async () => {
  await rm(broken, { force: true });
  if (stack === undefined) return;
  await real.ledger.settle();
  // 5. After Ctrl-C, no engine of this stack is alive.
  expect(await stack.stop()).toBe(0);
  expect(await engineProcesses(markers)).toEqual([]);
}, STREAM_BOUND_MS + 30_000);

/** One sequence from the starting state, then the invariants, then back to the starting state. */
async function sequence(commands: Iterable<fc.AsyncCommand<Model, Real>>): Promise<void> {
  if (!restored) await restore(real, false);
  restored = false;
  const model = initialModel();
  await fc.asyncModelRun(() => ({ model, real }), commands);
  await settleAndCheck(real, model, markers);
  await restore(real, true);
  restored = true;
}

describe('model-based lifecycle chaos (real llama-server)', () => {
  it(
    `random sequences of up to ${MAX_COMMANDS} commands keep every invariant (${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commandArbitraries(), { maxCommands: MAX_COMMANDS }), sequence),
        {
          numRuns: RUNS,
          endOnFailure: !SHRINK,
          ...(SEED === undefined ? {} : { seed: SEED }),
          ...(PATH === undefined ? {} : { path: PATH }),
        },
      );
    },
    (SHRINK ? 20 : 1) * RUNS * PER_RUN_BUDGET_MS,
  );

  // Sequences fast-check found, shrunk by hand or by CHAOS_SHRINK=1, kept as fixed cases.
  it.each(regressions)('regression: $name', async ({ commands }) => sequence(commands()), PER_RUN_BUDGET_MS);
});
