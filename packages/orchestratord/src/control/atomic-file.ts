// ORCHD-035, ORCHD-037, HOME-009: the catalog and the artifact store write
// every record with write-temp → fsync → rename → fsync(dir). A rename within
// one directory is atomic on POSIX file systems, so a reader (or a daemon
// restarted after kill -9 or a power cut) sees either the previous file or the
// complete new one, never a prefix. Interrupted writes leave only temp files,
// which carry a prefix no record name can have and are swept on open.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temp files start with a dot; record names never do (ids start with a letter or digit). */
export const TEMP_PREFIX = '.tmp-';

/** State may hold prompts and model provenance: owner-only by default. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
}

/** Makes a completed rename durable: the directory entry itself must reach the disk. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `${TEMP_PREFIX}${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/**
 * Removes temp files an interrupted writer left behind. Only call it while no
 * writer runs in this directory (at open, before the routes are registered).
 */
export async function sweepTempFiles(dir: string): Promise<number> {
  const names = await readdir(dir);
  const stale = names.filter((name) => name.startsWith(TEMP_PREFIX));
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
  return stale.length;
}
