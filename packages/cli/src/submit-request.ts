// CLI-004: turning `llorch submit` options into one complete TaskRequest.
// Documented defaults: priority interactive, determinism strict, fresh task
// and session UUIDs; model, engine and ctx come from the options, then the
// config file, then what `/v1/capabilities` says is being served right now.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Capabilities, Engine, TaskRequest, Workload } from '@llama-orch/contracts';
import { sendJson } from './api.js';
import type { SUBMIT_OPTIONS } from './command-table.js';
import type { CommandContext } from './context.js';
import { CliError, EXIT, usageError } from './errors.js';
import { readAll } from './io.js';
import type { OptionValues } from './option-spec.js';

export type SubmitOptions = OptionValues<typeof SUBMIT_OPTIONS>;

/** Used only when nothing else names a context size (the model is not served right now). */
export const FALLBACK_CTX = 2048;

export interface Target {
  model: string;
  engine: Engine;
  ctx: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidOption(value: string | undefined, flag: string): string {
  if (value === undefined) return randomUUID();
  if (!UUID.test(value))
    throw usageError(
      `${flag} must be a UUID, got ${JSON.stringify(value)}`,
      `omit ${flag} to get a fresh one`,
    );
  return value.toLowerCase();
}

/** Pure: the request body; every retry re-sends exactly this object (CLI-010). */
export function buildTaskRequest(
  options: SubmitOptions,
  target: Target,
  text: { prompt?: string; inputs?: string[] },
): TaskRequest {
  const request: TaskRequest = {
    task_id: uuidOption(options.taskId, '--task-id'),
    session_id: uuidOption(options.session, '--session'),
    workload: (options.workload ?? 'completion') as Workload,
    model_ref: target.model,
    engine: target.engine,
    ctx: target.ctx,
    priority: options.priority ?? 'interactive',
    determinism: options.determinism ?? 'strict',
    max_tokens: options.maxTokens ?? 128,
    deadline_ms: options.deadline ?? 120_000,
  };
  if (text.prompt !== undefined) request.prompt = text.prompt;
  if (text.inputs !== undefined) request.inputs = text.inputs;
  if (options.seed !== undefined) request.seed = options.seed;
  if (options.samplerProfile !== undefined) request.sampler_profile_version = options.samplerProfile;
  if (options.expectedTokens !== undefined) request.expected_tokens = options.expectedTokens;
  if (options.kvHint !== undefined) request.kv_hint = options.kvHint;
  return request;
}

/** The prompt from the argument, `--prompt-file`, or stdin (`-` or no prompt while stdin is piped). */
export async function readPrompt(ctx: CommandContext, argument: string | undefined, options: SubmitOptions) {
  const workload = options.workload ?? 'completion';
  if (workload !== 'completion') {
    if (options.input === undefined || options.input.length === 0) {
      throw usageError(`${workload} needs inputs`, 'pass each text with --input (repeatable)');
    }
    return { inputs: options.input };
  }
  if (argument !== undefined && options.promptFile !== undefined) {
    throw usageError(
      'give the prompt either as an argument or with --prompt-file, not both',
      'drop one of them',
    );
  }
  if (options.promptFile !== undefined && options.promptFile !== '-') {
    const file = path.resolve(ctx.io.cwd, options.promptFile);
    try {
      return { prompt: await readFile(file, 'utf8') };
    } catch (cause) {
      throw new CliError(
        'USAGE',
        `cannot read the prompt file ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          exitStatus: EXIT.usage,
          cause,
          context: { hint: 'check the path passed to --prompt-file' },
        },
      );
    }
  }
  if (argument !== undefined && argument !== '-') return { prompt: argument };
  if (argument === undefined && options.promptFile === undefined && ctx.io.stdin.isTTY === true) {
    throw usageError(
      'no prompt given',
      'run `llorch submit "your prompt"`, use --prompt-file, or pipe the prompt on stdin',
    );
  }
  return { prompt: await readAll(ctx.io.stdin) };
}

/** Picks model, engine and ctx, asking the server only for what the user left open. */
export async function resolveTarget(
  ctx: CommandContext,
  options: SubmitOptions,
  signal: AbortSignal,
): Promise<Target> {
  const model = options.model ?? ctx.settings.model;
  const engine = options.engine ?? ctx.settings.engine;
  if (model !== undefined && engine !== undefined && options.ctx !== undefined)
    return { model, engine, ctx: options.ctx };
  const { data } = await sendJson(ctx.api, () => ctx.api.control.GET('/v1/capabilities', { signal }));
  return pickTarget(data, { model, engine, ctx: options.ctx, workload: options.workload ?? 'completion' });
}

/** Pure: the first served (engine, model) pair that fits what was asked, in the server's order (the operator's config order). */
export function pickTarget(
  caps: Capabilities,
  wanted: {
    model: string | undefined;
    engine: Engine | undefined;
    ctx: number | undefined;
    workload: Workload;
  },
): Target {
  const candidates = caps.engines
    .filter((e) => wanted.engine === undefined || e.engine === wanted.engine)
    .filter((e) => e.supported_workloads.includes(wanted.workload))
    .flatMap((e) => e.models.map((m) => ({ e, model: m.model_ref })))
    .filter((c) => wanted.model === undefined || c.model === wanted.model);
  const hit = candidates[0];
  if (hit !== undefined) return { model: hit.model, engine: hit.e.engine, ctx: wanted.ctx ?? hit.e.ctx_max };
  if (wanted.model === undefined) {
    throw new CliError('POOL_UNAVAILABLE', `no Ready engine serves ${wanted.workload} right now`, {
      exitStatus: EXIT.failure,
      context: {
        hint: 'pools may still be loading: check `llorch status` and retry, or name a model with --model',
      },
    });
  }
  // Not served right now: let the server decide (it may be loading and answer with a retry hint).
  return { model: wanted.model, engine: wanted.engine ?? 'llamacpp', ctx: wanted.ctx ?? FALLBACK_CTX };
}
