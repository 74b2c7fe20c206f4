// CLI-001: `llorch artifacts put|get` (ORCHD-036, ORCHD-037 on the server side).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactInput } from '@llama-orch/contracts';
import { sendJson } from '../api.js';
import type { ARTIFACT_GET_OPTIONS, ARTIFACT_PUT_OPTIONS } from '../command-table.js';
import type { CommandContext } from '../context.js';
import { CliError, EXIT, usageError, type ExitStatus } from '../errors.js';
import { readAll } from '../io.js';
import type { OptionValues } from '../option-spec.js';
import { list, renderFields } from '../render.js';

async function readContent(ctx: CommandContext, file: string | undefined): Promise<string> {
  if (file === undefined || file === '-') {
    if (ctx.io.stdin.isTTY === true)
      throw usageError('no content given', 'pass a file, or pipe the document on stdin');
    return readAll(ctx.io.stdin);
  }
  const full = path.resolve(ctx.io.cwd, file);
  try {
    return await readFile(full, 'utf8');
  } catch (cause) {
    throw new CliError('USAGE', `cannot read ${full} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
      exitStatus: EXIT.usage,
      cause,
      context: { hint: 'check the file path' },
    });
  }
}

function metadataOf(entries: readonly string[] | undefined): Record<string, string> | undefined {
  if (entries === undefined) return undefined;
  const metadata: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at <= 0)
      throw usageError(
        `--meta ${JSON.stringify(entry)} is not key=value`,
        'write it as --meta author=agent-7',
      );
    metadata[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return metadata;
}

export async function runArtifactPut(
  ctx: CommandContext,
  file: string | undefined,
  options: OptionValues<typeof ARTIFACT_PUT_OPTIONS>,
): Promise<ExitStatus> {
  const body: ArtifactInput = { kind: options.kind ?? 'other', content: await readContent(ctx, file) };
  if (options.tag !== undefined) body.tags = options.tag;
  if (options.parent !== undefined) body.parent = options.parent;
  const metadata = metadataOf(options.meta);
  if (metadata !== undefined) body.metadata = metadata;
  const { data } = await sendJson(ctx.api, () => ctx.api.control.POST('/v1/artifacts', { body }));
  if (ctx.json) ctx.out.json(data);
  else ctx.out.line(data.id);
  return EXIT.ok;
}

export async function runArtifactGet(
  ctx: CommandContext,
  id: string,
  options: OptionValues<typeof ARTIFACT_GET_OPTIONS>,
): Promise<ExitStatus> {
  const { data } = await sendJson(ctx.api, () =>
    ctx.api.control.GET('/v1/artifacts/{id}', { params: { path: { id } } }),
  );
  if (ctx.json) ctx.out.json(data);
  else if (options.content === true) ctx.out.raw(data.content);
  else {
    ctx.out.line(
      renderFields([
        ['id', data.id],
        ['kind', data.kind],
        ['tags', list(data.tags)],
        ['parent', data.parent],
        ['metadata', JSON.stringify(data.metadata)],
        ['size', `${data.size_bytes} bytes`],
        ['created', new Date(data.created_at_ms).toISOString()],
      ]),
    );
    ctx.out.line('');
    ctx.out.raw(data.content.endsWith('\n') ? data.content : `${data.content}\n`);
  }
  return EXIT.ok;
}
