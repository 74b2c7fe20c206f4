// POOL-003, POOL-011..POOL-014: the pure rules of a replica's life: the
// transition table, restart pacing, the circuit breaker and how a death is
// classified (VRAM OOM apart from host OOM, driver errors, wedges).
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, classifyDeath, decideRestart, isDriverErrorLine, transition } from '../src/index.js';
import type { ReplicaEvent, RestartPolicy } from '../src/index.js';
import type { ReplicaState } from '@llama-orch/contracts';

const walk = (events: ReplicaEvent[], from: ReplicaState = 'Stopped'): ReplicaState[] => {
  const seen: ReplicaState[] = [from];
  let state = from;
  for (const event of events) {
    const step = transition(state, event);
    if (step.type === 'refused') throw new Error(`${event.type} refused in ${state}`);
    state = step.to;
    seen.push(state);
  }
  return seen;
};

describe('replica state machine', () => {
  it('boots Stopped → Preflight → Starting → Loading → Ready and drains to Stopped [POOL-003]', () => {
    expect(
      walk([
        { type: 'start' },
        { type: 'preflight-passed' },
        { type: 'spawned' },
        { type: 'self-test-passed' },
        { type: 'drain' },
        { type: 'stopped' },
      ]),
    ).toEqual(['Stopped', 'Preflight', 'Starting', 'Loading', 'Ready', 'Draining', 'Stopped']);
  });

  it('goes Failed → Backoff → Preflight after a crash, and Failed → CircuitOpen in a storm [POOL-012, POOL-013]', () => {
    expect(
      walk(
        [{ type: 'failed', reason: 'crash' }, { type: 'backoff', delay_ms: 1000 }, { type: 'retry' }],
        'Ready',
      ),
    ).toEqual(['Ready', 'Failed', 'Backoff', 'Preflight']);
    expect(
      walk(
        [{ type: 'failed', reason: 'crash' }, { type: 'circuit-open', cooldown_ms: 1 }, { type: 'retry' }],
        'Loading',
      ),
    ).toEqual(['Loading', 'Failed', 'CircuitOpen', 'Preflight']);
  });

  it('refuses shortcuts: Ready only from Loading, Backoff never straight to Ready [POOL-003, POOL-008]', () => {
    expect(transition('Stopped', { type: 'self-test-passed' }).type).toBe('refused');
    expect(transition('Backoff', { type: 'self-test-passed' }).type).toBe('refused');
    expect(transition('Starting', { type: 'self-test-passed' }).type).toBe('refused');
    expect(transition('Loading', { type: 'drain' }).type).toBe('refused');
  });

  it('stops after a preflight refusal instead of retrying [POOL-004]', () => {
    expect(walk([{ type: 'start' }, { type: 'preflight-failed', reason: 'too big' }])).toEqual([
      'Stopped',
      'Preflight',
      'Stopped',
    ]);
  });
});

describe('restart pacing', () => {
  const policy: RestartPolicy = {
    baseMs: 1000,
    capMs: 8000,
    jitterRatio: 0,
    maxFailures: 5,
    windowMs: 60_000,
    cooldownMs: 300_000,
  };

  it('doubles from the base delay up to the cap [POOL-012]', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('keeps jitter within ±ratio of the delay [POOL-012]', () => {
    const jittery = { ...policy, jitterRatio: 0.2 };
    expect(backoffDelayMs(2, jittery, () => 0)).toBe(1600);
    expect(backoffDelayMs(2, jittery, () => 0.999999)).toBe(2400);
  });

  it('opens the circuit at the Nth failure inside the window, and forgets failures outside it [POOL-013]', () => {
    let failures: number[] = [];
    const kinds: string[] = [];
    for (let t = 0; t < 5; t++) {
      const d = decideRestart(failures, t * 1000, policy, () => 0.5);
      failures = d.failures;
      kinds.push(d.type === 'backoff' ? `backoff ${d.delay_ms}` : d.type);
    }
    expect(kinds).toEqual(['backoff 1000', 'backoff 2000', 'backoff 4000', 'backoff 8000', 'circuit-open']);
    expect(decideRestart([0, 1000, 2000, 3000], 200_000, policy)).toMatchObject({
      type: 'backoff',
      attempt: 1,
    });
  });
});

describe('why an engine died', () => {
  const death = (over: Partial<Parameters<typeof classifyDeath>[0]>) =>
    classifyDeath({ code: 1, signal: null, logTail: [], killedAsWedged: false, ...over });

  it('reports VRAM OOM from the engine’s own CUDA allocation failure [POOL-014]', () => {
    const c = death({
      logTail: [
        'load_tensors: loading',
        'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 9000 MiB on device 1: cudaMalloc failed: out of memory',
      ],
    });
    expect(c.kind).toBe('vram_oom');
    expect(c.message).toMatch(/^VRAM OOM/);
  });

  it('reports host OOM for a SIGKILL we did not send, distinct from VRAM OOM [POOL-014]', () => {
    const c = death({
      code: null,
      signal: 'SIGKILL',
      logTail: ['slot update_slots: id 0 | task 3 | prompt done'],
    });
    expect(c.kind).toBe('host_oom');
    expect(c.message).toMatch(/^host OOM/);
  });

  it('reports our own kill of a wedged engine as a wedge, not an OOM [POOL-011]', () => {
    expect(death({ code: null, signal: 'SIGKILL', killedAsWedged: true }).kind).toBe('wedged');
  });

  it('recognises driver and CUDA faults, which stop the whole pool', () => {
    expect(death({ logTail: ['CUDA error: an illegal memory access was encountered'] }).kind).toBe(
      'driver_error',
    );
    expect(isDriverErrorLine('NVRM: GPU at PCI:0000:01:00: GPU has fallen off the bus.')).toBe(true);
    expect(isDriverErrorLine('srv  log_server_r: request: GET /health 127.0.0.1 200')).toBe(false);
  });

  it('quotes the last output of a plain crash', () => {
    expect(death({ code: 134, logTail: ['a', 'GGML_ASSERT(n_tokens > 0) failed'] }).message).toBe(
      'engine crashed (exited with code 134); last output: a | GGML_ASSERT(n_tokens > 0) failed',
    );
  });
});
