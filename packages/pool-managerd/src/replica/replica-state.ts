// POOL-003, POOL-012, POOL-013, POOL-018: the replica lifecycle as one pure
// transition table. Every change has a named trigger (the event), and the
// supervisor may only move a replica along an edge listed here, so an
// impossible jump (Stopped → Ready, Backoff → Ready) is a bug caught at once.
import type { ReplicaState } from '@llama-orch/contracts';

export type { ReplicaState };

export type ReplicaEvent =
  /** Operator, boot or reload asks for the replica. */
  | { type: 'start' }
  /** Model resolved, digest verified, VRAM fits the mask. */
  | { type: 'preflight-passed' }
  /** Model missing, digest mismatch, no GPU or not enough VRAM: needs a fix, not a retry. */
  | { type: 'preflight-failed'; reason: string }
  /** The engine process runs and listens (model still loading). */
  | { type: 'spawned' }
  /** Preload, one minimal decode, cancel and telemetry all passed. */
  | { type: 'self-test-passed' }
  /** Crash, failed start, failed self-test, wedge or driver error. */
  | { type: 'failed'; reason: string }
  | { type: 'backoff'; delay_ms: number }
  | { type: 'circuit-open'; cooldown_ms: number }
  /** The backoff delay or the breaker's cool-down ended. */
  | { type: 'retry' }
  /** Stop taking work; in-flight work may finish until the deadline. */
  | { type: 'drain' }
  /** The engine process is gone (or never ran) and nothing restarts it. */
  | { type: 'stopped'; reason?: string }
  /** A reload hands the slot a Ready engine (POOL-048): it serves from now on, whatever it did before. */
  | { type: 'adopted'; reason: string };

export type ReplicaEventType = ReplicaEvent['type'];

const EDGES: Record<ReplicaEventType, Partial<Record<ReplicaState, ReplicaState>>> = {
  start: { Stopped: 'Preflight', Failed: 'Preflight', CircuitOpen: 'Preflight' },
  'preflight-passed': { Preflight: 'Starting' },
  'preflight-failed': { Preflight: 'Stopped' },
  spawned: { Starting: 'Loading' },
  'self-test-passed': { Loading: 'Ready' },
  failed: { Preflight: 'Failed', Starting: 'Failed', Loading: 'Failed', Ready: 'Failed', Draining: 'Failed' },
  backoff: { Failed: 'Backoff' },
  'circuit-open': { Failed: 'CircuitOpen' },
  retry: { Backoff: 'Preflight', CircuitOpen: 'Preflight' },
  drain: { Ready: 'Draining' },
  adopted: {
    Stopped: 'Ready',
    Failed: 'Ready',
    Backoff: 'Ready',
    CircuitOpen: 'Ready',
    Ready: 'Ready',
  },
  stopped: {
    Preflight: 'Stopped',
    Starting: 'Stopped',
    Loading: 'Stopped',
    Ready: 'Stopped',
    Draining: 'Stopped',
    Failed: 'Stopped',
    Backoff: 'Stopped',
    CircuitOpen: 'Stopped',
  },
};

export type Transition =
  { type: 'moved'; from: ReplicaState; to: ReplicaState } | { type: 'refused'; from: ReplicaState };

export function transition(from: ReplicaState, event: ReplicaEvent): Transition {
  const to = EDGES[event.type][from];
  return to === undefined ? { type: 'refused', from } : { type: 'moved', from, to };
}

/** States in which an engine process may be running. */
export function holdsProcess(state: ReplicaState): boolean {
  return state === 'Starting' || state === 'Loading' || state === 'Ready' || state === 'Draining';
}

/** Why the replica sits in a state, for logs and the event stream. */
export function reasonOf(event: ReplicaEvent): string | undefined {
  switch (event.type) {
    case 'preflight-failed':
    case 'failed':
      return event.reason;
    case 'backoff':
      return `restart in ${event.delay_ms} ms`;
    case 'circuit-open':
      return `too many failures; circuit open for ${event.cooldown_ms} ms`;
    case 'stopped':
    case 'adopted':
      return event.reason;
    default:
      return undefined;
  }
}
