// CLI-001: `llorch catalog add|get|verify|state` (ORCHD-031..034 on the server side).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogModel, CatalogModelInput, ModelState, VerificationResult } from '@llama-orch/contracts';
import { parse as parseYaml } from 'yaml';
import { sendJson } from '../api.js';
import type { CATALOG_ADD_OPTIONS, CATALOG_STATE_OPTIONS } from '../command-table.js';
import type { CommandContext } from '../context.js';
import { CliError, EXIT, usageError, type ExitStatus } from '../errors.js';
import type { OptionValues } from '../option-spec.js';
import { list, renderFields } from '../render.js';

const MODEL_STATES: readonly ModelState[] = ['Draft', 'Canary', 'Active', 'Deprecated', 'Retired'];

function verdictLine(v: VerificationResult | null): string {
  if (v === null) return 'never verified';
  const notes = [...v.failures, ...v.warnings];
  return `${v.result}${notes.length > 0 ? ` (${notes.join('; ')})` : ''} at ${new Date(v.checked_at_ms).toISOString()}`;
}

function printModel(ctx: CommandContext, model: CatalogModel, heading?: string): void {
  if (ctx.json) return ctx.out.json(model);
  if (heading !== undefined) ctx.out.line(heading);
  ctx.out.line(
    renderFields([
      ['id', model.id],
      ['state', model.state],
      ['digest', model.digest],
      ['source', model.source_url],
      ['tags', list(model.tags)],
      ['trust policy', model.trust_policy],
      ['signatures', model.signatures.length],
      ['sbom', model.sbom === null ? 'none' : model.sbom.format],
      ['verification', verdictLine(model.last_verification)],
      ['updated', new Date(model.updated_at_ms).toISOString()],
    ]),
  );
}

async function inputFromFile(ctx: CommandContext, file: string): Promise<CatalogModelInput> {
  const full = path.resolve(ctx.io.cwd, file);
  try {
    return parseYaml(await readFile(full, 'utf8')) as CatalogModelInput; // YAML is a superset of JSON
  } catch (cause) {
    throw new CliError(
      'USAGE',
      `cannot read the catalog entry in ${full} (${(cause as Error).message.split('\n')[0] ?? ''})`,
      {
        exitStatus: EXIT.usage,
        cause,
        context: {
          hint: 'the file must hold one CatalogModelInput object (id, digest, source_url, ...) as JSON or YAML',
        },
      },
    );
  }
}

export async function runCatalogAdd(
  ctx: CommandContext,
  id: string,
  options: OptionValues<typeof CATALOG_ADD_OPTIONS>,
): Promise<ExitStatus> {
  let body: CatalogModelInput;
  if (options.fromFile !== undefined) {
    body = { ...(await inputFromFile(ctx, options.fromFile)), id };
  } else {
    if (options.digest === undefined || options.sourceUrl === undefined) {
      throw usageError(
        'catalog add needs --digest and --source-url',
        'pass both, or the whole entry with --from-file',
      );
    }
    body = { id, digest: options.digest, source_url: options.sourceUrl };
    if (options.tag !== undefined) body.tags = options.tag;
  }
  if (options.trustPolicy !== undefined) body.trust_policy = options.trustPolicy;
  const { data, response } = await sendJson(ctx.api, () =>
    ctx.api.control.POST('/v1/catalog/models', { body }),
  );
  printModel(
    ctx,
    data,
    response.status === 200 ? `model ${id} was already registered; nothing changed` : `registered ${id}`,
  );
  return EXIT.ok;
}

export async function runCatalogGet(ctx: CommandContext, id: string): Promise<ExitStatus> {
  const { data } = await sendJson(ctx.api, () =>
    ctx.api.control.GET('/v1/catalog/models/{id}', { params: { path: { id } } }),
  );
  printModel(ctx, data);
  return EXIT.ok;
}

export async function runCatalogVerify(ctx: CommandContext, id: string): Promise<ExitStatus> {
  const { data } = await sendJson(ctx.api, () =>
    ctx.api.control.POST('/v1/catalog/models/{id}/verify', { params: { path: { id } } }),
  );
  if (ctx.json) ctx.out.json(data);
  else {
    ctx.out.line(
      renderFields([
        ['model', data.model_id],
        ['result', data.result],
        ['trust policy', data.trust_policy],
        ['warnings', list(data.warnings)],
        ['failures', list(data.failures)],
      ]),
    );
  }
  if (data.result !== 'fail') return EXIT.ok;
  ctx.out.note(
    `error UNTRUSTED_ARTIFACT: ${id} failed verification\n  hint: fix what "failures" lists (digest, signature, SBOM), then verify again`,
  );
  return EXIT.failure;
}

export async function runCatalogState(
  ctx: CommandContext,
  id: string,
  state: string,
  options: OptionValues<typeof CATALOG_STATE_OPTIONS>,
): Promise<ExitStatus> {
  const wanted = MODEL_STATES.find((s) => s.toLowerCase() === state.toLowerCase());
  if (wanted === undefined)
    throw usageError(`unknown state ${JSON.stringify(state)}`, `use one of ${MODEL_STATES.join(', ')}`);
  const body = options.reason === undefined ? { state: wanted } : { state: wanted, reason: options.reason };
  const { data } = await sendJson(ctx.api, () =>
    ctx.api.control.POST('/v1/catalog/models/{id}/state', { params: { path: { id } }, body }),
  );
  printModel(ctx, data, `model ${id} is now ${data.state}`);
  return EXIT.ok;
}
