// ORCHD-035, HOME-009: the catalog on local disk, one JSON file per model
// under catalog.dir, each written atomically (see atomic-file.ts), and the
// in-memory index admission reads on its hot path. File names are the
// URI-encoded id (":" becomes "%3A"), portable across file systems and the
// same name pool-managerd looks up when it resolves a model reference. Opening the store refuses
// a file it cannot read back completely: a silently skipped entry could turn
// a Retired model into an unknown one that admission lets through.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogModel, ModelState } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { internal, type OrchestratordError } from '../errors.js';
import { ensureDir, sweepTempFiles, writeFileAtomic } from './atomic-file.js';
import { SHA256_HEX } from './canonical-json.js';
import { isModelId } from './catalog-input.js';
import { isModelState } from './model-lifecycle.js';

/** One state change, kept with the entry as its audit trail. */
export interface StateChangeRecord {
  from: ModelState;
  to: ModelState;
  reason: string | null;
  at_ms: number;
}

/** What one catalog file holds; `version` lets a later format read older files. */
export interface CatalogRecord {
  version: 1;
  model: CatalogModel;
  history: StateChangeRecord[];
}

export interface CatalogStore {
  readonly dir: string;
  get(id: string): CatalogRecord | undefined;
  all(): readonly CatalogRecord[];
  /** Persists the record, then publishes it to readers. */
  save(record: CatalogRecord): Promise<void>;
}

export interface CatalogStoreOptions {
  dir: string;
  logger: Logger;
}

const SUFFIX = '.json';

export const catalogFileName = (id: string): string => `${encodeURIComponent(id)}${SUFFIX}`;

function idOf(name: string): string | undefined {
  try {
    const id = decodeURIComponent(name.slice(0, -SUFFIX.length));
    return isModelId(id) && catalogFileName(id) === name ? id : undefined;
  } catch {
    return undefined;
  }
}

function corrupt(file: string, why: string, cause?: unknown): OrchestratordError {
  return internal(
    `catalog file ${file} is unreadable (${why}); restore it from a backup of the state directory or delete it, then restart`,
    { context: { file }, cause },
  );
}

function parseRecord(file: string, id: string, text: string): CatalogRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, 'not valid JSON', error);
  }
  const record = data as Partial<CatalogRecord> | null;
  const model = record?.model;
  if (record?.version !== 1 || model === undefined || !Array.isArray(record.history))
    throw corrupt(file, 'unknown format');
  if (model.id !== id) throw corrupt(file, `holds model ${String(model.id)}, not ${id}`);
  if (!SHA256_HEX.test(String(model.digest)) || !isModelState(model.state))
    throw corrupt(file, 'invalid digest or state');
  return record as CatalogRecord;
}

export async function openCatalogStore(options: CatalogStoreOptions): Promise<CatalogStore> {
  const { dir, logger } = options;
  await ensureDir(dir);
  const swept = await sweepTempFiles(dir);
  if (swept > 0)
    logger.warn({ dir, files: swept }, 'removed unfinished catalog writes left by an earlier crash');
  const records = new Map<string, CatalogRecord>();
  for (const name of await readdir(dir)) {
    if (!name.endsWith(SUFFIX)) continue;
    const id = idOf(name);
    const file = join(dir, name);
    if (id === undefined) throw corrupt(file, 'the file name is not an encoded model id');
    records.set(id, parseRecord(file, id, await readFile(file, 'utf8')));
  }
  logger.info({ dir, models: records.size }, 'catalog loaded');

  return {
    dir,
    get: (id) => records.get(id),
    all: () => [...records.values()],
    async save(record) {
      await writeFileAtomic(
        join(dir, catalogFileName(record.model.id)),
        `${JSON.stringify(record, null, 2)}\n`,
      );
      records.set(record.model.id, record);
    },
  };
}
