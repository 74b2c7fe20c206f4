// CLI-004, CLI-009, CLI-010, CLI-011, CLI-013, CLI-014, CLI-018: `llorch submit`.
// Admission retries 429 (and retriable 503) after the server's wait plus
// jitter, re-sending the identical body; the admission figures and budgets go
// to stderr; then the task is followed to its end. Ctrl-C at any point cancels
// whatever may already exist on the server.
import type { Admission, TaskRequest } from '@llama-orch/contracts';
import {
  asEnvelope,
  CORRELATION_HEADER,
  httpError,
  isAbort,
  networkErrno,
  networkError,
  type Api,
} from './api.js';
import type { CommandContext } from './context.js';
import { CliError, EXIT, type ExitStatus } from './errors.js';
import { hintForCode } from './hints.js';
import { followTask, requestCancel } from './follow.js';
import { CANCEL_WAIT_MS, watchInterrupts } from './interrupts.js';
import { ms } from './render.js';
import {
  decideRetry,
  DEFAULT_RETRY_POLICY,
  describeGiveUp,
  serverWaitMs,
  type RetryPolicy,
} from './retry.js';
import { buildTaskRequest, readPrompt, resolveTarget, type SubmitOptions } from './submit-request.js';

const BUDGET_HEADERS = [
  ['X-Budget-Tokens-Remaining', 'tokens'],
  ['X-Budget-Time-Remaining-Ms', 'time ms'],
  ['X-Budget-Cost-Remaining', 'cost'],
] as const;

function budgetsOf(response: Response): Record<string, string> {
  const budgets: Record<string, string> = {};
  for (const [header, label] of BUDGET_HEADERS) {
    const value = response.headers.get(header);
    if (value !== null) budgets[label] = value;
  }
  return budgets;
}

interface Admitted {
  admission: Admission;
  response: Response;
}

type PostOutcome =
  | { type: 'admitted'; admission: Admission; response: Response }
  | { type: 'refused'; response: Response; body: unknown }
  | { type: 'network'; error: CliError };

/** One POST /v1/tasks; a refusal comes back as data for the retry decision. */
async function postOnce(api: Api, body: TaskRequest, signal: AbortSignal): Promise<PostOutcome> {
  try {
    const result = await api.data.POST('/v1/tasks', { body, signal });
    if (result.response.ok && result.data !== undefined) {
      return { type: 'admitted', admission: result.data, response: result.response };
    }
    return { type: 'refused', response: result.response, body: result.error };
  } catch (error) {
    if (isAbort(error) || networkErrno(error) === undefined) throw error;
    return { type: 'network', error: networkError(api, error) };
  }
}

interface Failure {
  error: CliError;
  status: number | undefined;
  retriable: boolean;
  wait: number | undefined;
}

function failureOf(api: Api, outcome: Exclude<PostOutcome, { type: 'admitted' }>): Failure {
  if (outcome.type === 'network') {
    return { error: outcome.error, status: undefined, retriable: outcome.error.retriable, wait: undefined };
  }
  const envelope = asEnvelope(outcome.body);
  const status = outcome.response.status;
  return {
    error: httpError(outcome.response, outcome.body, api),
    status,
    // CLI-009: 429 always; a 503 only when the server says waiting helps (pool still loading).
    retriable: status === 429 || (status === 503 && envelope?.retriable === true),
    wait: serverWaitMs(outcome.response.headers, envelope),
  };
}

export async function admitWithRetry(
  ctx: CommandContext,
  body: TaskRequest,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<Admitted> {
  let waitedMs = 0;
  for (let attempts = 1; ; attempts++) {
    const outcome = await postOnce(ctx.api, body, signal);
    if (outcome.type === 'admitted') return { admission: outcome.admission, response: outcome.response };
    const failure = failureOf(ctx.api, outcome);
    const decision = decideRetry(
      { status: failure.status, retriable: failure.retriable, serverWaitMs: failure.wait },
      { attempts, waitedMs, now: ctx.io.now() },
      policy,
      () => ctx.io.random(),
    );
    if (decision.type === 'give-up') {
      if (failure.status !== 429) throw failure.error;
      // CLI-017: backpressure that outlasted the retry budget has its own exit status.
      const serverCode = failure.error.context.serverCode;
      throw new CliError(
        'RETRIES_EXHAUSTED',
        `${failure.error.message} (${describeGiveUp(decision.reason, policy)})`,
        {
          exitStatus: EXIT.backpressure,
          retriable: true,
          context: {
            ...failure.error.context,
            hint: `the queue stayed full; retry later, submit with --priority batch, or raise --max-attempts/--max-wait${
              serverCode === undefined ? '' : ` (${hintForCode(serverCode)})`
            }`,
          },
        },
      );
    }
    const why =
      failure.status === undefined ? 'connection failed' : `${failure.error.code} (HTTP ${failure.status})`;
    ctx.out.note(
      `${why}: ${failure.error.message}; retrying in ${ms(decision.delayMs)} (attempt ${attempts + 1} of ${policy.maxAttempts}, same task_id)`,
    );
    await ctx.io.sleep(decision.delayMs, signal);
    waitedMs += decision.delayMs;
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

export async function runSubmit(
  ctx: CommandContext,
  argument: string | undefined,
  options: SubmitOptions,
): Promise<ExitStatus> {
  const interrupts = watchInterrupts(ctx.io, () => undefined);
  let body: TaskRequest | undefined;
  try {
    // Reading stdin cannot be aborted, so Ctrl-C must not wait for it.
    const text = await untilAborted(readPrompt(ctx, argument, options), interrupts.soft);
    const target = await resolveTarget(ctx, options, interrupts.soft);
    body = buildTaskRequest(options, target, text);
    const policy: RetryPolicy = {
      maxAttempts:
        options.maxAttempts ?? ctx.settings.retries.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
      maxTotalWaitMs:
        options.maxWait ?? ctx.settings.retries.maxWaitMs ?? DEFAULT_RETRY_POLICY.maxTotalWaitMs,
      deadlineAt: ctx.io.now() + body.deadline_ms,
    };
    const { admission, response } = await admitWithRetry(ctx, body, policy, interrupts.soft);
    const budgets = budgetsOf(response);
    if (ctx.json) {
      ctx.out.json({
        event: 'admitted',
        data: admission,
        budgets,
        correlation_id: response.headers.get(CORRELATION_HEADER),
      });
    } else {
      const budgetText = Object.entries(budgets)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      ctx.out.note(
        `admitted task ${admission.task_id} on ${body.model_ref} (${body.engine}): queue position ${admission.queue_position}, ` +
          `predicted start in ${ms(admission.predicted_start_ms)}${budgetText === '' ? '' : `, budgets left: ${budgetText}`}`,
      );
    }
    if (options.stream === false) {
      if (!ctx.json) ctx.out.line(admission.task_id);
      return EXIT.ok;
    }
    return await followTask(ctx, { interrupts, taskId: admission.task_id });
  } catch (error) {
    if (!interrupts.interrupted) throw error;
    // Interrupted before the stream: the POST may have reached the server, so cancel by id anyway.
    if (body !== undefined) {
      ctx.out.note(`interrupted; canceling task ${body.task_id} in case it was admitted`);
      await requestCancel(
        ctx,
        body.task_id,
        AbortSignal.any([interrupts.hard, AbortSignal.timeout(CANCEL_WAIT_MS)]),
      );
    }
    return EXIT.interrupted;
  } finally {
    interrupts.dispose();
  }
}
