// ORCHD-002, ORCHD-034: the catalog lifecycle as pure decisions. A model is
// registered as Draft, tried as Canary, served when Active, and wound down
// through Deprecated to Retired. Retired and Deprecated models are refused at
// admission; under a strict trust policy a model whose verification failed
// (or that was never verified) may not start serving, and one whose last
// verification failed is refused at admission too.
import type { CatalogModel, ModelState } from '@llama-orch/contracts';
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
