// POOL-004: what a replica will need on the GPU, from the GGUF header alone:
// the weights (sum of tensor sizes by ggml type), the KV cache for its context
// and slots (f16 K and V per layer), and a fixed headroom for the CUDA
// context and compute buffers. Pure, so the 3090 + 3060 decisions are testable.
import type { GgufHeader } from '@llama-orch/engine-provision';

const MIB = 1024 * 1024;

/** CUDA context, cuBLAS workspace and compute buffers: measured engines need a few hundred MiB. */
export const DEFAULT_VRAM_OVERHEAD_BYTES = 512 * MIB;

// ggml_type id → [bytes per block, elements per block] (ggml's block layouts).
const GGML_TYPE_SIZES: Record<number, readonly [number, number]> = {
  0: [4, 1], // F32
  1: [2, 1], // F16
  2: [18, 32], // Q4_0
  3: [20, 32], // Q4_1
  6: [22, 32], // Q5_0
  7: [24, 32], // Q5_1
  8: [34, 32], // Q8_0
  9: [36, 32], // Q8_1
  10: [84, 256], // Q2_K
  11: [110, 256], // Q3_K
  12: [144, 256], // Q4_K
  13: [176, 256], // Q5_K
  14: [210, 256], // Q6_K
  15: [292, 256], // Q8_K
  16: [66, 256], // IQ2_XXS
  17: [74, 256], // IQ2_XS
  18: [98, 256], // IQ3_XXS
  19: [50, 256], // IQ1_S
  20: [18, 32], // IQ4_NL
  21: [110, 256], // IQ3_S
  22: [82, 256], // IQ2_S
  23: [136, 256], // IQ4_XS
  24: [1, 1], // I8
  25: [2, 1], // I16
  26: [4, 1], // I32
  27: [8, 1], // I64
  28: [8, 1], // F64
  29: [56, 256], // IQ1_M
  30: [2, 1], // BF16
};

export interface ModelShape {
  architecture: string;
  layers: number;
  kvHeads: number;
  /** Per-head sizes of K and V. */
  keyLength: number;
  valueLength: number;
  /** Training context from the file, when it says. */
  contextLength: number | null;
  weightsBytes: number;
}

function numberAt(header: GgufHeader, key: string): number | undefined {
  const value = header.metadata.get(key);
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** Sum of tensor sizes; the file size when a tensor type is unknown (a safe over-estimate). */
export function weightsBytes(header: GgufHeader): number {
  let total = 0;
  for (const tensor of header.tensors) {
    const size = GGML_TYPE_SIZES[tensor.type];
    if (size === undefined) return header.fileBytes;
    const elements = tensor.dims.reduce((a, b) => a * b, 1);
    total += Math.ceil(elements / size[1]) * size[0];
  }
  return total;
}

export function modelShape(header: GgufHeader): ModelShape {
  const arch = header.metadata.get('general.architecture');
  const architecture = typeof arch === 'string' ? arch : 'llama';
  const at = (key: string) => numberAt(header, `${architecture}.${key}`);
  const heads = at('attention.head_count') ?? 1;
  const embedding = at('embedding_length') ?? 0;
  const headSize = heads > 0 ? Math.floor(embedding / heads) : 0;
  return {
    architecture,
    layers: at('block_count') ?? 0,
    kvHeads: at('attention.head_count_kv') ?? heads,
    keyLength: at('attention.key_length') ?? headSize,
    valueLength: at('attention.value_length') ?? headSize,
    contextLength: at('context_length') ?? null,
    weightsBytes: weightsBytes(header),
  };
}

export interface VramFootprint {
  weights_bytes: number;
  kv_cache_bytes: number;
  overhead_bytes: number;
  total_bytes: number;
}

export interface FootprintOptions {
  /** Context per slot (the pool's `ctx`). */
  ctx: number;
  slots: number;
  overheadBytes?: number;
}

/** KV-cache bytes one token of context takes: K and V per layer and KV head, f16 (llama.cpp's default cache type). */
export function kvBytesPerToken(shape: ModelShape): number {
  const f16 = 2;
  return shape.layers * shape.kvHeads * (shape.keyLength + shape.valueLength) * f16;
}

export function estimateFootprint(shape: ModelShape, options: FootprintOptions): VramFootprint {
  const kv = kvBytesPerToken(shape) * options.ctx * options.slots;
  const overhead = options.overheadBytes ?? DEFAULT_VRAM_OVERHEAD_BYTES;
  return {
    weights_bytes: shape.weightsBytes,
    kv_cache_bytes: kv,
    overhead_bytes: overhead,
    total_bytes: shape.weightsBytes + kv + overhead,
  };
}

export function formatBytes(bytes: number): string {
  const gib = bytes / (1024 * MIB);
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${(bytes / MIB).toFixed(0)} MiB`;
}

export function describeFootprint(f: VramFootprint, options: FootprintOptions): string {
  return (
    `${formatBytes(f.total_bytes)} (weights ${formatBytes(f.weights_bytes)} + KV cache ` +
    `${formatBytes(f.kv_cache_bytes)} for ctx ${options.ctx} × ${options.slots} slot(s) + overhead ${formatBytes(f.overhead_bytes)})`
  );
}
