// POOL-015: each replica's engine output goes to its own size-bounded log file
// under the state directory (one rotated generation), and the last lines stay
// in memory so a failure's `last_error` can quote them. Secret values handed to
// the engine (launch.secret_env) are scrubbed from every line, because an engine
// may print its own environment or credentials (OC-007, MET-030).
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { scrubSecrets } from '@llama-orch/contracts';

export interface EngineLogOptions {
  dir: string;
  replicaId: string;
  /** Rotate to `<id>.log.1` past this size; default 8 MiB. */
  maxBytes?: number;
  tailLines?: number;
}

export interface EngineLog {
  readonly path: string;
  write(line: string): void;
  /** Values scrubbed from every later line, file and tail alike (this launch's engine secrets). */
  hide(values: readonly string[]): void;
  /** A line of our own (start, stop, why), marked so it reads apart from engine output. */
  note(line: string): void;
  tail(): readonly string[];
  close(): void;
}

export function createEngineLog(options: EngineLogOptions): EngineLog {
  mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, `${options.replicaId}.log`);
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  const keep = options.tailLines ?? 50;
  const tail: string[] = [];
  let hidden: readonly string[] = [];
  let fd: number | undefined;
  let size = 0;

  const ensureOpen = (): number => {
    if (fd === undefined) {
      fd = openSync(file, 'a');
      size = statSync(file).size;
    }
    return fd;
  };
  const append = (text: string): void => {
    try {
      if (size + text.length > maxBytes && fd !== undefined) {
        closeSync(fd);
        fd = undefined;
        renameSync(file, `${file}.1`);
      }
      size += writeSync(ensureOpen(), text);
    } catch {
      // A full disk must not take the replica down with it; the tail in memory still works.
    }
  };

  return {
    path: file,
    write(raw) {
      const line = scrubSecrets(raw, hidden);
      tail.push(line);
      if (tail.length > keep) tail.shift();
      append(`${line}\n`);
    },
    note(line) {
      append(`[pool-managerd ${new Date().toISOString()}] ${scrubSecrets(line, hidden)}\n`);
    },
    hide(values) {
      // Short values would scrub ordinary words; config validation keeps real secrets longer.
      hidden = values.filter((v) => v.length >= 4);
    },
    tail: () => tail,
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
