// Public door of @llama-orch/orchestrator-core: the pure scheduling library
// (queues, placement, model residency, admission, estimation, sessions).
// Named exports only.

export { CoreError } from './errors.js';
export type { CoreErrorCode, CoreErrorOptions } from './errors.js';

// Queue (CORE-010..CORE-019)
export type {
  CancelResult,
  EnqueueResult,
  Eviction,
  FullPolicy,
  PoolQueueOptions,
  Priority,
  QueueDepth,
  QueueItem,
  QueueRefusal,
} from './queue-types.js';
export { createPoolQueue } from './pool-queue.js';
export type { PoolQueue } from './pool-queue.js';

// Fair share between clients (CORE-080..CORE-086)
export type { CanRun, FairPoolQueue, FairPoolQueueOptions, FairQueueItem } from './fair-queue-types.js';
export { createFairPoolQueue } from './fair-queue.js';

// Placement (CORE-020..CORE-029)
export type {
  AffinityOutcome,
  DeviceVram,
  PlacementDecision,
  PlacementRefusalReason,
  PlacementRequest,
  PlacementSnapshot,
  PoolSnapshot,
  ReplicaSnapshot,
  ReplicaSnapshotState,
} from './placement-types.js';
export { compareReplicas, isCandidate, place, replicaFreeVram, withinDeviceMask } from './placement.js';
export {
  DEFAULT_VRAM_HEADROOM_RATIO,
  chooseDeviceForModel,
  fitsOnDevice,
  requiredVramBytes,
  reserveVram,
} from './vram-fit.js';
export type { ModelPlacement, ModelPlacementRequest, VramFitOptions } from './vram-fit.js';

// Admission (CORE-030..CORE-034)
export { backpressureRejection, checkAdmission } from './admission.js';
export type {
  AdmissionContext,
  AdmissionRequest,
  AdmissionResult,
  Rejection,
  RejectionReason,
} from './admission.js';

// Estimation (CORE-040..CORE-043)
export { DEFAULT_EWMA_ALPHA, ewmaObserve } from './ewma.js';
export type { Ewma } from './ewma.js';
export { DEFAULT_COLD_START_SERVICE_MS, createServiceTimeEstimator } from './service-time.js';
export type {
  ServiceTimeEstimate,
  ServiceTimeEstimator,
  ServiceTimeEstimatorOptions,
} from './service-time.js';
export { DEFAULT_COMPLETION_CV, onTimeProbability, predictStart } from './start-time.js';
export type { OnTimeInput, StartTimeInput } from './start-time.js';
export { DEFAULT_MAX_RETRY_AFTER_MS, NO_DRAIN_OBSERVED, observeDrain, retryAfterMs } from './backpressure.js';
export type { DrainRate, RetryAfterInput } from './backpressure.js';

// Model residency (CORE-070..CORE-078)
export type {
  DeviceShortfall,
  HeldVram,
  ModelEvictionReason,
  ModelQueueView,
  QueueChoice,
  QueueChoiceInput,
  QueueChoiceReason,
  ResidencyAction,
  ResidencySnapshot,
  ResidentReplica,
  ServableModel,
} from './residency-types.js';
export { evictionCost, planResidency, usableFreeBytes } from './residency-plan.js';
export { pickQueueToServe, queueWaitedMs } from './queue-choice.js';
export { idleUnloads } from './idle-unload.js';
export { DEFAULT_COLD_LOAD_MS, createLoadTimeEstimator, predictStartWithLoad } from './load-time.js';
export type {
  LoadStartInput,
  LoadTimeEstimate,
  LoadTimeEstimator,
  LoadTimeEstimatorOptions,
} from './load-time.js';

// Sessions (CORE-050..CORE-055)
export {
  DEFAULT_SESSION_MAX_TURNS,
  DEFAULT_SESSION_TTL_MS,
  applySessionEvent,
  isExpired,
  openSession,
  sessionView,
} from './session.js';
export type {
  EvictionReason,
  Session,
  SessionEvent,
  SessionOptions,
  SessionStatus,
  SessionView,
} from './session.js';
export { budgetCovers, chargeBudget } from './session-budget.js';
export type {
  BudgetCharge,
  BudgetCheck,
  BudgetDimension,
  BudgetNeed,
  SessionBudget,
} from './session-budget.js';
export { createSessionRegistry } from './session-registry.js';
export type { SessionRegistry, SessionRegistryOptions } from './session-registry.js';
