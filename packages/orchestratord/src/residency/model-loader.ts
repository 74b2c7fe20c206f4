// ORCHD-076: what residency needs from whoever runs the engines (pool-managerd,
// reached by the link in engines/). orchestratord decides what to load and
// what to evict; the loader only carries that out and reports the figures the
// decision reads: live device memory and what each on-demand pool's replica
// needs and holds.
import type { DeviceVram } from '@llama-orch/orchestrator-core';

/** `loadMs` null: the model was already loaded (someone else's load, e.g. an operator's). */
export type LoadOutcome = { ok: true; loadMs: number | null } | { ok: false; reason: string };

export type UnloadReason = 'make-room' | 'idle';

export interface ModelLoader {
  /**
   * Starts the pool's replica; resolves once it is Ready or the load failed (never rejects for a failed load).
   * `devices`: the GPUs the plan made room on, a subset of the pool's mask; absent: the whole mask.
   */
  load(poolId: string, devices?: readonly number[]): Promise<LoadOutcome>;
  /** Stops the pool's replica and returns its memory; resolves once the engine has exited. */
  unload(poolId: string, reason: UnloadReason): Promise<void>;
  /** Live GPU figures (free and total per index); empty without GPUs. */
  gpus(): readonly DeviceVram[];
  /** Memory one replica of the pool needs (weights + KV + overhead); null while unknown. */
  footprint(poolId: string): number | null;
  /** GPU indices and bytes the replica holds now; empty when it holds no GPU memory. */
  heldOnGpus(replicaId: string): readonly { device: number; bytes: number }[];
  /** Whether the replica's engine process exists (loading or loaded), as its owner reports. */
  running(replicaId: string): boolean;
}
