// POOL-042: concurrent provisioning callers (parallel test workers, two daemons)
// must share one build: the lock serialises them, survives a crashed holder and
// can be abandoned through the caller's AbortSignal.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-lock-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function deadPid(): Promise<number> {
  const child = spawn('true');
  await once(child, 'exit');
  return child.pid as number;
}

describe('build lock', () => {
  it('lets a second caller in only after the first releases [POOL-042]', async () => {
    const lockDir = path.join(dir, 'serial.lock');
    const first = await acquireLock(lockDir);
    let waited: number | undefined;
    let secondGotIt = false;
    const second = acquireLock(lockDir, { pollMs: 10, onWait: (pid) => (waited = pid) }).then((held) => {
      secondGotIt = true;
      return held;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(secondGotIt).toBe(false);
    expect(waited).toBe(process.pid);
    await first.release();
    await (await second).release();
    expect(secondGotIt).toBe(true);
  });

  it('breaks a lock whose owner process is dead [POOL-042]', async () => {
    const lockDir = path.join(dir, 'stale.lock');
    await mkdir(lockDir);
    await writeFile(path.join(lockDir, 'owner.json'), JSON.stringify({ pid: await deadPid() }));
    const held = await acquireLock(lockDir, { pollMs: 10, timeoutMs: 2_000 });
    await held.release();
  });

  it('times out with a retriable error naming the lock directory [POOL-042]', async () => {
    const lockDir = path.join(dir, 'busy.lock');
    const holder = await acquireLock(lockDir);
    await expect(acquireLock(lockDir, { pollMs: 10, timeoutMs: 50 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
      retriable: true,
      message: expect.stringContaining(lockDir),
    });
    await holder.release();
  });

  it('stops waiting when the caller aborts [POOL-042]', async () => {
    const lockDir = path.join(dir, 'abort.lock');
    const holder = await acquireLock(lockDir);
    const controller = new AbortController();
    const waiting = acquireLock(lockDir, { pollMs: 10, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 30);
    await expect(waiting).rejects.toThrow('caller gave up');
    await holder.release();
  });
});
