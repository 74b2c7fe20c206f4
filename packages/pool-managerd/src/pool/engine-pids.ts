// POOL-016, POOL-017: engine pids are written to <state_dir>/run/engines.json
// while they run, so a pool-managerd that died without cleaning up (SIGKILL,
// power cut of the daemon only) can be followed by one that terminates the
// leftovers before loading anything, instead of leaking GPU memory. A pid is
// only signalled when /proc says it still runs the binary we recorded.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface EngineRecord {
  replica_id: string;
  pid: number;
  binary: string;
  started_at_ms: number;
}

interface PidFile {
  owner_pid: number;
  engines: EngineRecord[];
}

export interface EnginePids {
  readonly path: string;
  add(record: EngineRecord): void;
  remove(pid: number): void;
}

export interface ReapReport {
  reaped: EngineRecord[];
  /** A live pool-managerd that still owns the file (then nothing is touched). */
  liveOwner: number | null;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function runsBinary(pid: number, binary: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (cmdline === undefined) return alive(pid); // no /proc (not Linux): trust the pid
  return cmdline.split('\0').some((arg) => arg === binary || path.basename(arg) === path.basename(binary));
}

export function enginePidsPath(stateDir: string): string {
  return path.join(stateDir, 'run', 'engines.json');
}

/** Terminates engines a previous pool-managerd left behind (SIGTERM to each group, then SIGKILL). */
export async function reapLeftoverEngines(stateDir: string, graceMs = 5_000): Promise<ReapReport> {
  const file = enginePidsPath(stateDir);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return { reaped: [], liveOwner: null };
  let recorded: PidFile;
  try {
    recorded = JSON.parse(text) as PidFile;
  } catch {
    return { reaped: [], liveOwner: null };
  }
  if (
    recorded.owner_pid !== process.pid &&
    alive(recorded.owner_pid) &&
    (await runsBinary(recorded.owner_pid, 'node'))
  ) {
    return { reaped: [], liveOwner: recorded.owner_pid };
  }
  const leftovers: EngineRecord[] = [];
  for (const engine of recorded.engines ?? [])
    if (await runsBinary(engine.pid, engine.binary)) leftovers.push(engine);
  const signalGroup = (pid: number, signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // gone already
      }
    }
  };
  for (const engine of leftovers) signalGroup(engine.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (leftovers.some((e) => alive(e.pid)) && Date.now() < deadline) await delay(50);
  for (const engine of leftovers) if (alive(engine.pid)) signalGroup(engine.pid, 'SIGKILL');
  return { reaped: leftovers, liveOwner: null };
}

/** The live record of this process's engines; every change rewrites the file atomically. */
export function createEnginePids(stateDir: string): EnginePids {
  const file = enginePidsPath(stateDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const engines = new Map<number, EngineRecord>();
  const flush = (): void => {
    const body: PidFile = { owner_pid: process.pid, engines: [...engines.values()] };
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`);
    renameSync(temp, file);
  };
  flush();
  return {
    path: file,
    add(record) {
      engines.set(record.pid, record);
      flush();
    },
    remove(pid) {
      if (engines.delete(pid)) flush();
    },
  };
}

/** Reads the file back (tests and diagnostics). */
export function readEnginePids(stateDir: string): EngineRecord[] {
  try {
    return (JSON.parse(readFileSync(enginePidsPath(stateDir), 'utf8')) as PidFile).engines ?? [];
  } catch {
    return [];
  }
}
