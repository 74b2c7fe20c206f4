// DET-010: CI and the determinism suite need a real model file that no
// registry ships, so we write GGUF v3 ourselves. Pure: metadata and tensors in,
// bytes out. The rules llama.cpp enforces (typed keys, 32-byte alignment,
// contiguous tensor offsets in info order) are encoded here once.

import { ByteSink, alignPadding } from './gguf-byte-sink.js';

export { alignPadding };

export type GgufScalarType =
  'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64' | 'f32' | 'f64' | 'bool' | 'string';

export type GgufValue =
  | { type: 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64'; value: number }
  | { type: 'u64' | 'i64'; value: bigint | number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; itemType: 'string'; values: readonly string[] }
  | { type: 'array'; itemType: 'bool'; values: readonly boolean[] }
  | {
      type: 'array';
      itemType: Exclude<GgufScalarType, 'string' | 'bool'>;
      values: readonly (number | bigint)[];
    };

export interface GgufTensor {
  name: string;
  /** Dimensions with ne0 (the contiguous one) first, as GGUF stores them. */
  dims: readonly number[];
  data: Float32Array;
}

export interface GgufDocument {
  metadata: ReadonlyArray<readonly [key: string, value: GgufValue]>;
  tensors: readonly GgufTensor[];
}

export const GGUF_MAGIC = 'GGUF';
export const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;
/** ggml_type id of F32, the only tensor type this writer emits. */
export const GGML_TYPE_F32 = 0;

// GGUF's on-disk value type ids (gguf_type); internal to the file format.
const TYPE_ID: Record<GgufScalarType | 'array', number> = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
  u64: 10,
  i64: 11,
  f64: 12,
};

function writeScalar(sink: ByteSink, type: GgufScalarType, value: number | bigint | boolean | string): void {
  switch (type) {
    case 'string':
      return sink.string(value as string);
    case 'bool':
      return sink.u8(value ? 1 : 0);
    case 'u64':
      return sink.u64(value as bigint | number);
    case 'i64':
      return sink.i64(value as bigint | number);
    default:
      return sink[type](Number(value));
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  if (value.type === 'array') {
    sink.u32(TYPE_ID[value.itemType]);
    sink.u64(value.values.length);
    for (const item of value.values) writeScalar(sink, value.itemType, item);
    return;
  }
  writeScalar(sink, value.type, value.value);
}

/** The alignment the file declares (general.alignment), else the GGUF default of 32. */
export function documentAlignment(doc: GgufDocument): number {
  const entry = doc.metadata.find(([key]) => key === 'general.alignment');
  const declared = entry && entry[1].type === 'u32' ? entry[1].value : GGUF_DEFAULT_ALIGNMENT;
  if (!Number.isInteger(declared) || declared <= 0 || declared % 8 !== 0) {
    throw new RangeError(`general.alignment must be a positive multiple of 8, got ${declared}`);
  }
  return declared;
}

/** Offsets of each tensor's data relative to the data section: contiguous, each aligned. */
export function tensorOffsets(tensors: readonly GgufTensor[], alignment: number): number[] {
  let next = 0;
  return tensors.map((t) => {
    const at = next;
    next += t.data.byteLength + alignPadding(t.data.byteLength, alignment);
    return at;
  });
}

function validate(doc: GgufDocument): void {
  const keys = new Set<string>();
  for (const [key] of doc.metadata) {
    if (keys.has(key)) throw new Error(`duplicate GGUF metadata key ${key}`);
    keys.add(key);
  }
  const names = new Set<string>();
  for (const t of doc.tensors) {
    if (names.has(t.name)) throw new Error(`duplicate GGUF tensor name ${t.name}`);
    names.add(t.name);
    const elements = t.dims.reduce((a, b) => a * b, 1);
    if (t.dims.length === 0 || t.dims.length > 4 || elements !== t.data.length) {
      throw new Error(`tensor ${t.name}: dims [${t.dims.join(', ')}] do not match ${t.data.length} elements`);
    }
  }
}

/** Serialises a whole GGUF v3 file. */
export function encodeGguf(doc: GgufDocument): Uint8Array {
  validate(doc);
  const alignment = documentAlignment(doc);
  const sink = new ByteSink();
  sink.bytes(new TextEncoder().encode(GGUF_MAGIC));
  sink.u32(GGUF_VERSION);
  sink.u64(doc.tensors.length);
  sink.u64(doc.metadata.length);
  for (const [key, value] of doc.metadata) {
    sink.string(key);
    sink.u32(TYPE_ID[value.type]);
    writeValue(sink, value);
  }
  const offsets = tensorOffsets(doc.tensors, alignment);
  doc.tensors.forEach((t, i) => {
    sink.string(t.name);
    sink.u32(t.dims.length);
    for (const d of t.dims) sink.u64(d);
    sink.u32(GGML_TYPE_F32);
    sink.u64(offsets[i] ?? 0);
  });
  sink.padTo(alignment);
  for (const t of doc.tensors) {
    sink.f32Array(t.data);
    sink.padTo(alignment);
  }
  return sink.result();
}
