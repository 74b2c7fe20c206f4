// ORCHD-033: gathers the facts a verdict needs by hashing the model's local
// files: every manifest file (relative to <state_dir>/models) against its own
// digest and size, and the model.path of every configured pool serving this
// model against the entry's digest. Each file is hashed once per run, with
// progress in the log; the verdict itself is a pure function of the results.
import { resolve } from 'node:path';
import type { CatalogModel, PoolConfig } from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { sha256File, type FileDigest } from './file-digest.js';
import { checkSignature, type TrustedKey } from './signature-check.js';
import { verdictOf, type FileCheck, type Verdict } from './verification-verdict.js';

export interface ModelVerifierOptions {
  /** Base of manifest paths. */
  modelsDir: string;
  pools: readonly PoolConfig[];
  /** catalog.trusted_keys, decoded: what ed25519 signatures are verified against. */
  trustedKeys: readonly TrustedKey[];
  logger: Logger;
  now: () => number;
  /** Progress log granularity; defaults to sha256File's. */
  progressEveryBytes?: number;
}

export interface ModelVerifier {
  verify(model: CatalogModel, signal: AbortSignal): Promise<Verdict>;
}

interface Expectation {
  label: string;
  path: string;
  sha256: string;
  size?: number;
}

function expectations(model: CatalogModel, options: ModelVerifierOptions): Expectation[] {
  const fromManifests = model.manifests.map((m) => ({
    label: `manifest ${m.path}`,
    path: resolve(options.modelsDir, m.path),
    sha256: m.digest,
    size: m.size_bytes,
  }));
  const fromPools = options.pools.flatMap((pool) =>
    pool.model.ref === model.id && pool.model.path !== undefined
      ? [{ label: `pool ${pool.id} model.path`, path: resolve(pool.model.path), sha256: model.digest }]
      : [],
  );
  return [...fromManifests, ...fromPools];
}

export function createModelVerifier(options: ModelVerifierOptions): ModelVerifier {
  const { logger } = options;
  return {
    async verify(model, signal) {
      const hashed = new Map<string, Promise<FileDigest>>();
      const hash = (path: string): Promise<FileDigest> => {
        let pending = hashed.get(path);
        if (pending === undefined) {
          const startedAt = Date.now();
          logger.info({ model_id: model.id, path }, 'model digest started');
          pending = sha256File(path, {
            signal,
            ...(options.progressEveryBytes === undefined
              ? {}
              : { progressEveryBytes: options.progressEveryBytes }),
            onProgress: ({ bytes, total }) =>
              logger.info(
                {
                  model_id: model.id,
                  path,
                  bytes_read: bytes,
                  size_bytes: total,
                  percent: total === 0 ? 100 : Math.floor((bytes / total) * 100),
                },
                'model digest progress',
              ),
          }).then((digest) => {
            logger.info(
              { model_id: model.id, path, size_bytes: digest.size, elapsed_ms: Date.now() - startedAt },
              'model digest done',
            );
            return digest;
          });
          hashed.set(path, pending);
        }
        return pending;
      };
      const checks: FileCheck[] = [];
      for (const expected of expectations(model, options)) {
        let actual: FileCheck['actual'];
        try {
          const digest = await hash(expected.path);
          actual = { sha256: digest.sha256, size: digest.size };
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          actual = {
            error:
              (error as NodeJS.ErrnoException).code ??
              (error instanceof Error ? error.message : String(error)),
          };
        }
        checks.push({
          label: expected.label,
          path: expected.path,
          expectedSha256: expected.sha256,
          ...(expected.size === undefined ? {} : { expectedSize: expected.size }),
          actual,
        });
      }
      const signatures = model.signatures.map((signature, i) =>
        checkSignature(signature, i, model.digest, options.trustedKeys),
      );
      return verdictOf(model, checks, signatures, options.now());
    },
  };
}
