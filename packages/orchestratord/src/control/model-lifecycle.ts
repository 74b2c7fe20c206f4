// ORCHD-002, ORCHD-034, ORCHD-074: the catalog lifecycle as pure decisions. A
// model is registered as Draft, tried as Canary, served when Active, and wound
// down through Deprecated to Retired. Retired and Deprecated models are refused
// at admission; under a strict trust policy a model whose verification failed
// (or that was never verified) may not start serving, and one whose last
// verification failed is refused at admission too. A reload asks the same, and
// under strict it may only load a catalogued model whose verification passed.
import type { CatalogModel, ModelState, TrustPolicy } from '@llama-orch/contracts';
import { invalidParams, OrchestratordError } from '../errors.js';

export const MODEL_STATES: readonly ModelState[] = ['Draft', 'Canary', 'Active', 'Deprecated', 'Retired'];

/**
 * Allowed moves. Retired only leads back to Draft, so a retired model has to be
 * vetted again before it can serve; staying in the same state is always allowed.
 */
const TRANSITIONS: Readonly<Record<ModelState, readonly ModelState[]>> = {
  Draft: ['Canary', 'Active', 'Retired'],
  Canary: ['Draft', 'Active', 'Deprecated', 'Retired'],
  Active: ['Canary', 'Deprecated', 'Retired'],
  Deprecated: ['Active', 'Retired'],
  Retired: ['Draft'],
};

const SERVING: ReadonlySet<ModelState> = new Set(['Canary', 'Active']);
const REFUSED_AT_ADMISSION: ReadonlySet<ModelState> = new Set(['Deprecated', 'Retired']);

export function isModelState(value: unknown): value is ModelState {
  return typeof value === 'string' && (MODEL_STATES as readonly string[]).includes(value);
}

/** Why `model` may not move to `to`, or undefined when it may. */
export function transitionRefusal(model: CatalogModel, to: ModelState): OrchestratordError | undefined {
  const from = model.state;
  if (from !== to && !TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from].join(', ');
    return invalidParams(
      `model ${model.id} cannot move from ${from} to ${to}; from ${from} it may move to ${allowed}`,
    );
  }
  if (SERVING.has(to) && model.trust_policy === 'strict') {
    const verdict = model.last_verification;
    if (verdict === null || verdict.result === 'fail') {
      const why =
        verdict === null
          ? 'it has not been verified'
          : `it failed verification (${verdict.failures.join('; ')})`;
      return new OrchestratordError(
        'UNTRUSTED_ARTIFACT',
        `model ${model.id} cannot become ${to} under the strict trust policy: ${why}; fix it and POST /v1/catalog/models/${model.id}/verify first`,
      );
    }
  }
  return undefined;
}

/** Why a task naming this catalog model must be refused before enqueue, or undefined. */
export function admissionRefusal(model: CatalogModel): OrchestratordError | undefined {
  if (REFUSED_AT_ADMISSION.has(model.state)) {
    return new OrchestratordError(
      'MODEL_DEPRECATED',
      `model ${model.id} is ${model.state}; pick an Active model (see GET /v1/capabilities) or move it back to Active`,
    );
  }
  if (model.trust_policy === 'strict' && model.last_verification?.result === 'fail') {
    return new OrchestratordError(
      'UNTRUSTED_ARTIFACT',
      `model ${model.id} failed verification under the strict trust policy; fix it and verify it again before use`,
    );
  }
  return undefined;
}

/** What a reload may do: refused, or go ahead with the digest pool-managerd must check (POOL-050). */
export type ReloadDecision = { refusal: OrchestratordError } | { expectedDigest: string | undefined };

const untrusted = (message: string) => ({ refusal: new OrchestratordError('UNTRUSTED_ARTIFACT', message) });

/**
 * ORCHD-074: may a pool be reloaded onto `ref`? `model` is its catalog entry, if any; `requested`
 * the client's own expected_digest. A catalogued model always reloads with the entry's digest.
 */
export function reloadDecision(
  ref: string,
  model: CatalogModel | undefined,
  deploymentPolicy: TrustPolicy,
  requested: string | undefined,
): ReloadDecision {
  const shown = ref.slice(0, 256);
  if (model === undefined) {
    if (deploymentPolicy !== 'strict') return { expectedDigest: requested };
    return untrusted(
      `model ref ${shown} is not in the catalog; under the strict trust policy a pool is reloaded only onto a catalogued, verified model: register it with POST /v1/catalog/models, verify it with POST /v1/catalog/models/{id}/verify, and reload by its catalog id`,
    );
  }
  const refusal = admissionRefusal(model);
  if (refusal !== undefined) return { refusal };
  if (requested !== undefined && requested !== model.digest) {
    return untrusted(
      `expected_digest ${requested.slice(0, 64)} differs from the digest catalog entry ${model.id} records (${model.digest}); leave expected_digest out or register the other file under its own id`,
    );
  }
  if (deploymentPolicy === 'strict' || model.trust_policy === 'strict') {
    const verdict = model.last_verification;
    // A warning counts only when the verification itself ran under the strict policy.
    const passed =
      verdict !== null &&
      (verdict.result === 'pass' || (verdict.result === 'warn' && verdict.trust_policy === 'strict'));
    if (!passed) {
      const why =
        verdict === null
          ? 'has not been verified'
          : `last verified ${verdict.result} under the ${verdict.trust_policy} policy`;
      return untrusted(
        `model ${model.id} ${why}; under the strict trust policy only a model whose verification passed may be loaded: fix it and POST /v1/catalog/models/${model.id}/verify first`,
      );
    }
  }
  return { expectedDigest: model.digest };
}
