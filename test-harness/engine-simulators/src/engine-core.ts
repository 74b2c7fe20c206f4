// WA-009, WA-013: shared core of every simulated engine: slots, pacing, counters, faults, cancellation.
// Why: the four protocol front-ends differ only in wire format; what the engine *does*
// (queue for a slot, decode at a set rate, stop when the client goes away, crash on cue)
// must be identical so one conformance suite can judge every adapter the same way.
import { setTimeout as sleep } from 'node:timers/promises';
import { planTokens } from './generator.js';
import type { GenerationParams } from './generator.js';
import type { SimFault, SimulatorOptions } from './options.js';
import { tokenize } from './vocabulary.js';

export type StopType = 'eos' | 'limit';

export type GenerationStep =
  /** `last` marks the final token of a stream that stops on the token limit. */
  | { type: 'token'; index: number; id: number; text: string; last: boolean }
  /** The end-of-sequence token: generated and counted, but it carries no text. */
  | { type: 'eos'; index: number; id: number }
  | { type: 'end'; stopType: StopType; tokensOut: number; promptTokens: number; decodeMs: number }
  /** An engine-side failure after the stream began; the front-end reports it in its own format. */
  | { type: 'error'; message: string };

export interface EngineCounters {
  promptTokensTotal: number;
  generationTokensTotal: number;
  requestsTotal: number;
  finished: { eos: number; limit: number; abort: number; error: number };
  running: number;
  waiting: number;
}

export interface SlotView {
  id: number;
  taskId: number;
  isProcessing: boolean;
  promptTokens: number;
  decoded: number;
}

/** Process-level effects, injected so the core stays free of process globals. */
export interface EngineEffects {
  /** Ends the process with `code` after letting already-written bytes reach the socket. */
  crash(code: number): Promise<never>;
  stderr(line: string): void;
}

export const OOM_MESSAGE =
  'CUDA error: out of memory (tried to allocate 8.00 GiB for the KV cache on device 0)';

export const OOM_LINES = [
  'sim_cuda_alloc: cudaMalloc of 8589934592 bytes on device 0 failed: out of memory',
  'CUDA error: out of memory (simulated engine could not allocate its KV cache)',
];

export interface SimEngine {
  readonly options: SimulatorOptions;
  counters(): Readonly<EngineCounters>;
  slots(): SlotView[];
  /** Fraction of the total KV budget (slots x ctx) held by running sequences. */
  kvUsage(): number;
  fault<T extends SimFault['type']>(type: T): Extract<SimFault, { type: T }> | undefined;
  generate(params: GenerationParams, signal: AbortSignal): AsyncGenerator<GenerationStep>;
}

interface SlotState {
  id: number;
  taskId: number;
  busy: boolean;
  promptTokens: number;
  decoded: number;
}

export function createSimEngine(options: SimulatorOptions, effects: EngineEffects): SimEngine {
  const counters: EngineCounters = {
    promptTokensTotal: 0,
    generationTokensTotal: 0,
    requestsTotal: 0,
    finished: { eos: 0, limit: 0, abort: 0, error: 0 },
    running: 0,
    waiting: 0,
  };
  const slotStates: SlotState[] = Array.from({ length: Math.max(1, options.slots) }, (_, id) => ({
    id,
    taskId: -1,
    busy: false,
    promptTokens: 0,
    decoded: 0,
  }));
  const waiters: Array<() => void> = [];
  let nextTask = 0;

  const fault = <T extends SimFault['type']>(type: T) =>
    options.faults.find((f): f is Extract<SimFault, { type: T }> => f.type === type);

  async function acquire(signal: AbortSignal): Promise<SlotState> {
    counters.waiting += 1;
    try {
      for (;;) {
        signal.throwIfAborted();
        const free = slotStates.find((s) => !s.busy);
        if (free !== undefined) {
          free.busy = true;
          return free;
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            signal.removeEventListener('abort', wake);
            const at = waiters.indexOf(wake);
            if (at >= 0) waiters.splice(at, 1);
            resolve();
          };
          waiters.push(wake);
          signal.addEventListener('abort', wake, { once: true });
        });
      }
    } finally {
      counters.waiting -= 1;
    }
  }

  function release(slot: SlotState): void {
    slot.busy = false;
    slot.decoded = 0;
    slot.promptTokens = 0;
    waiters.shift()?.();
  }

  async function* generate(params: GenerationParams, signal: AbortSignal): AsyncGenerator<GenerationStep> {
    counters.requestsTotal += 1;
    const slot = await acquire(signal);
    const started = performance.now();
    const promptTokens = tokenize(params.prompt).length;
    slot.taskId = nextTask++;
    slot.promptTokens = promptTokens;
    counters.running += 1;
    counters.promptTokensTotal += promptTokens;
    let outcome: keyof EngineCounters['finished'] = 'abort';
    try {
      const slow = fault('slow-start');
      if (slow !== undefined) await sleep(slow.ms, undefined, { signal });
      const plan = planTokens(options.model, params);
      for (const [index, planned] of plan.entries()) {
        await sleep(options.tokenDelayMs, undefined, { signal });
        if (fault('exit-after')?.tokens === index) await effects.crash(1);
        if (fault('oom-after')?.tokens === index) {
          // Like an engine whose allocator fails mid-decode: say so on stderr and to the
          // client in the engine's own error format, then die.
          for (const line of OOM_LINES) effects.stderr(line);
          outcome = 'error';
          void effects.crash(1);
          yield { type: 'error', message: OOM_MESSAGE };
          return;
        }
        if (fault('hang-after')?.tokens === index) {
          await new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
          );
        }
        if (fault('error-after')?.tokens === index) {
          outcome = 'error';
          yield { type: 'error', message: `simulated decode failure after ${index} tokens` };
          return;
        }
        signal.throwIfAborted();
        slot.decoded += 1;
        counters.generationTokensTotal += 1;
        yield planned.type === 'eos'
          ? { type: 'eos', index, id: planned.id }
          : { type: 'token', index, id: planned.id, text: planned.text, last: index === plan.length - 1 };
      }
      const stopType: StopType = plan.at(-1)?.type === 'eos' ? 'eos' : 'limit';
      outcome = stopType;
      yield {
        type: 'end',
        stopType,
        tokensOut: plan.length,
        promptTokens,
        decodeMs: performance.now() - started,
      };
    } finally {
      counters.finished[outcome] += 1;
      counters.running -= 1;
      release(slot);
    }
  }

  return {
    options,
    counters: () => counters,
    slots: () =>
      slotStates.map((s) => ({
        id: s.id,
        taskId: s.taskId,
        isProcessing: s.busy,
        promptTokens: s.promptTokens,
        decoded: s.decoded,
      })),
    kvUsage: () => {
      const used = slotStates.reduce((sum, s) => sum + (s.busy ? s.promptTokens + s.decoded : 0), 0);
      return Math.min(1, used / (slotStates.length * Math.max(1, options.ctx)));
    },
    fault,
    generate,
  };
}
