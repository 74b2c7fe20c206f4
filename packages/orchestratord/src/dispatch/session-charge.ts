// ORCHD session charging (ORCHD-027, ORCHD-029, CORE-051, CORE-053, CFG-019): every run the engine
// worked on is charged to its session, however it ended. A turn that ends by
// cancel, deadline, watchdog or engine reset still used a slot, read its prompt
// and streamed tokens, so it counts against max_turns and every budget exactly
// like a turn that reached its end; otherwise cancelling just before the end
// would escape them all. The session's kv_bytes estimate is set here too.
import type { CompletionStats } from '@llama-orch/worker-adapters';
import type { DataPlaneContext } from '../data-plane-context.js';
import type { Replica } from '../replicas/replica-set.js';
import { runCost } from '../tasks/run-price.js';
import type { TaskRecord } from '../tasks/task-record.js';

export interface RunUsage {
  /** The engine's end-of-stream figures; undefined when the run ended early. */
  stats: CompletionStats | undefined;
  /** Wall time the run held its slot. */
  serviceMs: number;
  /** The engine went away with the run (reset, unreachable): the session's KV went with it. */
  engineLost: boolean;
}

/**
 * Charges one run: a turn, its prompt and generated tokens, its slot time and their price. A run without end
 * figures is charged the prompt count admission made (exact when the engine counted it, else the
 * byte bound admission checked the budget with) and the token frames it streamed.
 */
export function chargeSession(
  ctx: DataPlaneContext,
  task: TaskRecord,
  replica: Replica,
  usage: RunUsage,
): void {
  const { stats, serviceMs } = usage;
  const sessionId = task.request.session_id;
  const promptTokens = stats?.tokens_in ?? task.promptTokens ?? 0;
  const completionTokens = stats?.completion_tokens ?? task.tokensOut;
  const session = ctx.sessions.apply(
    sessionId,
    {
      type: 'turn-completed',
      replica_id: replica.id,
      // ORCHD-027: the slot now holds this run's prompt (the conversation so far) and its reply.
      kv_bytes: (replica.kvBytesPerToken ?? 0) * (promptTokens + completionTokens),
      tokens: promptTokens + completionTokens,
      time_ms: serviceMs,
      cost: runCost(task.pool, promptTokens, completionTokens),
    },
    ctx.now(),
  );
  if (usage.engineLost) ctx.sessions.apply(sessionId, { type: 'kv-lost' }, ctx.now());
  if (session?.status.type === 'evicted' && session.status.reason === 'max-turns') {
    ctx.exhaustedSessions.add(session.id);
    task.log.info({ reason: 'max-turns' }, 'session evicted');
  }
}
