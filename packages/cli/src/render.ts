// CLI-003, CLI-013, CLI-015, CLI-020: how results look. Human output is plain
// aligned text with no colours or cursor control (so it is the same in a pipe
// and in a terminal); `--json` prints the server's JSON untouched, one value
// per line. Diagnostics always go to stderr so stdout stays the result.
import type { OutputStream } from './io.js';

export interface Output {
  /** Result text on stdout. */
  line(text: string): void;
  /** Raw text on stdout, no newline (streamed tokens). */
  raw(text: string): void;
  /** A diagnostic line on stderr. */
  note(text: string): void;
  /** One JSON value on one stdout line. */
  json(value: unknown): void;
  readonly stdoutIsTTY: boolean;
}

export function createOutput(stdout: OutputStream, stderr: OutputStream): Output {
  return {
    line: (text) => void stdout.write(`${text}\n`),
    raw: (text) => void stdout.write(text),
    note: (text) => void stderr.write(`${text}\n`),
    json: (value) => void stdout.write(`${JSON.stringify(value)}\n`),
    stdoutIsTTY: stdout.isTTY === true,
  };
}

/**
 * CLI-015: whether streamed text needs a closing newline. A terminal (or a chat
 * conversation, whose next prompt needs a fresh line) gets one when the text did
 * not end its own line; a pipe gets exactly the streamed text, byte for byte.
 */
export function needsFinalNewline(state: {
  /** Everything streamed to stdout, or at least its last piece ('' when nothing was). */
  streamed: string;
  /** stdout is a terminal, or the caller needs a fresh line for another reason. */
  terminal: boolean;
}): boolean {
  return state.terminal && state.streamed !== '' && !state.streamed.endsWith('\n');
}

export type Cell = string | number | boolean | null | undefined;

export function cell(value: Cell): string {
  if (value === null || value === undefined) return '-';
  return String(value);
}

/** Columns padded to their widest cell; the last column is not padded. */
export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const texts = [headers.map(String), ...rows.map((r) => r.map(cell))];
  const widths = headers.map((_, c) => Math.max(...texts.map((r) => (r[c] ?? '').length)));
  return texts
    .map((r) =>
      r
        .map((text, c) => (c === r.length - 1 ? text : text.padEnd(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `key: value` lines with aligned values. */
export function renderFields(fields: readonly (readonly [string, Cell])[]): string {
  const width = Math.max(...fields.map(([k]) => k.length));
  return fields.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${cell(v)}`).join('\n');
}

export function list(values: readonly string[] | undefined): string {
  return values === undefined || values.length === 0 ? '-' : values.join(', ');
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : `${Math.round(value * 100)}%`;
}

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Bytes as MiB below 1 GiB, else GiB with one decimal; '-' when unknown. */
export function memory(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '-';
  return bytes < GIB ? `${Math.round(bytes / MIB)} MiB` : `${(bytes / GIB).toFixed(1)} GiB`;
}
