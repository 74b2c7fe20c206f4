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
import { retryOnBackpressure, retryPolicy, type Attempt, type Refusal } from './backpressure.js';
import type { CommandContext } from './context.js';
import { EXIT, type CliError, type ExitStatus } from './errors.js';
import { followTask, requestCancel } from './follow.js';
import { CANCEL_WAIT_MS, untilAborted, watchInterrupts } from './interrupts.js';
import { ms } from './render.js';
import { DEFAULT_RETRY_POLICY, serverWaitMs, type RetryPolicy } from './retry.js';
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
      // Without `Accept: text/event-stream` a success is the 202 admission, never the 200 stream.
      return { type: 'admitted', admission: result.data as Admission, response: result.response };
    }
    return { type: 'refused', response: result.response, body: result.error };
  } catch (error) {
    if (isAbort(error) || networkErrno(error) === undefined) throw error;
    return { type: 'network', error: networkError(api, error) };
  }
}

function refusalOf(api: Api, outcome: Exclude<PostOutcome, { type: 'admitted' }>): Refusal {
  if (outcome.type === 'network') {
    return { error: outcome.error, status: undefined, retriable: outcome.error.retriable, waitMs: undefined };
  }
  const envelope = asEnvelope(outcome.body);
  const status = outcome.response.status;
  return {
    error: httpError(outcome.response, outcome.body, api),
    status,
    // CLI-009: 429 always; a 503 only when the server says waiting helps (pool still loading).
    retriable: status === 429 || (status === 503 && envelope?.retriable === true),
    waitMs: serverWaitMs(outcome.response.headers, envelope),
  };
}

export function admitWithRetry(
  ctx: CommandContext,
  body: TaskRequest,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<Admitted> {
  return retryOnBackpressure(
    ctx,
    async (): Promise<Attempt<Admitted>> => {
      const outcome = await postOnce(ctx.api, body, signal);
      return outcome.type === 'admitted'
        ? { type: 'accepted', value: { admission: outcome.admission, response: outcome.response } }
        : { type: 'refused', refusal: refusalOf(ctx.api, outcome) };
    },
    {
      policy,
      signal,
      retryNote: ', same task_id',
      giveUpHint:
        'the queue stayed full; retry later, submit with --priority batch, or raise --max-attempts/--max-wait',
    },
  );
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
    const policy = retryPolicy(ctx, DEFAULT_RETRY_POLICY, options, ctx.io.now() + body.deadline_ms);
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
