// CLI-022, ORCHD-079: `llorch models`, every model orchestratord can serve with
// its residency (ORCHD-075): resident, loading or unloaded, whether it is an
// on-demand `models` entry and pinned, where it runs and how much memory one
// replica takes. The fields are llama-orch's additions to OpenAI's model list,
// so an older daemon that sends only the OpenAI ones still prints, with '-'.
import type { OpenAiModelList } from '@llama-orch/contracts';
import { isAbort, networkErrno, networkError } from '../api.js';
import { chatHttpError } from '../chat-errors.js';
import type { CommandContext } from '../context.js';
import { CliError, EXIT, type ExitStatus } from '../errors.js';
import { memory, renderTable, type Cell } from '../render.js';

type ServableModel = OpenAiModelList['data'][number];

function onDemandLabel(model: ServableModel): string {
  if (model.on_demand === undefined) return '-';
  if (!model.on_demand) return 'no';
  return model.pinned === true ? 'yes (pinned)' : 'yes';
}

/** No GPU while running means the CPU; an unloaded model runs nowhere yet. */
function devicesLabel(model: ServableModel): string {
  if (model.devices === undefined || model.state === undefined || model.state === 'unloaded') return '-';
  return model.devices.length > 0 ? `gpu ${model.devices.join(',')}` : 'cpu';
}

/** Pure: one table row per model, in the server's order. */
export function modelRow(model: ServableModel): Cell[] {
  return [model.id, model.state, onDemandLabel(model), devicesLabel(model), memory(model.footprint_bytes)];
}

async function fetchModels(ctx: CommandContext): Promise<OpenAiModelList> {
  let result;
  try {
    result = await ctx.api.compat.GET('/v1/models');
  } catch (error) {
    if (isAbort(error) || networkErrno(error) === undefined) throw error;
    throw networkError(ctx.api, error);
  }
  // The agents' routes answer errors in OpenAI's shape; chat reads them the same way.
  if (!result.response.ok) throw chatHttpError(result.response, result.error, ctx.api);
  // The route answers Anthropic's shape only to requests carrying `anthropic-version`.
  const list = result.data;
  if (list === undefined || !('object' in list) || !Array.isArray(list.data)) {
    throw new CliError('PROTOCOL', 'GET /v1/models did not answer with an OpenAI model list', {
      exitStatus: EXIT.failure,
      context: { hint: 'check that --endpoint points at orchestratord' },
    });
  }
  return list;
}

export async function runModels(ctx: CommandContext): Promise<ExitStatus> {
  const list = await fetchModels(ctx);
  if (ctx.json) {
    ctx.out.json(list);
    return EXIT.ok;
  }
  const headers = ['MODEL', 'STATE', 'ON-DEMAND', 'DEVICES', 'MEMORY'];
  ctx.out.line(list.data.length === 0 ? 'no servable models' : renderTable(headers, list.data.map(modelRow)));
  return EXIT.ok;
}
