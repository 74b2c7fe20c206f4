// ORCHD-033: model files are many gigabytes, so their sha256 is computed from
// a stream in bounded memory, reports progress while it runs (an operator
// watching the log sees it advance), and stops promptly when the daemon
// closes or the caller gives up.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export interface DigestProgress {
  path: string;
  bytes: number;
  total: number;
}

export interface FileDigestOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DigestProgress) => void;
  /** Report at most once per this many bytes (default: 10% of the file, at least 64 MiB). */
  progressEveryBytes?: number;
}

export interface FileDigest {
  sha256: string;
  size: number;
}

const CHUNK_BYTES = 1024 * 1024;
const MIN_PROGRESS_STEP = 64 * 1024 * 1024;

export async function sha256File(path: string, options: FileDigestOptions = {}): Promise<FileDigest> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a regular file`);
  const step = options.progressEveryBytes ?? Math.max(MIN_PROGRESS_STEP, Math.ceil(info.size / 10));
  const hash = createHash('sha256');
  const stream = createReadStream(path, {
    highWaterMark: CHUNK_BYTES,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  let bytes = 0;
  let nextReport = step;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    if (bytes >= nextReport) {
      options.onProgress?.({ path, bytes, total: info.size });
      nextReport = bytes + step;
    }
  }
  return { sha256: hash.digest('hex'), size: bytes };
}
