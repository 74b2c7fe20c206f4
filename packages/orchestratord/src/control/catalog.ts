// ORCHD-031..ORCHD-035, ORCHD-002, MET-023, MET-024: the catalog's behaviour
// over its store. Each read-modify-write of one model runs under that model's
// lock; hashing (minutes for a large model) runs outside it, so a state change
// never waits on a verification. Every change republishes `model_state`, and
// admission asks `admissionRefusal` before a task touches a queue.
import type {
  CatalogModel,
  ModelState,
  ModelStateChange,
  TrustPolicy,
  VerificationResult,
} from '@llama-orch/contracts';
import type { Logger } from 'pino';
import { conflict, notFound, type OrchestratordError } from '../errors.js';
import type { DaemonMetrics } from '../metrics/metrics-registry.js';
import type { NormalisedModelInput } from './catalog-input.js';
import type { CatalogRecord, CatalogStore } from './catalog-store.js';
import { createKeyedLock } from './keyed-lock.js';
import { admissionRefusal, MODEL_STATES, transitionRefusal } from './model-lifecycle.js';
import type { ModelVerifier } from './model-verifier.js';

export interface CatalogOptions {
  store: CatalogStore;
  verifier: ModelVerifier;
  metrics: DaemonMetrics;
  logger: Logger;
  /** Deployment policy (catalog.trust_policy); an entry may tighten it, never loosen it. */
  trustPolicy: TrustPolicy;
  now: () => number;
}

export interface Catalog {
  get(id: string): CatalogModel | undefined;
  register(input: NormalisedModelInput): Promise<{ created: boolean; model: CatalogModel }>;
  changeState(id: string, change: ModelStateChange & { state: ModelState }): Promise<CatalogModel>;
  verify(id: string, signal: AbortSignal): Promise<VerificationResult>;
  /** Why a task for `modelRef` must be refused at admission; undefined for models the catalog does not list. */
  admissionRefusal(modelRef: string): OrchestratordError | undefined;
}

export function unknownModel(id: string): OrchestratordError {
  return notFound(`no catalog model ${id.slice(0, 128)}; register it with POST /v1/catalog/models first`);
}

export function createCatalog(options: CatalogOptions): Catalog {
  const { store, metrics, logger } = options;
  const lock = createKeyedLock();
  const verifying = new Map<string, Promise<VerificationResult>>();

  const publishState = (model: CatalogModel): void => {
    for (const state of MODEL_STATES)
      metrics.set('model_state', { model_id: model.id, state }, state === model.state ? 1 : 0);
  };
  for (const record of store.all()) publishState(record.model);

  const current = (id: string): CatalogRecord => {
    const record = store.get(id);
    if (record === undefined) throw unknownModel(id);
    return record;
  };

  const runVerification = async (id: string, signal: AbortSignal): Promise<VerificationResult> => {
    const verdict = await options.verifier.verify(current(id).model, signal);
    return lock.run(id, async () => {
      const record = current(id);
      const model = { ...record.model, last_verification: verdict.result, updated_at_ms: options.now() };
      await store.save({ ...record, model });
      metrics.inc('catalog_verifications_total', { result: verdict.result.result, reason: verdict.reason });
      const log = {
        model_id: id,
        result: verdict.result.result,
        reason: verdict.reason,
        trust_policy: model.trust_policy,
      };
      if (verdict.result.result === 'pass') logger.info(log, 'model verified');
      else
        logger.warn(
          { ...log, warnings: verdict.result.warnings, failures: verdict.result.failures },
          'model verification found problems',
        );
      return verdict.result;
    });
  };

  return {
    get: (id) => store.get(id)?.model,

    register: (input) =>
      lock.run(input.id, async () => {
        const existing = store.get(input.id)?.model;
        if (existing !== undefined) {
          if (existing.digest === input.digest) return { created: false, model: existing };
          throw conflict(
            `catalog id ${input.id} already exists with another digest; register the new file under a new id`,
          );
        }
        const now = options.now();
        const strict = options.trustPolicy === 'strict' || input.trust_policy === 'strict';
        const model: CatalogModel = {
          ...input,
          trust_policy: strict ? 'strict' : 'permissive',
          state: 'Draft',
          created_at_ms: now,
          updated_at_ms: now,
          last_verification: null,
        };
        await store.save({ version: 1, model, history: [] });
        publishState(model);
        logger.info(
          { model_id: model.id, digest: model.digest, trust_policy: model.trust_policy },
          'model registered',
        );
        return { created: true, model };
      }),

    changeState: (id, change) =>
      lock.run(id, async () => {
        const record = current(id);
        const refusal = transitionRefusal(record.model, change.state);
        if (refusal !== undefined) throw refusal;
        if (record.model.state === change.state) return record.model;
        const now = options.now();
        const model = { ...record.model, state: change.state, updated_at_ms: now };
        const entry = {
          from: record.model.state,
          to: change.state,
          reason: change.reason ?? null,
          at_ms: now,
        };
        await store.save({ ...record, model, history: [...record.history, entry] });
        publishState(model);
        logger.info(
          { model_id: id, from: entry.from, to: entry.to, reason: entry.reason },
          'model state changed',
        );
        return model;
      }),

    verify(id, signal) {
      current(id);
      let pending = verifying.get(id);
      if (pending === undefined) {
        pending = runVerification(id, signal).finally(() => verifying.delete(id));
        verifying.set(id, pending);
      }
      return pending;
    },

    admissionRefusal(modelRef) {
      const model = store.get(modelRef)?.model;
      return model === undefined ? undefined : admissionRefusal(model);
    },
  };
}
