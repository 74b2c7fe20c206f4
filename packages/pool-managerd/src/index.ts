// Public door of @llama-orch/pool-managerd. Building llama-server, generating
// the tiny models and starting one engine process live in @llama-orch/engine-provision.

// Generic engine launch (any engine family, own process group, dies with us).
export { launchEngine } from './engine-process/engine-launch.js';
export type { EngineLaunchOptions, EngineReadiness, RunningEngine } from './engine-process/engine-launch.js';

// pool-managerd the daemon (POOL-001..POOL-027).
export { createPoolManager, DEFAULT_SUPERVISOR_TIMINGS } from './pool-manager.js';
export type { PoolManager, PoolManagerOptions } from './pool-manager.js';
export { startPoolManagerd } from './daemon.js';
export type { RunningPoolManagerd, StartPoolManagerdOptions } from './daemon.js';
export { buildPoolManagerApp, envelopeOf } from './http/app.js';
export type { PoolManagerAppOptions } from './http/app.js';
export { PoolManagerError, isPoolManagerError } from './errors.js';
export type { PoolManagerErrorCode, PoolManagerErrorOptions } from './errors.js';
export type { PoolController } from './pool/pool-controller.js';
export { poolHealth, poolStatus } from './pool/pool-views.js';
export type { PoolView } from './pool/pool-views.js';
export { enginePidsPath, readEnginePids, reapLeftoverEngines } from './pool/engine-pids.js';
export type { EngineRecord, ReapReport } from './pool/engine-pids.js';

// GPU inventory (POOL-002, POOL-007, POOL-026).
export {
  NVIDIA_SMI_ARGS,
  NVIDIA_SMI_COMMAND,
  NVIDIA_SMI_FIELDS,
  parseNvidiaSmiCsv,
  probeGpus,
} from './inventory/nvidia-smi.js';
export type { GpuInventorySnapshot, ProbeGpusOptions } from './inventory/nvidia-smi.js';
export { createGpuMonitor } from './inventory/gpu-monitor.js';
export type { GpuMonitor, GpuMonitorOptions } from './inventory/gpu-monitor.js';

// Preflight: models, VRAM estimate, device plan (POOL-004..POOL-006); GGUF reading is engine-provision's.
export {
  DEFAULT_VRAM_OVERHEAD_BYTES,
  describeFootprint,
  estimateFootprint,
  formatBytes,
  kvBytesPerToken,
  modelShape,
  weightsBytes,
} from './preflight/vram-estimate.js';
export type { FootprintOptions, ModelShape, VramFootprint } from './preflight/vram-estimate.js';
export { narrowPool, planReplica, vramTable } from './preflight/device-plan.js';
export type { DevicePlan, PlanInput, PlanResult, PlannedPool } from './preflight/device-plan.js';
export { createModelSource } from './preflight/model-source.js';
export type { ModelSource, ModelSourceOptions, ResolvedModel } from './preflight/model-source.js';

// Replica lifecycle (POOL-003, POOL-008..POOL-015).
export { holdsProcess, transition } from './replica/replica-state.js';
export type { ReplicaEvent, ReplicaEventType, Transition } from './replica/replica-state.js';
export { DEFAULT_RESTART_POLICY, backoffDelayMs, decideRestart } from './replica/backoff.js';
export type { RestartDecision, RestartPolicy } from './replica/backoff.js';
export { classifyDeath, isDriverErrorLine } from './replica/failure-kind.js';
export type { ClassifiedFailure, EngineDeath, FailureKind } from './replica/failure-kind.js';
export { SELF_TEST_PROMPT, SELF_TEST_SEED, SelfTestError, runSelfTest } from './replica/self-test.js';
export type { SelfTestOptions, SelfTestResult, SelfTestStep } from './replica/self-test.js';

// Engine recipes: command lines and environment per engine family.
export {
  DEFAULT_ENGINE_BINARIES,
  engineArgs,
  engineEnv,
  portCount,
} from './engine-recipes/engine-recipes.js';
export type { RecipeInput } from './engine-recipes/engine-recipes.js';
export { defaultConfigForHost, onGpus } from './host-default.js';
export type { HostDefault } from './host-default.js';
