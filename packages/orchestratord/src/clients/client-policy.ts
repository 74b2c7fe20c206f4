// ORCHD-085, CFG-030: what a client may ask for. `models` limits the models it may name
// (and the ones it is shown); a priority above its `max_priority` is lowered to it, with a
// header saying so, or refused, as `above_max_priority` says. Admission applies both before
// anything is queued, so the queue only ever sees the priority the task really has.
import { PRIORITIES, type Priority } from '@llama-orch/contracts';
import { policyDenied } from '../errors.js';
import type { ClientIdentity } from './client-identity.js';
import type { PolicyLimitName } from './client-usage.js';

/** Told of each refusal before it is thrown, so the client's refusals are counted (MET-042). */
export type PolicyRefusalCounter = (limit: PolicyLimitName) => void;

/** Set on an admitted task's response when its priority was lowered: `interactive->batch`. */
export const PRIORITY_LOWERED_HEADER = 'x-llorch-priority-lowered';

/** Whether the client may use model `id` (the owner and clients without `models` may use any). */
export function allowsModel(client: ClientIdentity, id: string): boolean {
  const models = client.config?.models;
  return models === undefined || models.includes(id);
}

/** 403 POLICY_DENIED (models) naming the model and the client, for a model outside its list. */
export function assertModelAllowed(
  client: ClientIdentity,
  model: unknown,
  counted: PolicyRefusalCounter,
): void {
  if (typeof model !== 'string' || allowsModel(client, model)) return;
  counted('models');
  throw policyDenied(
    'models',
    `model ${model.slice(0, 128)} is not among the models client "${client.name}" may use (${client.config?.models?.join(', ') ?? ''}); ask the owner to add it to the client's models`,
  );
}

/**
 * The priority the task runs at: the asked one, or the client's max_priority when the ask is
 * above it and the client's requests are lowered (refused otherwise, 403 max_priority).
 * Returns the headers the response carries (the lowering, if any).
 */
export function admittedPriority(
  client: ClientIdentity,
  asked: Priority,
  counted: PolicyRefusalCounter,
): { priority: Priority; headers: Record<string, string> } {
  const config = client.config;
  if (config === null || PRIORITIES.indexOf(asked) >= PRIORITIES.indexOf(config.max_priority)) {
    return { priority: asked, headers: {} };
  }
  if (config.above_max_priority === 'refuse') {
    counted('max_priority');
    throw policyDenied(
      'max_priority',
      `client "${client.name}" may ask for priority ${config.max_priority} at most, not ${asked}; send priority ${config.max_priority}`,
    );
  }
  return {
    priority: config.max_priority,
    headers: { [PRIORITY_LOWERED_HEADER]: `${asked}->${config.max_priority}` },
  };
}
