// A GGUF file of a few KB whose header describes a 70B-class model (80 layers,
// 8 KV heads of 128): its KV cache, not its weights, decides where it fits, so
// VRAM placement on the fake 3090 + 3060 is tested without big files.
import { writeFile } from 'node:fs/promises';
import { encodeGguf, tinyModelDocument } from '@llama-orch/engine-provision';
import type { GgufValue } from '@llama-orch/engine-provision';

export async function writeBigShapeModel(file: string): Promise<void> {
  const doc = tinyModelDocument({ kind: 'bigram', seed: 1 });
  const override: Record<string, GgufValue> = {
    'llama.block_count': { type: 'u32', value: 80 },
    'llama.embedding_length': { type: 'u32', value: 8192 },
    'llama.attention.head_count': { type: 'u32', value: 64 },
    'llama.attention.head_count_kv': { type: 'u32', value: 8 },
  };
  await writeFile(
    file,
    encodeGguf({ ...doc, metadata: doc.metadata.map(([k, v]) => [k, override[k] ?? v] as const) }),
  );
}
