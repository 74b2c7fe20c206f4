// CLI-012, CLI-013, CLI-014, CLI-017: following one task to its end. Tokens go
// to stdout as they arrive and nothing else does; progress goes to stderr.
// The first Ctrl-C sends a cancel and waits (bounded) for the server's
// terminal frame; a second one leaves at once. The exit status says how the
// task ended.
import type { SseEvent } from '@llama-orch/contracts';
import { CORRELATION_HEADER, isAbort, send } from './api.js';
import type { CommandContext } from './context.js';
import { CliError, EXIT, formatCliError, type ExitStatus } from './errors.js';
import { hintForCode } from './hints.js';
import { CANCEL_WAIT_MS, type Interrupts } from './interrupts.js';
import { ms, needsFinalNewline, percent } from './render.js';
import { DEFAULT_RESUME_POLICY, followStream } from './stream.js';

/** Sends the cancel; failures are reported, never thrown: the user asked to stop either way. */
export async function requestCancel(
  ctx: CommandContext,
  taskId: string,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    await send(ctx.api, () =>
      ctx.api.data.POST('/v1/tasks/{id}/cancel', {
        params: { path: { id: taskId } },
        signal: AbortSignal.any([signal, AbortSignal.timeout(CANCEL_WAIT_MS)]),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof CliError) ctx.out.note(formatCliError(error).trimEnd());
    else if (!isAbort(error)) throw error;
    return false;
  }
}

function describeMetrics(data: Record<string, unknown>): string {
  const parts: string[] = [];
  const num = (k: string) => (typeof data[k] === 'number' ? (data[k] as number) : undefined);
  if (num('queue_depth') !== undefined) parts.push(`queue depth ${num('queue_depth')}`);
  if (num('on_time_probability') !== undefined) parts.push(`on time ${percent(num('on_time_probability'))}`);
  if (typeof data['kv_warmth'] === 'boolean') parts.push(data['kv_warmth'] ? 'kv warm' : 'kv cold');
  if (num('tokens_budget_remaining') !== undefined)
    parts.push(`tokens left ${num('tokens_budget_remaining')}`);
  if (num('time_budget_remaining_ms') !== undefined)
    parts.push(`time left ${ms(num('time_budget_remaining_ms'))}`);
  if (num('cost_budget_remaining') !== undefined) parts.push(`cost left ${num('cost_budget_remaining')}`);
  return parts.length === 0 ? 'metrics' : `metrics: ${parts.join(', ')}`;
}

function frameRenderer(ctx: CommandContext) {
  let lastText = '';
  return {
    frame(frame: SseEvent): void {
      if (ctx.json) return ctx.out.json(frame);
      switch (frame.event) {
        case 'started':
          return ctx.out.note(
            `started: queue position ${frame.data.queue_position}, predicted start in ${ms(frame.data.predicted_start_ms)}`,
          );
        case 'token':
          if (frame.data.t !== '') lastText = frame.data.t;
          return ctx.out.raw(frame.data.t);
        case 'metrics':
          return ctx.verbose ? ctx.out.note(describeMetrics(frame.data)) : undefined;
        default:
          // CLI-015: a terminal gets a tidy last line; a pipe gets exactly the token text.
          if (needsFinalNewline({ streamed: lastText, terminal: ctx.out.stdoutIsTTY })) ctx.out.raw('\n');
      }
    },
  };
}

export interface FollowTaskOptions {
  interrupts: Interrupts;
  /** The task id to cancel on Ctrl-C. */
  taskId: string;
}

export async function followTask(ctx: CommandContext, options: FollowTaskOptions): Promise<ExitStatus> {
  const { interrupts, taskId } = options;
  const render = frameRenderer(ctx);
  let correlationId = ctx.api.correlationId;
  let canceling: Promise<boolean> | undefined;
  const onSoft = () => {
    ctx.out.note(`canceling task ${taskId} (press Ctrl-C again to quit at once)`);
    canceling = requestCancel(ctx, taskId, interrupts.hard);
    setTimeout(() => interrupts.forceStop('the cancel was not confirmed in time'), CANCEL_WAIT_MS).unref();
  };
  if (interrupts.soft.aborted) onSoft();
  else interrupts.soft.addEventListener('abort', onSoft, { once: true });
  try {
    const outcome = await followStream({
      api: ctx.api,
      taskId,
      signal: interrupts.hard,
      onOpen: (response) => void (correlationId = response.headers.get(CORRELATION_HEADER) ?? correlationId),
      onFrame: (frame) => render.frame(frame),
      notify: (line) => ctx.out.note(line),
      sleep: (delay, signal) => ctx.io.sleep(delay, signal),
      resume: {
        maxAttempts: ctx.settings.retries.resumeAttempts ?? DEFAULT_RESUME_POLICY.maxAttempts,
        baseDelayMs: ctx.settings.retries.resumeDelayMs ?? DEFAULT_RESUME_POLICY.baseDelayMs,
      },
    });
    await canceling;
    if (outcome.type === 'error') {
      const envelope = outcome.frame.data;
      const error = new CliError(envelope.code, envelope.message, {
        exitStatus: EXIT.taskError,
        retriable: envelope.retriable ?? false,
        context: { correlationId, taskId, hint: hintForCode(envelope.code) },
      });
      ctx.out.note(formatCliError(error).trimEnd());
      return EXIT.taskError;
    }
    const end = outcome.frame.data;
    const summary = `${end.tokens_out} tokens in ${ms(end.decode_ms)}`;
    if (end.canceled === true) {
      ctx.out.note(`canceled after ${summary} (task ${taskId})`);
      if (interrupts.interrupted) return EXIT.interrupted;
      ctx.out.note(
        '  hint: someone else canceled this task (another client, a pool drain or a shutdown); resubmit it',
      );
      return EXIT.failure;
    }
    if (!ctx.json) ctx.out.note(`done: ${summary} (task ${taskId})`);
    return EXIT.ok;
  } catch (error) {
    if (interrupts.hard.aborted && (isAbort(error) || interrupts.interrupted)) {
      ctx.out.note(`stopped without waiting; task ${taskId} may still be canceling`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    interrupts.soft.removeEventListener('abort', onSoft);
  }
}
