// POOL-040..POOL-043: make a real llama-server available without network access.
// The binary is built once per (commit, host, backend) from the llama.cpp source
// pinned in node-llama-cpp, cached under the user's cache dir, and reused after
// a `--version` check. Concurrent callers share one build through a lock.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { probeLlamaServerBinary } from './binary-probe.js';
import { assertBuildTools } from './build-tools.js';
import {
  buildFromBundle,
  cmakeConfigureFlags,
  installAtomically,
  writeJsonAtomically,
} from './build-steps.js';
import { acquireLock } from './build-lock.js';
import { computeCacheKey, defaultCacheRoot, detectHostIdentity } from './cache-key.js';
import type { LlamaBackend } from './cache-key.js';
import { locateLlamaCppBundle, readBundleCommit } from './source-bundle.js';

export interface LlamaServerCacheOptions {
  cuda?: boolean;
  /** Defaults to `${XDG_CACHE_HOME:-$HOME/.cache}/llama-orch/llama-server`. */
  cacheRoot?: string;
  /** Defaults to the bundle inside the installed node-llama-cpp. */
  bundlePath?: string;
  /** Environment for tool lookup and child processes (PATH matters). Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface LlamaServerCacheEntry {
  bundlePath: string;
  commit: string;
  backend: LlamaBackend;
  cacheKey: string;
  cacheDir: string;
  binaryPath: string;
}

export interface EnsureLlamaServerOptions extends LlamaServerCacheOptions {
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
  /** Parallel compile jobs; defaults to the number of available CPUs. */
  jobs?: number;
}

export interface EnsuredLlamaServer {
  binaryPath: string;
  commit: string;
  version: string;
  cacheKey: string;
  built: boolean;
}

/** Where the binary for this host and options lives; touches nothing but the bundle header. */
export async function resolveLlamaServerCache(
  options: LlamaServerCacheOptions = {},
): Promise<LlamaServerCacheEntry> {
  const env = options.env ?? process.env;
  const bundlePath = options.bundlePath ?? locateLlamaCppBundle();
  const commit = await readBundleCommit(bundlePath);
  const backend: LlamaBackend = options.cuda ? 'cuda' : 'cpu';
  const cacheKey = computeCacheKey({ commit, backend, ...detectHostIdentity() });
  const cacheDir = path.join(options.cacheRoot ?? defaultCacheRoot(env), cacheKey);
  return {
    bundlePath,
    commit,
    backend,
    cacheKey,
    cacheDir,
    binaryPath: path.join(cacheDir, 'bin', 'llama-server'),
  };
}

async function reuse(
  entry: LlamaServerCacheEntry,
  env: NodeJS.ProcessEnv,
): Promise<EnsuredLlamaServer | undefined> {
  if (!existsSync(entry.binaryPath)) return undefined;
  try {
    const probe = await probeLlamaServerBinary(entry.binaryPath, { env });
    return {
      binaryPath: entry.binaryPath,
      commit: entry.commit,
      version: probe.version,
      cacheKey: entry.cacheKey,
      built: false,
    };
  } catch {
    return undefined; // unusable cache entry: rebuild over it
  }
}

export async function ensureLlamaServer(options: EnsureLlamaServerOptions = {}): Promise<EnsuredLlamaServer> {
  const env = options.env ?? process.env;
  const say = (line: string): void => options.onProgress?.(line);
  const entry = await resolveLlamaServerCache(options);
  const cached = await reuse(entry, env);
  if (cached) return cached;

  assertBuildTools(entry.backend === 'cuda', env['PATH']);
  const lock = await acquireLock(`${entry.cacheDir}.lock`, {
    signal: options.signal,
    onWait: (pid) =>
      say(`llama-orch: another process (pid ${pid ?? '?'}) is building ${entry.cacheKey}; waiting`),
  });
  try {
    // Whoever held the lock before us may have finished the same build.
    const builtMeanwhile = await reuse(entry, env);
    if (builtMeanwhile) return builtMeanwhile;

    const started = Date.now();
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'llama-orch-build-'));
    try {
      const output = await buildFromBundle({
        bundlePath: entry.bundlePath,
        workDir,
        backend: entry.backend,
        env,
        jobs: options.jobs,
        signal: options.signal,
        onProgress: options.onProgress,
      });
      await installAtomically(output, entry.binaryPath);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    const probe = await probeLlamaServerBinary(entry.binaryPath, { env });
    const buildSeconds = Math.round((Date.now() - started) / 1000);
    await writeJsonAtomically(path.join(entry.cacheDir, 'build-info.json'), {
      commit: entry.commit,
      version: probe.version,
      cacheKey: entry.cacheKey,
      backend: entry.backend,
      cmakeFlags: cmakeConfigureFlags(entry.backend),
      bundlePath: entry.bundlePath,
      host: { ...detectHostIdentity(), hostname: os.hostname() },
      builtAt: new Date().toISOString(),
      buildSeconds,
    });
    say(`llama-orch: built ${entry.binaryPath} in ${buildSeconds}s`);
    return {
      binaryPath: entry.binaryPath,
      commit: entry.commit,
      version: probe.version,
      cacheKey: entry.cacheKey,
      built: true,
    };
  } finally {
    await lock.release();
  }
}

export interface FoundLlamaServer {
  binaryPath: string;
  version: string;
  source: 'explicit' | 'cache';
}

/**
 * A config may name its own llama-server: it must run `--version` (else BINARY_INVALID).
 * Without a path, returns the cached build for this host if one works, else undefined;
 * it never builds (use ensureLlamaServer for that).
 */
export async function findLlamaServerBinary(
  explicitPath?: string,
  options: LlamaServerCacheOptions = {},
): Promise<FoundLlamaServer | undefined> {
  const env = options.env ?? process.env;
  if (explicitPath !== undefined) {
    const probe = await probeLlamaServerBinary(path.resolve(explicitPath), { env });
    return { binaryPath: probe.binaryPath, version: probe.version, source: 'explicit' };
  }
  const cached = await reuse(await resolveLlamaServerCache(options), env);
  return cached && { binaryPath: cached.binaryPath, version: cached.version, source: 'cache' };
}
