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
