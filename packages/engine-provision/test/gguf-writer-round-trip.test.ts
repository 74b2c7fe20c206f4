// DET-010: our GGUF writer is checked by an independent parser
// (@huggingface/gguf), not by our own reader, so a shared misunderstanding of
// the format cannot pass unnoticed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gguf } from '@huggingface/gguf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GGUF_VERSION, alignPadding, encodeGguf, tensorOffsets } from '../src/index.js';
import type { GgufDocument } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llorch-gguf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function parse(doc: GgufDocument, name: string) {
  const file = path.join(dir, name);
  const bytes = encodeGguf(doc);
  await writeFile(file, bytes);
  return { bytes, parsed: await gguf(file, { allowLocalFile: true, computeParametersCount: true }) };
}

// Odd sizes (3, 5, 7 floats) force padding between tensors.
const doc: GgufDocument = {
  metadata: [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['t.u8', { type: 'u8', value: 250 }],
    ['t.i8', { type: 'i8', value: -7 }],
    ['t.u16', { type: 'u16', value: 65_000 }],
    ['t.i16', { type: 'i16', value: -30_000 }],
    ['t.u32', { type: 'u32', value: 4_000_000_000 }],
    ['t.i32', { type: 'i32', value: -2_000_000_000 }],
    ['t.u64', { type: 'u64', value: 2n ** 40n }],
    ['t.i64', { type: 'i64', value: -(2n ** 40n) }],
    ['t.f32', { type: 'f32', value: 0.5 }],
    ['t.f64', { type: 'f64', value: 1e-300 }],
    ['t.bool', { type: 'bool', value: true }],
    ['t.str', { type: 'string', value: 'héllo ▁ 🙂' }],
    ['t.strs', { type: 'array', itemType: 'string', values: ['<s>', '▁the', ''] }],
    ['t.i32s', { type: 'array', itemType: 'i32', values: [1, -2, 3] }],
    ['t.f32s', { type: 'array', itemType: 'f32', values: [0.25, -1.5] }],
  ],
  tensors: [
    { name: 'a.weight', dims: [3], data: Float32Array.from([1, 2, 3]) },
    { name: 'b.weight', dims: [5, 1], data: Float32Array.from([4, 5, 6, 7, 8]) },
    { name: 'c.weight', dims: [7], data: new Float32Array(7).fill(-1) },
  ],
};

describe('GGUF writer', () => {
  it('writes a v3 file whose typed metadata an independent parser reads back [DET-010]', async () => {
    const { parsed } = await parse(doc, 'typed.gguf');
    const m = parsed.metadata as Record<string, unknown>;
    expect(m['version']).toBe(GGUF_VERSION);
    expect(m['tensor_count']).toBe(3n);
    expect(m['kv_count']).toBe(BigInt(doc.metadata.length));
    expect(m).toMatchObject({
      'general.architecture': 'llama',
      't.u8': 250,
      't.i8': -7,
      't.u16': 65_000,
      't.i16': -30_000,
      't.u32': 4_000_000_000,
      't.i32': -2_000_000_000,
      't.u64': 2n ** 40n,
      't.i64': -(2n ** 40n),
      't.f32': 0.5,
      't.f64': 1e-300,
      't.bool': true,
      't.str': 'héllo ▁ 🙂',
      't.strs': ['<s>', '▁the', ''],
      't.i32s': [1, -2, 3],
      't.f32s': [0.25, -1.5],
    });
    expect(parsed.parameterCount).toBe(15);
  });

  it('stores dims ne0 first, F32 type 0, and contiguous 32-byte aligned offsets in info order [DET-010]', async () => {
    const { parsed, bytes } = await parse(doc, 'layout.gguf');
    const infos = parsed.tensorInfos.map((t) => ({
      name: t.name,
      shape: t.shape,
      dtype: t.dtype,
      offset: t.offset,
    }));
    expect(infos).toEqual([
      { name: 'a.weight', shape: [3n], dtype: 0, offset: 0n },
      { name: 'b.weight', shape: [5n, 1n], dtype: 0, offset: 32n },
      { name: 'c.weight', shape: [7n], dtype: 0, offset: 64n },
    ]);
    expect(tensorOffsets(doc.tensors, 32)).toEqual([0, 32, 64]);
    const dataStart = parsed.tensorDataOffset;
    expect(Number(dataStart) % 32).toBe(0);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getFloat32(Number(dataStart) + 32 + 4 * 4, true)).toBe(8);
    expect(bytes.length % 32).toBe(0);
    // The padding between tensors is zeros, so identical inputs give identical bytes.
    expect(view.getUint32(Number(dataStart) + 12, true)).toBe(0);
  });

  it('honours a declared general.alignment [DET-010]', async () => {
    const aligned: GgufDocument = {
      ...doc,
      metadata: [...doc.metadata, ['general.alignment', { type: 'u32', value: 64 }]],
    };
    const { parsed, bytes } = await parse(aligned, 'aligned64.gguf');
    expect(parsed.tensorInfos.map((t) => t.offset)).toEqual([0n, 64n, 128n]);
    expect(Number(parsed.tensorDataOffset) % 64).toBe(0);
    expect(bytes.length % 64).toBe(0);
  });

  it('computes padding to the next multiple of the alignment [DET-010]', () => {
    expect([0, 1, 31, 32, 33].map((n) => alignPadding(n, 32))).toEqual([0, 31, 1, 0, 31]);
  });

  it('rejects tensors whose dims do not match their data and duplicate names [DET-010]', () => {
    expect(() =>
      encodeGguf({ metadata: [], tensors: [{ name: 'x', dims: [4], data: new Float32Array(3) }] }),
    ).toThrow(/do not match/);
    const t = { name: 'x', dims: [1], data: new Float32Array(1) };
    expect(() => encodeGguf({ metadata: [], tensors: [t, t] })).toThrow(/duplicate GGUF tensor/);
  });
});
