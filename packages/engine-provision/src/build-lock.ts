// POOL-042: several test workers or daemons may ask for the same llama-server at
// once; only one may run the 7-minute build. mkdir is atomic on POSIX, so a lock
// directory holding the owner's pid is enough, and a dead owner's lock is broken.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ProvisionError } from './provision-errors.js';

export interface LockOptions {
  signal?: AbortSignal;
  pollMs?: number;
  /** Give up waiting for another builder after this long. */
  timeoutMs?: number;
  /** A lock without a readable owner file older than this is considered abandoned. */
  ownerlessGraceMs?: number;
  onWait?: (ownerPid: number | undefined) => void;
}

export interface HeldLock {
  release(): Promise<void>;
}

const OWNER_FILE = 'owner.json';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the pid exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwnerPid(lockDir: string): Promise<number | undefined> {
  try {
    const owner: unknown = JSON.parse(await readFile(path.join(lockDir, OWNER_FILE), 'utf8'));
    if (typeof owner === 'object' && owner !== null && 'pid' in owner && typeof owner.pid === 'number') {
      return owner.pid;
    }
  } catch {
    // being written or gone
  }
  return undefined;
}

export async function acquireLock(lockDir: string, options: LockOptions = {}): Promise<HeldLock> {
  const pollMs = options.pollMs ?? 500;
  const deadline = Date.now() + (options.timeoutMs ?? 60 * 60_000);
  const ownerlessGraceMs = options.ownerlessGraceMs ?? 10_000;
  await mkdir(path.dirname(lockDir), { recursive: true });
  let announced = false;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      await mkdir(lockDir);
      await writeFile(
        path.join(lockDir, OWNER_FILE),
        JSON.stringify({ pid: process.pid, since: new Date().toISOString() }),
      );
      return { release: () => rm(lockDir, { recursive: true, force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const ownerPid = await readOwnerPid(lockDir);
    if (ownerPid !== undefined ? !isAlive(ownerPid) : await isOlderThan(lockDir, ownerlessGraceMs)) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      options.onWait?.(ownerPid);
      announced = true;
    }
    if (Date.now() > deadline) {
      throw new ProvisionError(
        'LOCK_TIMEOUT',
        `Timed out waiting for another llama-server build (lock ${lockDir}, pid ${ownerPid ?? 'unknown'}). If no build is running, delete that directory and retry.`,
        { context: { lockDir, ownerPid } },
      );
    }
    try {
      await delay(pollMs, undefined, { signal: options.signal });
    } catch (err) {
      // Surface the caller's own reason, as every AbortSignal consumer here does.
      throw options.signal?.aborted ? options.signal.reason : err;
    }
  }
}

async function isOlderThan(dir: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(dir)).mtimeMs > ms;
  } catch {
    return false;
  }
}
