// CLI-001, CLI-014: `llorch stream <task-id>` and `llorch cancel <task-id>`.
// `submit` lives in ../submit.ts; these two reuse its follow and cancel paths.
import type { CommandContext } from '../context.js';
import { EXIT, type ExitStatus } from '../errors.js';
import { send } from '../api.js';
import { followTask } from '../follow.js';
import { watchInterrupts } from '../interrupts.js';

export async function runStream(ctx: CommandContext, taskId: string): Promise<ExitStatus> {
  const interrupts = watchInterrupts(ctx.io, () => undefined);
  try {
    return await followTask(ctx, { interrupts, taskId });
  } finally {
    interrupts.dispose();
  }
}

export async function runCancel(ctx: CommandContext, taskId: string): Promise<ExitStatus> {
  await send(ctx.api, () => ctx.api.data.POST('/v1/tasks/{id}/cancel', { params: { path: { id: taskId } } }));
  if (ctx.json) ctx.out.json({ task_id: taskId, canceled: true });
  else ctx.out.line(`canceled task ${taskId}`);
  return EXIT.ok;
}
