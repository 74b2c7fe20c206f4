// CLI-009, CLI-011, CLI-017, CLI-018: the one loop that answers backpressure,
// shared by `submit` (POST /v1/tasks) and `chat` (POST /v1/chat/completions).
// retry.ts decides; this loop only tells stderr, sleeps and asks the caller to
// send the same request again. Retries that run out on a 429 end with their
// own exit status.
import type { CommandContext } from './context.js';
import { CliError, EXIT } from './errors.js';
import { hintForCode } from './hints.js';
import { ms } from './render.js';
import { decideRetry, describeGiveUp, type RetryPolicy } from './retry.js';

/** A refused attempt, reduced to what the retry decision and the messages need. */
export interface Refusal {
  error: CliError;
  /** HTTP status; undefined when the connection failed. */
  status: number | undefined;
  retriable: boolean;
  /** The wait the server asked for, when it named one. */
  waitMs: number | undefined;
}

export type Attempt<T> = { type: 'accepted'; value: T } | { type: 'refused'; refusal: Refusal };

export interface BackpressureOptions {
  policy: RetryPolicy;
  signal: AbortSignal;
  /** Appended inside the parentheses of each retry line, e.g. `, same task_id`. */
  retryNote?: string;
  /** What to do once retries ran out on a full queue. */
  giveUpHint: string;
}

export async function retryOnBackpressure<T>(
  ctx: CommandContext,
  attempt: () => Promise<Attempt<T>>,
  options: BackpressureOptions,
): Promise<T> {
  const { policy, signal } = options;
  let waitedMs = 0;
  for (let attempts = 1; ; attempts++) {
    const outcome = await attempt();
    if (outcome.type === 'accepted') return outcome.value;
    const { refusal } = outcome;
    const decision = decideRetry(
      { status: refusal.status, retriable: refusal.retriable, serverWaitMs: refusal.waitMs },
      { attempts, waitedMs, now: ctx.io.now() },
      policy,
      () => ctx.io.random(),
    );
    if (decision.type === 'give-up') {
      if (refusal.status !== 429) throw refusal.error;
      // CLI-017: backpressure that outlasted the retry budget has its own exit status.
      const serverCode = refusal.error.context.serverCode;
      throw new CliError(
        'RETRIES_EXHAUSTED',
        `${refusal.error.message} (${describeGiveUp(decision.reason, policy)})`,
        {
          exitStatus: EXIT.backpressure,
          retriable: true,
          context: {
            ...refusal.error.context,
            hint: `${options.giveUpHint}${serverCode === undefined ? '' : ` (${hintForCode(serverCode)})`}`,
          },
        },
      );
    }
    const why =
      refusal.status === undefined ? 'connection failed' : `${refusal.error.code} (HTTP ${refusal.status})`;
    ctx.out.note(
      `${why}: ${refusal.error.message}; retrying in ${ms(decision.delayMs)} (attempt ${attempts + 1} of ${policy.maxAttempts}${options.retryNote ?? ''})`,
    );
    await ctx.io.sleep(decision.delayMs, signal);
    waitedMs += decision.delayMs;
  }
}

/** The policy from the options, else the config file, else the defaults. */
export function retryPolicy(
  ctx: CommandContext,
  defaults: RetryPolicy,
  options: { maxAttempts?: number; maxWait?: number } = {},
  deadlineAt?: number,
): RetryPolicy {
  return {
    maxAttempts: options.maxAttempts ?? ctx.settings.retries.maxAttempts ?? defaults.maxAttempts,
    maxTotalWaitMs: options.maxWait ?? ctx.settings.retries.maxWaitMs ?? defaults.maxTotalWaitMs,
    ...(deadlineAt === undefined ? {} : { deadlineAt }),
  };
}
