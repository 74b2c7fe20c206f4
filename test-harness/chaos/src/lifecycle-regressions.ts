// Fixed command sequences for the model-based lifecycle chaos test: what the
// random runs found (seed and path in the comment, as fast-check printed them
// against commit a5ffc02, before the issue 18 fixes), shrunk to the shortest
// list that failed there, so a fix stays fixed. Every sequence starts right
// after a reload of each pool (lifecycle-checks.ts `restore`).
import type fc from 'fast-check';
import { Drain, Kill, Reload, Submit } from './lifecycle-commands.js';
import type { Model, Real } from './lifecycle-model.js';

export interface Regression {
  name: string;
  commands: () => fc.AsyncCommand<Model, Real>[];
}

export const regressions: Regression[] = [
  {
    // seed 1, path "4" gave [kill(alpha-0)]; seed 2, path "1" (6 commands) shrank to this
    // (CHAOS_SHRINK=1). The replica stayed Failed, pid null, restarts 0.
    name: 'a SIGKILLed engine is restarted after a reload [POOL-048]',
    commands: () => [new Kill('beta', 0)],
  },
  {
    // Found by reading, fixed in the same session: the slot's preflight kept the model it was
    // created with, so the restart after a reload to another model loaded the old weights under
    // the new model_ref (caught by the weights check: model_digest differs from the swap's).
    name: 'a crash after a reload to another model restarts on that model’s weights [POOL-048]',
    commands: () => [new Reload('alpha', 'other'), new Kill('alpha', 0)],
  },
  {
    // 503 POOL_UNREADY, or POOL_UNAVAILABLE "mixed engine_version" (retriable: false), right after a
    // swap; the window is tens of ms, so eight swaps in a row to make a hit likely.
    name: 'a submission right after a reload answered swapped is admitted [ORCHD-073]',
    commands: () =>
      Array.from({ length: 8 }, () => [new Reload('alpha', 'other'), new Submit('alpha', 16)]).flat(),
  },
  {
    // Failed at a5ffc02 on the submission (503 POOL_UNREADY after a reload out of a drain); also
    // checks the drain's cancel deadline does not end the task admitted after the reload.
    name: 'a reload out of a drain: the next task is admitted and not canceled as the drain’s [ORCHD-073]',
    commands: () => [new Drain('alpha', 2_000), new Reload('alpha', 'same'), new Submit('alpha', 4_000)],
  },
  {
    name: 'a drain whose work ended does not block the next reload [POOL-049]',
    commands: () => [
      ...Array.from({ length: 3 }, () => new Submit('beta', 8)),
      new Drain('beta', 8_000),
      new Reload('beta', 'same'),
    ],
  },
];
