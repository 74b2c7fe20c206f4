// POOL-004, HOME-002: VRAM promised to replicas that nvidia-smi cannot show
// yet. Replicas planned in one boot pass must not all pick the same card, so a
// reservation counts against free VRAM from planning until the first GPU
// sample taken after the replica loaded (from then on nvidia-smi reports it).
import type { DeviceVram } from '@llama-orch/orchestrator-core';

interface Reservation {
  perDevice: Map<number, number>;
  loadedAt: number | null;
}

export interface VramLedger {
  reserve(replicaKey: string, devices: readonly number[], bytes: readonly number[]): void;
  release(replicaKey: string): void;
  /** The replica's engine holds its memory now; the next sample after `at` will show it. */
  markLoaded(replicaKey: string, at: number): void;
  /** Forget reservations that a sample taken at `sampledAt` already reflects. */
  settle(sampledAt: number): void;
  /** Free VRAM per device after open reservations. */
  apply(table: readonly DeviceVram[]): DeviceVram[];
}

export function createVramLedger(): VramLedger {
  const reservations = new Map<string, Reservation>();
  return {
    reserve(key, devices, bytes) {
      reservations.set(key, {
        perDevice: new Map(devices.map((d, i) => [d, bytes[i] ?? 0])),
        loadedAt: null,
      });
    },
    release: (key) => void reservations.delete(key),
    markLoaded(key, at) {
      const entry = reservations.get(key);
      if (entry !== undefined) entry.loadedAt = at;
    },
    settle(sampledAt) {
      for (const [key, entry] of reservations)
        if (entry.loadedAt !== null && sampledAt > entry.loadedAt) reservations.delete(key);
    },
    apply(table) {
      return table.map((row) => {
        let held = 0;
        for (const entry of reservations.values()) held += entry.perDevice.get(row.device) ?? 0;
        return { ...row, free_bytes: Math.max(0, row.free_bytes - held) };
      });
    },
  };
}
