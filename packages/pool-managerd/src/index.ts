// Public door of @llama-orch/pool-managerd.

// Engine provisioning: real llama-server built offline, tiny GGUF models (POOL-040..043, DET-010/011).
export {
  ensureLlamaServer,
  findLlamaServerBinary,
  resolveLlamaServerCache,
} from './provision/llama-server-build.js';
export type {
  EnsureLlamaServerOptions,
  EnsuredLlamaServer,
  FoundLlamaServer,
  LlamaServerCacheEntry,
  LlamaServerCacheOptions,
} from './provision/llama-server-build.js';
export { parseVersionOutput, probeLlamaServerBinary } from './provision/binary-probe.js';
export type { ProbeOptions, ProbeResult } from './provision/binary-probe.js';
export {
  computeCacheKey,
  cpuSignatureFromCpuinfo,
  defaultCacheRoot,
  detectHostIdentity,
} from './provision/cache-key.js';
export type { CacheKeyInput, HostIdentity, LlamaBackend } from './provision/cache-key.js';
export { locateLlamaCppBundle, parseBundleHeader, readBundleCommit } from './provision/source-bundle.js';
export type { BundleHead } from './provision/source-bundle.js';
export {
  assertBuildTools,
  findMissingTools,
  CPU_BUILD_TOOLS,
  CUDA_BUILD_TOOLS,
} from './provision/build-tools.js';
export type { ToolRequirement } from './provision/build-tools.js';
export { cmakeConfigureFlags } from './provision/build-steps.js';
export { acquireLock } from './provision/build-lock.js';
export type { HeldLock, LockOptions } from './provision/build-lock.js';
export { ProvisionError } from './provision/provision-errors.js';
export type { ProvisionErrorCode, ProvisionErrorOptions } from './provision/provision-errors.js';
export {
  GGML_TYPE_F32,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_VERSION,
  alignPadding,
  documentAlignment,
  encodeGguf,
  tensorOffsets,
} from './provision/gguf-writer.js';
export type { GgufDocument, GgufScalarType, GgufTensor, GgufValue } from './provision/gguf-writer.js';
export {
  BIGRAM_SENTENCE,
  buildTinyModel,
  tinyModelDocument,
  writeTinyModel,
} from './provision/tiny-model.js';
export type { TinyModelKind, TinyModelOptions, WrittenTinyModel } from './provision/tiny-model.js';
export { TINY_MODEL_SHAPE } from './provision/tiny-weights.js';
export type { TinyModelShape } from './provision/tiny-weights.js';
export { CHATML_TEMPLATE, SPECIAL_TOKENS, buildTinyVocab } from './provision/tiny-vocab.js';
export type { TinyVocab } from './provision/tiny-vocab.js';

// Engine processes (POOL-045..047).
export { startLlamaServer } from './engine-process/llama-server-process.js';
export type {
  EngineExit,
  LlamaServerProcess,
  LlamaServerProcessOptions,
} from './engine-process/llama-server-process.js';
export { llamaServerArgs } from './engine-process/llama-server-args.js';
export type { LlamaServerArgsOptions } from './engine-process/llama-server-args.js';
export { probeHealth } from './engine-process/readiness.js';
export type { HealthProbe } from './engine-process/readiness.js';
export { allocateLoopbackPort } from './engine-process/free-port.js';
export { EngineProcessError } from './engine-process/engine-process-errors.js';
export type {
  EngineProcessErrorCode,
  EngineProcessErrorContext,
} from './engine-process/engine-process-errors.js';

// Generic engine launch (any engine family, own process group, dies with us).
export { launchEngine } from './engine-process/engine-launch.js';
export type { EngineLaunchOptions, EngineReadiness, RunningEngine } from './engine-process/engine-launch.js';
export { findSetpriv } from './engine-process/engine-child.js';

// pool-managerd the daemon (POOL-001..POOL-027).
export { createPoolManager, DEFAULT_SUPERVISOR_TIMINGS } from './pool-manager.js';
export type { PoolManager, PoolManagerOptions } from './pool-manager.js';
export { startPoolManagerd } from './daemon.js';
export type { RunningPoolManagerd, StartPoolManagerdOptions } from './daemon.js';
export { buildPoolManagerApp, envelopeOf } from './http/app.js';
export type { PoolManagerAppOptions } from './http/app.js';
export { ensureApiToken } from './api-token.js';
export type { EnsuredToken } from './api-token.js';
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

// Preflight: models, VRAM estimate, device plan (POOL-004..POOL-006).
export { readGgufHeader } from './provision/gguf-reader.js';
export type { GgufHeader, GgufTensorInfo } from './provision/gguf-reader.js';
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
export { planReplica, vramTable } from './preflight/device-plan.js';
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
