// POOL-041: a built llama-server is only reusable on the same source commit,
// the same OS/arch, the same CPU (GGML_NATIVE=ON compiles for the build CPU's
// instruction set) and the same backend. The cache key encodes all four so a
// shared home directory never hands one host's binary to another.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type LlamaBackend = 'cpu' | 'cuda';

export interface HostIdentity {
  platform: string;
  arch: string;
  /** CPU model name and feature flags; anything that changes native codegen. */
  cpuSignature: string;
}

export interface CacheKeyInput extends HostIdentity {
  commit: string;
  backend: LlamaBackend;
}

/** Pure: `<short commit>-<os>-<arch>-<cpu hash>-<backend>`, e.g. `de3ff81-linux-x64-1a2b3c4d-cpu`. */
export function computeCacheKey(input: CacheKeyInput): string {
  const cpuHash = createHash('sha256').update(input.cpuSignature).digest('hex').slice(0, 8);
  return [input.commit.slice(0, 7), input.platform, input.arch, cpuHash, input.backend].join('-');
}

/** Pure: extracts model name and flags from /proc/cpuinfo text (first processor only). */
export function cpuSignatureFromCpuinfo(cpuinfo: string): string | undefined {
  const firstBlock = cpuinfo.split(/\n\s*\n/)[0] ?? '';
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(firstBlock)?.[1]?.trim();
  const model = field('model name');
  const flags = field('flags');
  if (model === undefined && flags === undefined) return undefined;
  // Sorted flags make the signature independent of kernel ordering quirks.
  const sortedFlags = (flags ?? '').split(/\s+/).filter(Boolean).sort().join(' ');
  return `${model ?? 'unknown'}|${sortedFlags}`;
}

/** Reads this host's identity; falls back to os.cpus() where /proc/cpuinfo is absent. */
export function detectHostIdentity(): HostIdentity {
  let cpuSignature: string | undefined;
  try {
    cpuSignature = cpuSignatureFromCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    cpuSignature = undefined;
  }
  return {
    platform: process.platform,
    arch: process.arch,
    cpuSignature: cpuSignature ?? os.cpus()[0]?.model ?? 'unknown-cpu',
  };
}

/** `${XDG_CACHE_HOME:-$HOME/.cache}/llama-orch/llama-server`, unless a root is given. */
export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env['HOME'] ?? os.homedir(), '.cache');
  return path.join(base, 'llama-orch', 'llama-server');
}
