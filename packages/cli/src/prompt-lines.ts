// CLI-013, CLI-014, CLI-015: the lines of an interactive `llorch chat`. One
// node:readline interface reads stdin for the whole conversation, so lines
// typed (or piped) ahead are queued, never lost. On a terminal it edits the
// line and shows the prompt on stderr, keeping stdout for replies; while a
// reply streams it steps aside (raw mode off) so Ctrl-C raises SIGINT, which
// stops that reply instead of reaching the line editor.
import { createInterface } from 'node:readline';
import { Readable, Writable } from 'node:stream';
import type { CliIo } from './io.js';

export type PromptInput = { type: 'line'; text: string } | { type: 'eof' } | { type: 'interrupt' };

export interface PromptLines {
  /** The next line; `eof` once stdin ends (Ctrl-D); `interrupt` for Ctrl-C at the prompt. */
  read(): Promise<PromptInput>;
  /** Before a reply streams: stop editing so Ctrl-C reaches the process. */
  hold(): void;
  close(): void;
}

export function openPromptLines(
  io: Pick<CliIo, 'stdin' | 'stderr' | 'onInterrupt'>,
  prompt: string,
): PromptLines {
  const { stdin, stderr } = io;
  const terminal = stdin.isTTY === true && stderr.isTTY === true && stderr instanceof Writable;
  const rl = createInterface({
    input: stdin instanceof Readable ? stdin : Readable.from(stdin),
    ...(terminal ? { output: stderr, terminal: true, prompt } : { terminal: false }),
  });
  const queue: PromptInput[] = [];
  let waiting: ((input: PromptInput) => void) | undefined;
  let ended = false;
  const push = (input: PromptInput) => {
    const resolve = waiting;
    waiting = undefined;
    if (resolve === undefined) queue.push(input);
    else resolve(input);
  };
  rl.on('line', (text) => push({ type: 'line', text }));
  rl.on('SIGINT', () => push({ type: 'interrupt' }));
  rl.on('close', () => {
    ended = true;
    push({ type: 'eof' });
  });
  const setRaw = (mode: boolean) => {
    if (terminal) stdin.setRawMode?.(mode);
  };
  return {
    async read() {
      const queued = queue.shift();
      if (queued !== undefined) return queued;
      if (ended) return { type: 'eof' };
      setRaw(true);
      rl.prompt();
      // Off a terminal, Ctrl-C arrives as a signal, not as a key.
      let unsubscribe = () => {};
      try {
        const input = await new Promise<PromptInput>((resolve) => {
          waiting = resolve;
          unsubscribe = io.onInterrupt(() => push({ type: 'interrupt' }));
        });
        // Leave the terminal on a fresh line, not after the abandoned prompt.
        if (terminal && input.type !== 'line') stderr.write('\n');
        return input;
      } finally {
        unsubscribe();
      }
    },
    hold() {
      if (!terminal) return;
      rl.pause();
      setRaw(false);
    },
    close() {
      rl.close();
    },
  };
}
