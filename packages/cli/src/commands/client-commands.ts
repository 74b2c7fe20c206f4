// CLI-024, ORCHD-096: `llorch clients`, every agent client (and the owner) as GET /v1/clients
// reports it: its weight and limits, what it holds now (running on engine slots, queued, its share
// of all queued tasks) and what it used since orchestratord started. Owner token only.
import type { ClientUsage } from '@llama-orch/contracts';
import { sendJson } from '../api.js';
import type { CommandContext } from '../context.js';
import { EXIT, type ExitStatus } from '../errors.js';
import { percent, renderTable, type Cell } from '../render.js';

const HEADERS = [
  'CLIENT',
  'WEIGHT',
  'CONCURRENT',
  'QUEUED MAX',
  'TOKENS/MIN',
  'RUNNING',
  'QUEUED',
  'SHARE',
  'DONE/FAILED/CANCELED',
  'REFUSED',
  'TOKENS IN/OUT',
  'GPU-S',
];

const limit = (value: number | null): Cell => value ?? '-';

/** Pure: one table row per client, in the server's order. */
export function clientRow(client: ClientUsage): Cell[] {
  const { limits, usage, now } = client;
  return [
    client.name,
    client.weight,
    limit(limits.max_concurrent),
    limit(limits.max_queued),
    limit(limits.tokens_per_minute),
    now.running,
    now.queued,
    percent(now.queue_share),
    `${usage.completed}/${usage.failed}/${usage.canceled}`,
    // Every limit's refusals: the 429s (max_concurrent, tokens_per_minute) and the 403s (max_priority, models).
    Object.values(usage.refused).reduce((sum, n) => sum + n, 0),
    `${usage.tokens_in}/${usage.tokens_out}`,
    usage.gpu_seconds.toFixed(1),
  ];
}

export async function runClients(ctx: CommandContext): Promise<ExitStatus> {
  const { data } = await sendJson(ctx.api, () => ctx.api.control.GET('/v1/clients'));
  if (ctx.json) {
    ctx.out.json(data);
    return EXIT.ok;
  }
  ctx.out.line(renderTable(HEADERS, data.clients.map(clientRow)));
  return EXIT.ok;
}
