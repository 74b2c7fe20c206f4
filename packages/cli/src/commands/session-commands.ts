// CLI-001: `llorch sessions show|delete <session-id>` (ORCHD-027, ORCHD-028 on the server side).
import type { CommandContext } from '../context.js';
import { EXIT, type ExitStatus } from '../errors.js';
import { send, sendJson } from '../api.js';
import { ms, renderFields } from '../render.js';

export async function runSessionShow(ctx: CommandContext, sessionId: string): Promise<ExitStatus> {
  const { data } = await sendJson(ctx.api, () =>
    ctx.api.data.GET('/v1/sessions/{id}', { params: { path: { id: sessionId } } }),
  );
  if (ctx.json) {
    ctx.out.json(data);
    return EXIT.ok;
  }
  const budget = (v: number | null | undefined, show: (n: number) => string) =>
    v === undefined ? 'budgets off' : v === null ? 'unlimited' : show(v);
  ctx.out.line(
    renderFields([
      ['session', data.session_id],
      ['expires in', ms(data.ttl_ms_remaining)],
      ['turns', data.turns],
      ['kv bytes', data.kv_bytes],
      ['kv warm', data.kv_warmth ? 'yes' : 'no'],
      ['tokens left', budget(data.tokens_budget_remaining, String)],
      ['time left', budget(data.time_budget_remaining_ms, ms)],
      ['cost left', budget(data.cost_budget_remaining, String)],
    ]),
  );
  return EXIT.ok;
}

export async function runSessionDelete(ctx: CommandContext, sessionId: string): Promise<ExitStatus> {
  await send(ctx.api, () =>
    ctx.api.data.DELETE('/v1/sessions/{id}', { params: { path: { id: sessionId } } }),
  );
  if (ctx.json) ctx.out.json({ session_id: sessionId, deleted: true });
  else ctx.out.line(`deleted session ${sessionId}`);
  return EXIT.ok;
}
