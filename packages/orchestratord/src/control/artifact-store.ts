// ORCHD-036..ORCHD-038, HOME-009: content-addressed artifacts on local disk.
// The id is the sha256 of the canonical document, so storing the same document
// twice is a no-op that keeps the first creation time; files live under a
// two-hex-digit shard so no directory grows without bound, and each is written
// atomically. Ids are checked against the sha256 pattern before they touch a
// path (no traversal), and a file whose content no longer hashes to its name
// is reported, never served.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { internal, invalidParams, notFound, tooLarge, type OrchestratordError } from '../errors.js';
import { ensureDir, sweepTempFiles, writeFileAtomic } from './atomic-file.js';
import { artifactId, canonicalDocument, type ArtifactDocument } from './artifact-input.js';
import { SHA256_HEX } from './canonical-json.js';
import { createKeyedLock } from './keyed-lock.js';

export interface ArtifactStoreOptions {
  dir: string;
  /** Largest canonical document accepted, in bytes (artifacts.max_bytes). */
  maxBytes: number;
  logger: Logger;
  now: () => number;
}

export interface ArtifactStore {
  readonly maxBytes: number;
  put(doc: ArtifactDocument): Promise<{ artifact: Artifact; created: boolean }>;
  /** Undefined for an id that is not stored; a malformed id never reaches the file system. */
  get(id: string): Promise<Artifact | undefined>;
}

export function artifactTooLarge(bytes: number, maxBytes: number): OrchestratordError {
  return tooLarge(
    `artifact is ${bytes} bytes, over the ${maxBytes}-byte limit; split it or raise artifacts.max_bytes`,
  );
}

/** 404 for an id that names nothing; a malformed id is told what ids look like. */
export function artifactNotFound(id: string): OrchestratordError {
  const shown = id.slice(0, 80);
  const message = SHA256_HEX.test(id)
    ? `no artifact ${shown} is stored here; store it with POST /v1/artifacts`
    : `no artifact ${shown}: artifact ids are the 64 lower-case hex digits POST /v1/artifacts returned`;
  return notFound(message);
}

export async function openArtifactStore(options: ArtifactStoreOptions): Promise<ArtifactStore> {
  const { dir, logger } = options;
  await ensureDir(dir);
  let swept = await sweepTempFiles(dir);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name))
      swept += await sweepTempFiles(join(dir, entry.name));
  }
  if (swept > 0)
    logger.warn({ dir, files: swept }, 'removed unfinished artifact writes left by an earlier crash');
  const lock = createKeyedLock();
  const fileOf = (id: string): string => join(dir, id.slice(0, 2), `${id}.json`);

  const read = async (id: string): Promise<Artifact | undefined> => {
    let text: string;
    try {
      text = await readFile(fileOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const artifact = JSON.parse(text) as Artifact;
    if (artifact.id !== id || artifactId(artifact) !== id) {
      throw internal(
        `artifact file ${fileOf(id)} does not hash to its id; restore it from a backup or delete it`,
      );
    }
    return artifact;
  };

  return {
    maxBytes: options.maxBytes,
    get: (id) => (SHA256_HEX.test(id) ? read(id) : Promise.resolve(undefined)),
    async put(doc) {
      const canonical = canonicalDocument(doc);
      const bytes = Buffer.byteLength(canonical, 'utf8');
      if (bytes > options.maxBytes) throw artifactTooLarge(bytes, options.maxBytes);
      if (doc.parent !== null && (await read(doc.parent)) === undefined) {
        throw invalidParams(`parent artifact ${doc.parent} is not stored; store the parent first`);
      }
      const id = artifactId(doc);
      return lock.run(id, async () => {
        const existing = await read(id);
        if (existing !== undefined) return { artifact: existing, created: false };
        const artifact: Artifact = {
          id,
          ...doc,
          size_bytes: Buffer.byteLength(doc.content, 'utf8'),
          created_at_ms: options.now(),
        };
        await ensureDir(join(dir, id.slice(0, 2)));
        await writeFileAtomic(fileOf(id), JSON.stringify(artifact));
        logger.info(
          { artifact_id: id, kind: doc.kind, size_bytes: artifact.size_bytes, parent: doc.parent },
          'artifact stored',
        );
        return { artifact, created: true };
      });
    },
  };
}
