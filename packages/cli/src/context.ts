// What every command handler receives: the resolved settings, the typed API
// and the output helpers. Built once per invocation by program.ts, after the
// global options are parsed, so handlers never read flags or env themselves.
import type { Api } from './api.js';
import type { ExitStatus } from './errors.js';
import type { CliIo } from './io.js';
import type { Output } from './render.js';
import type { CliSettings } from './settings.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly out: Output;
  readonly settings: CliSettings;
  readonly api: Api;
  /** `--json`: results as JSON on stdout. */
  readonly json: boolean;
  /** `--verbose`: also show metrics frames and retry details on stderr. */
  readonly verbose: boolean;
}

/** Positional arguments as commander hands them over, then the command's options. */
export type CommandHandler<O = Record<string, unknown>> = (
  ctx: CommandContext,
  args: readonly (string | undefined)[],
  options: O,
) => Promise<ExitStatus>;
