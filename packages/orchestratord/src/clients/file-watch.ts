// ORCHD-086: noticing that a token file changed. fs.watch on the file's directory sees an
// editor's write and an atomic rename (a new inode under the same name) at once; a stat poll
// every 500 ms catches what fs.watch misses (network and container file systems). Bursts of
// events for one file become one call. Nothing here keeps the process alive.
import { unwatchFile, watch, watchFile, type FSWatcher, type StatsListener } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileWatchOptions {
  /** Stat poll interval; 500 ms keeps a rotation well inside its one-second promise. */
  pollMs?: number;
  /** Events for one file closer together than this become one call. */
  settleMs?: number;
}

export interface FileWatch {
  close(): void;
}

export function watchFiles(
  files: readonly string[],
  onChange: (file: string) => void,
  options: FileWatchOptions = {},
): FileWatch {
  const settleMs = options.settleMs ?? 30;
  const timers = new Map<string, NodeJS.Timeout>();
  const changed = (file: string): void => {
    clearTimeout(timers.get(file));
    const timer = setTimeout(() => {
      timers.delete(file);
      onChange(file);
    }, settleMs);
    timer.unref();
    timers.set(file, timer);
  };

  const watchers: FSWatcher[] = [];
  const byDir = new Map<string, string[]>();
  for (const file of new Set(files)) byDir.set(dirname(file), [...(byDir.get(dirname(file)) ?? []), file]);
  for (const [dir, inDir] of byDir) {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        for (const file of inDir) if (name === null || name === basename(file)) changed(file);
      });
      watcher.on('error', () => watcher.close()); // the poll below still covers the files
      watchers.push(watcher);
    } catch {
      // A directory that cannot be watched (or does not exist yet) is left to the poll.
    }
  }
  const polls: [string, StatsListener][] = [...new Set(files)].map((file) => {
    const listener: StatsListener = () => changed(file);
    watchFile(file, { persistent: false, interval: options.pollMs ?? 500 }, listener);
    return [file, listener];
  });

  return {
    close() {
      for (const watcher of watchers) watcher.close();
      for (const [file, listener] of polls) unwatchFile(file, listener);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
