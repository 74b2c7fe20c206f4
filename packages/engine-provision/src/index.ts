// Public door of @llama-orch/engine-provision: what a host needs before and
// while it runs an engine, with no daemon around it: the real llama-server
// built offline from the pinned source and cached, the GGUF writer/reader and
// the tiny generated models, and engine processes in their own process group
// that die with their parent. pool-managerd, the tools and the test harness
// use it; it depends on nothing of ours but node.
// Engine provisioning: real llama-server built offline, tiny GGUF models (POOL-040..043, DET-010/011).
export { ensureLlamaServer, findLlamaServerBinary, resolveLlamaServerCache } from './llama-server-build.js';
export type {
  EnsureLlamaServerOptions,
  EnsuredLlamaServer,
  FoundLlamaServer,
  LlamaServerCacheEntry,
  LlamaServerCacheOptions,
} from './llama-server-build.js';
export { parseVersionOutput, probeLlamaServerBinary } from './binary-probe.js';
export type { ProbeOptions, ProbeResult } from './binary-probe.js';
export {
  computeCacheKey,
  cpuSignatureFromCpuinfo,
  defaultCacheRoot,
  detectHostIdentity,
} from './cache-key.js';
export type { CacheKeyInput, HostIdentity, LlamaBackend } from './cache-key.js';
export { locateLlamaCppBundle, parseBundleHeader, readBundleCommit } from './source-bundle.js';
export type { BundleHead } from './source-bundle.js';
export { assertBuildTools, findMissingTools, CPU_BUILD_TOOLS, CUDA_BUILD_TOOLS } from './build-tools.js';
export type { ToolRequirement } from './build-tools.js';
export { cmakeConfigureFlags } from './build-steps.js';
export { acquireLock } from './build-lock.js';
export type { HeldLock, LockOptions } from './build-lock.js';
export { ProvisionError } from './provision-errors.js';
export type { ProvisionErrorCode, ProvisionErrorOptions } from './provision-errors.js';
export {
  GGML_TYPE_F32,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_VERSION,
  alignPadding,
  documentAlignment,
  encodeGguf,
  tensorOffsets,
} from './gguf-writer.js';
export type { GgufDocument, GgufScalarType, GgufTensor, GgufValue } from './gguf-writer.js';
export { BIGRAM_SENTENCE, buildTinyModel, tinyModelDocument, writeTinyModel } from './tiny-model.js';
export type { TinyModelKind, TinyModelOptions, WrittenTinyModel } from './tiny-model.js';
export { TINY_MODEL_SHAPE } from './tiny-weights.js';
export type { TinyModelShape } from './tiny-weights.js';
export { CHATML_TEMPLATE, SPECIAL_TOKENS, buildTinyVocab } from './tiny-vocab.js';
export type { TinyVocab } from './tiny-vocab.js';

export { readGgufHeader } from './gguf-reader.js';
export type { GgufHeader, GgufScalar, GgufTensorInfo } from './gguf-reader.js';
export { TOOL_CALL_CLOSE, TOOL_CALL_OPEN, TOOL_REPLY, TOOL_REPLY_PIECES } from './tiny-chat-template.js';
export { FIM_TOKENS, TOKEN_TYPE } from './tiny-vocab.js';

// Engine processes: one llama-server, and the spawn every engine family uses (POOL-045..047).
export { startLlamaServer } from './process/llama-server-process.js';
export type {
  EngineExit,
  LlamaServerProcess,
  LlamaServerProcessOptions,
} from './process/llama-server-process.js';
export { isPortInUseLog, llamaServerArgs } from './process/llama-server-args.js';
export type { LlamaServerArgsOptions } from './process/llama-server-args.js';
export { probeHealth, waitUntilHealthy } from './process/readiness.js';
export type { HealthProbe } from './process/readiness.js';
export { allocateLoopbackPort } from './process/free-port.js';
export { EngineProcessError } from './process/engine-process-errors.js';
export type { EngineProcessErrorCode, EngineProcessErrorContext } from './process/engine-process-errors.js';

export { findSetpriv, spawnEngine } from './process/engine-child.js';
export type { EngineChild, SpawnEngineOptions } from './process/engine-child.js';
