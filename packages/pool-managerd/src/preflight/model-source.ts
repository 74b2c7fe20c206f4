// POOL-006, CFG (model refs), issue "catalog model references resolve to
// files": turns a model_ref into a local file with a verified sha256. A ref
// resolves, in order, to a pool model in the config (a path, or a tiny model
// generated under <state_dir>/models), a catalog entry under catalog.dir, or
// an existing .gguf path. A missing file or a digest that does not match fails
// here, before any engine is spawned; so does a file whose digest differs from
// the one a reload named (POOL-050).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LlorchConfig, ModelConfig } from '@llama-orch/contracts';
import { PoolManagerError } from '../errors.js';
import { writeTinyModel } from '@llama-orch/engine-provision';

export interface ResolvedModel {
  ref: string;
  path: string;
  sha256: string;
  bytes: number;
  source: 'config' | 'generated' | 'catalog' | 'path';
}

export interface ModelSourceOptions {
  config: Pick<LlorchConfig, 'pools' | 'catalog' | 'server'>;
}

export interface ModelSource {
  /** With `expectedSha256` (a reload's expected_digest, POOL-050), a file with another digest is refused too. */
  resolve(ref: string, declared?: ModelConfig, expectedSha256?: string): Promise<ResolvedModel>;
}

/** A catalog entry as far as we read it (control.yaml CatalogModel). */
interface CatalogEntry {
  id?: string;
  digest?: string;
  source_url?: string;
  manifests?: { path?: string; digest?: string }[];
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function createModelSource(options: ModelSourceOptions): ModelSource {
  const { config } = options;
  // Hashing a 10 GB file takes tens of seconds; restarts of the same file reuse the result.
  const digests = new Map<string, string>();

  const digestOf = async (file: string): Promise<{ sha256: string; bytes: number }> => {
    let info;
    try {
      info = await stat(file);
    } catch (cause) {
      throw new PoolManagerError(
        'MODEL_NOT_FOUND',
        `model file ${file} does not exist; check model.path or download the model`,
        {
          cause,
          context: { path: file },
        },
      );
    }
    if (!info.isFile())
      throw new PoolManagerError('MODEL_UNREADABLE', `model path ${file} is not a regular file`);
    const key = `${file}:${info.size}:${info.mtimeMs}:${info.ino}`;
    let sha256 = digests.get(key);
    if (sha256 === undefined) {
      sha256 = await sha256File(file).catch((cause: unknown) => {
        throw new PoolManagerError(
          'MODEL_UNREADABLE',
          `cannot read model file ${file}: ${(cause as Error).message}`,
          { cause },
        );
      });
      digests.set(key, sha256);
    }
    return { sha256, bytes: info.size };
  };

  const verified = async (
    ref: string,
    file: string,
    expected: string | undefined,
    source: ResolvedModel['source'],
    expectedFrom: string,
  ): Promise<ResolvedModel> => {
    const { sha256, bytes } = await digestOf(file);
    if (expected !== undefined && expected.toLowerCase() !== sha256) {
      throw new PoolManagerError(
        'MODEL_DIGEST_MISMATCH',
        `model ${ref}: sha256 of ${file} is ${sha256} but ${expectedFrom} expects ${expected}; the file is damaged or a different model. Re-download it or correct the digest.`,
        { context: { path: file, expected, actual: sha256 } },
      );
    }
    return { ref, path: file, sha256, bytes, source };
  };

  const fromDeclared = async (ref: string, model: ModelConfig): Promise<ResolvedModel | undefined> => {
    if (model.generate !== undefined) {
      const target = path.join(
        config.server.state_dir,
        'models',
        `${ref.replace(/[^A-Za-z0-9._-]/g, '_')}.gguf`,
      );
      const written = await writeTinyModel({ ...model.generate, path: target });
      return verified(ref, written.path, model.digest, 'generated', 'the config');
    }
    if (model.path !== undefined) return verified(ref, model.path, model.digest, 'config', 'the config');
    return undefined;
  };

  const fromCatalog = async (ref: string): Promise<ResolvedModel | undefined> => {
    const dir = config.catalog.dir;
    const name = `${encodeURIComponent(ref)}.json`;
    for (const candidate of [path.join(dir, name), path.join(dir, 'models', name)]) {
      const text = await readFile(candidate, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      let entry: CatalogEntry;
      try {
        // orchestratord stores `{version, model, history}`; a bare CatalogModel is read too.
        const parsed = JSON.parse(text) as CatalogEntry & { model?: CatalogEntry };
        entry = parsed.model ?? parsed;
      } catch (cause) {
        throw new PoolManagerError('MODEL_UNREADABLE', `catalog entry ${candidate} is not valid JSON`, {
          cause,
        });
      }
      const manifest = entry.manifests?.find((m) => typeof m.path === 'string');
      let file: string | undefined;
      if (entry.source_url?.startsWith('file:')) file = fileURLToPath(entry.source_url);
      else if (manifest?.path !== undefined) {
        // A manifest path is absolute, or relative to the catalog or to <state_dir>/models.
        const candidates = [
          path.resolve(dir, manifest.path),
          path.resolve(config.server.state_dir, 'models', manifest.path),
        ];
        file =
          (
            await Promise.all(
              candidates.map((c) =>
                stat(c).then(
                  () => c,
                  () => undefined,
                ),
              ),
            )
          ).find((c) => c !== undefined) ?? candidates[0];
      }
      if (file === undefined) {
        throw new PoolManagerError(
          'MODEL_NOT_FOUND',
          `catalog entry ${ref} has no local file (source_url ${entry.source_url ?? 'unset'} is not file:// and no manifest path); download the model and register its path`,
        );
      }
      return verified(ref, file, entry.digest ?? manifest?.digest, 'catalog', `catalog entry ${ref}`);
    }
    return undefined;
  };

  return {
    async resolve(ref, declared, expectedSha256) {
      const model = declared?.ref === ref ? declared : config.pools.find((p) => p.model.ref === ref)?.model;
      const resolved =
        (model && (await fromDeclared(ref, model))) ??
        (await fromCatalog(ref)) ??
        (ref.endsWith('.gguf') && path.isAbsolute(ref)
          ? await verified(ref, ref, undefined, 'path', 'nobody')
          : undefined);
      if (resolved !== undefined && expectedSha256 !== undefined)
        return verified(ref, resolved.path, expectedSha256, resolved.source, 'the reload');
      if (resolved !== undefined) return resolved;
      throw new PoolManagerError(
        'MODEL_NOT_FOUND',
        `model_ref ${ref} is not served by any pool in the config, has no catalog entry in ${config.catalog.dir}, and is not an absolute .gguf path; register it in the catalog or add model.path to a pool`,
      );
    },
  };
}
