// ORCHD engine run (ORCHD-012, ORCHD-020, ORCHD-024, OC-022, MET-018, MET-021): streams one
// task on the replica the dispatcher reserved, recording every token into the
// task's transcript (never into a socket, so readers cannot slow the engine).
// One AbortSignal carries cancel, deadline and watchdog to the adapter. An
// engine that dies mid-stream ends the stream with WORKER_RESET; nothing is
// retried behind the client's back.
import { AdapterError, type CompletionStats, type SamplerParams } from '@llama-orch/worker-adapters';
import { taskLabels, type DataPlaneContext } from '../data-plane-context.js';
import type { Replica } from '../replicas/replica-set.js';
import { chatInput } from '../tasks/admission-guards.js';
import { acceptTask, endTask } from '../tasks/task-lifecycle.js';
import { metricsFrame } from '../tasks/task-progress.js';
import { TaskAbort, type TaskRecord } from '../tasks/task-record.js';
import { onFailure, settle } from './run-outcome.js';
import { startWatchdog } from './watchdog.js';

export interface RunTaskOptions {
  sampler: SamplerParams;
  seed: number;
}

export async function runTask(
  ctx: DataPlaneContext,
  task: TaskRecord,
  replica: Replica,
  options: RunTaskOptions,
): Promise<void> {
  const dispatchedAt = ctx.now();
  const { signal } = task.abort;
  const watchdog = startWatchdog({
    ...task.pool.timeouts,
    onExpire: (timer, afterMs) =>
      task.abort.abort(new TaskAbort({ type: 'watchdog', timer, after_ms: afterMs })),
  });
  let firstTokenAt: number | null = null;
  let started = false;
  let sent = false;
  let stopped = false;
  let engineLost = false;
  let stats: CompletionStats | undefined;
  const { priority: _priority, ...replicaLabels } = taskLabels(ctx, task, replica);
  try {
    if (signal.aborted) throw signal.reason;
    const { request } = task;
    const stream = replica.adapter.complete({
      prompt: request.prompt ?? '',
      ...(request.messages === undefined ? {} : { chat: chatInput(request) }),
      ...(request.suffix === undefined ? {} : { infill: { suffix: request.suffix } }),
      ...(request.stop === undefined ? {} : { stop: request.stop }),
      max_tokens: request.max_tokens,
      seed: options.seed,
      sampler: options.sampler,
      signal,
    });
    sent = true;
    for await (const event of stream) {
      watchdog.touch();
      // The engine answered: only now does the task count as started (HOUSE_STYLE 7).
      if (acceptTask(task) && task.phase.type === 'running') {
        started = true;
        task.lastWatchedAt = ctx.now();
        ctx.metrics.inc('tasks_started_total', taskLabels(ctx, task, replica));
        // At info the end line says all this (MET-029): one line fewer before the first token.
        task.log.debug(
          {
            replica_id: replica.id,
            engine_version: replica.engineVersion,
            kv_warmth: task.phase.kv_warmth,
            affinity: task.phase.affinity,
          },
          'task started',
        );
        task.transcript.append({ type: 'metrics', data: metricsFrame(ctx, task) });
      }
      if (task.phase.type !== 'running') break;
      const now = ctx.now();
      if (event.type === 'token') {
        if (!task.transcript.append({ type: 'token', data: { t: event.t, i: task.tokensOut } })) break;
        task.tokensOut += 1;
        // MET-018: one count per token frame, as it is written, so the counter moves during a decode.
        ctx.metrics.inc('tokens_out_total', replicaLabels);
        if (firstTokenAt === null) {
          firstTokenAt = now;
          task.phase.first_token_at = now;
          ctx.metrics.observe(
            'latency_first_token_ms',
            taskLabels(ctx, task, replica),
            now - task.admittedAt,
          );
        }
        continue;
      }
      if (event.type === 'tool_call') {
        const { index, id, name, arguments: piece } = event.delta;
        const frame = {
          index,
          arguments: piece,
          ...(id === undefined ? {} : { id }),
          ...(name === undefined ? {} : { name }),
        };
        if (!task.transcript.append({ type: 'tool_call', data: frame })) break;
        continue;
      }
      stats = event.stats;
      // MET-021: first token frame → terminal frame, the same figure the end frame reports.
      const decodeMs = firstTokenAt === null ? 0 : Math.round(now - firstTokenAt);
      endTask(ctx, task, {
        event: {
          type: 'end',
          data: {
            tokens_out: task.tokensOut,
            decode_ms: decodeMs,
            stop_reason: event.stats.stop_reason,
            ...(event.stats.tokens_in === null ? {} : { tokens_in: event.stats.tokens_in }),
            ...(typeof event.stats.completion_tokens === 'number'
              ? { completion_tokens: event.stats.completion_tokens }
              : {}),
          },
        },
        outcome: 'end',
        decodeMs: event.stats.decode_ms,
      });
      if (firstTokenAt !== null)
        ctx.metrics.observe('latency_decode_ms', taskLabels(ctx, task, replica), decodeMs);
    }
    if (task.phase.type !== 'finished' && !signal.aborted) {
      throw new AdapterError(
        'WORKER_RESET',
        `replica ${replica.id} closed the stream without an end event; resubmit the task`,
        {
          engine: replica.adapter.engine,
        },
      );
    }
  } catch (error) {
    // Aborted by us (cancel, deadline, watchdog) while the engine had it: the run is still charged.
    stopped = sent && signal.aborted;
    engineLost = onFailure(ctx, task, replica, error);
  } finally {
    watchdog.stop();
    // An early exit must still close the engine stream; after a normal end there is nothing to close,
    // and aborting would only pay for an error object and its stack.
    if (!signal.aborted && stats === undefined)
      task.abort.abort(new TaskAbort({ type: 'cancel', reason: 'client' }));
    replica.inFlight = Math.max(0, replica.inFlight - 1);
    const serviceMs = ctx.now() - dispatchedAt;
    settle(ctx, task, replica, { started, stopped, engineLost, stats, serviceMs });
    ctx.kick();
  }
}
