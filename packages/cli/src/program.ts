// CLI-001, CLI-002, CLI-016, CLI-017: the commander program, generated from
// the command table, and `runCli`, which turns one argv into one exit status.
// Settings and the typed API are built after parsing, then handed to the
// command; every CliError is printed once, with its hint, as the last word.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { API_VERSION } from '@llama-orch/contracts';
import { createApi } from './api.js';
import { COMMANDS, GLOBAL_OPTIONS, GROUP_SUMMARIES, type CommandId } from './command-table.js';
import type { CommandContext } from './context.js';
import { CliError, EXIT, formatCliError, type ExitStatus } from './errors.js';
import { HANDLERS } from './handlers.js';
import type { CliIo } from './io.js';
import { parseIntOption, parseNumberOption, type OptionSpec } from './option-spec.js';
import { createOutput } from './render.js';
import { ENVIRONMENT, resolveSettings, type GlobalFlags } from './settings.js';

export const CLI_VERSION = '0.1.0';

function toOption(spec: OptionSpec): Option {
  const description = spec.env === undefined ? spec.description : `${spec.description} [env ${spec.env}]`;
  const option = new Option(spec.flags, description);
  if (spec.choices !== undefined) option.choices(spec.choices);
  if (spec.kind === 'int' || spec.kind === 'number') {
    const name = spec.flags.split(' ').find((f) => f.startsWith('--')) ?? spec.key;
    const parse =
      spec.kind === 'int' ? parseIntOption(name, spec.min) : parseNumberOption(name, spec.min, spec.max);
    option.argParser((raw: string) => {
      try {
        return parse(raw);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    });
  }
  if (spec.kind === 'list')
    option.argParser((raw: string, previous: string[] | undefined) => [...(previous ?? []), raw]);
  if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
  return option;
}

function environmentHelp(): string {
  const width = Math.max(...Object.keys(ENVIRONMENT).map((k) => k.length));
  const lines = Object.entries(ENVIRONMENT).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  return `\nEnvironment:\n${lines.join('\n')}\n\nExit status: 0 ok, 1 server/network failure, 2 usage, INVALID_PARAMS or NOT_FOUND, 3 backpressure retries exhausted, 4 authentication, 5 task ended with an error frame, 130 interrupted.\n`;
}

type Dispatch = (
  id: CommandId,
  args: readonly (string | undefined)[],
  options: Record<string, unknown>,
  globals: Record<string, unknown>,
) => Promise<void>;

export function buildProgram(io: Pick<CliIo, 'stdout' | 'stderr'>, dispatch: Dispatch): Command {
  const program = new Command('llorch')
    .description('command line client of llama-orch (orchestratord on the workstation)')
    .version(`${CLI_VERSION} (api ${API_VERSION})`)
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  for (const spec of GLOBAL_OPTIONS) program.addOption(toOption(spec));
  program.addHelpText('after', environmentHelp());
  const groups = new Map<string, Command>();
  for (const spec of COMMANDS) {
    const [first, second] = spec.path;
    let parent = program;
    if (second !== undefined) {
      parent = groups.get(first) ?? program.command(first).description(GROUP_SUMMARIES[first] ?? first);
      groups.set(first, parent);
    }
    const command = parent.command(second ?? first).description(spec.summary);
    for (const alias of 'aliases' in spec ? spec.aliases : []) command.alias(alias);
    for (const arg of spec.args) command.argument(arg);
    for (const option of spec.options) command.addOption(toOption(option));
    const id = spec.path.join(' ') as CommandId;
    command.action(async (...received: unknown[]) => {
      const self = received[received.length - 1] as Command;
      await dispatch(id, self.processedArgs as (string | undefined)[], self.opts(), self.optsWithGlobals());
    });
  }
  return program;
}

function unexpected(error: unknown): CliError {
  return new CliError('INTERNAL', `unexpected CLI failure: ${(error as Error)?.message ?? String(error)}`, {
    exitStatus: EXIT.failure,
    cause: error,
    context: { hint: 'this is a bug in llorch; rerun with --verbose and report the output' },
  });
}

/** Runs one invocation (argv without the node and script paths) and returns its exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitStatus> {
  const out = createOutput(io.stdout, io.stderr);
  let status: ExitStatus = EXIT.ok;
  const dispatch: Dispatch = async (id, args, options, globals) => {
    try {
      const flags = globals as GlobalFlags;
      const settings = await resolveSettings({
        flags,
        env: io.env,
        cwd: io.cwd,
        warn: (line) => out.note(line),
      });
      const api = createApi({
        endpoint: settings.endpoint,
        token: settings.token,
        ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
      });
      const ctx: CommandContext = {
        io,
        out,
        settings,
        api,
        json: globals['json'] === true,
        verbose: globals['verbose'] === true,
      };
      if (ctx.verbose) {
        out.note(
          `endpoint ${settings.endpoint}, token from ${settings.tokenSource}, correlation id ${api.correlationId}`,
        );
      }
      status = await HANDLERS[id](ctx, args, options);
    } catch (error) {
      const failure = error instanceof CliError ? error : unexpected(error);
      out.note(formatCliError(failure).trimEnd());
      status = failure.exitStatus;
    }
  };
  try {
    await buildProgram(io, dispatch).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and version exit 0; every parse error is a usage error (CLI-017).
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return status;
}
