// POOL-004: the VRAM preflight needs a model's shape (layers, KV heads, head
// size, tensor sizes) before anything is loaded. This reads only the GGUF
// header (metadata and tensor infos), streaming it so a 150k-token vocabulary
// costs a few megabytes of reads, never the weights.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

export type GgufScalar = number | bigint | boolean | string;

export interface GgufTensorInfo {
  name: string;
  dims: number[];
  /** ggml_type id. */
  type: number;
}

export interface GgufHeader {
  version: number;
  /** Scalars keep their value; arrays are summarised by their length. */
  metadata: Map<string, GgufScalar | { array_length: number }>;
  tensors: GgufTensorInfo[];
  fileBytes: number;
}

const CHUNK = 1024 * 1024;

// gguf_type id → byte width and decoder (8 = string and 9 = array are handled apart).
const FIXED_SIZE_TYPES: Record<number, [number, (b: Buffer) => GgufScalar]> = {
  0: [1, (b) => b.readUInt8(0)],
  1: [1, (b) => b.readInt8(0)],
  2: [2, (b) => b.readUInt16LE(0)],
  3: [2, (b) => b.readInt16LE(0)],
  4: [4, (b) => b.readUInt32LE(0)],
  5: [4, (b) => b.readInt32LE(0)],
  6: [4, (b) => b.readFloatLE(0)],
  7: [1, (b) => b.readUInt8(0) !== 0],
  10: [8, (b) => b.readBigUInt64LE(0)],
  11: [8, (b) => b.readBigInt64LE(0)],
  12: [8, (b) => b.readDoubleLE(0)],
};

class HeaderCursor {
  private buffer = Buffer.alloc(0);
  private at = 0;
  private filePosition = 0;
  constructor(private readonly file: FileHandle) {}

  private async need(bytes: number): Promise<void> {
    if (this.buffer.length - this.at >= bytes) return;
    const rest = this.buffer.subarray(this.at);
    const chunk = Buffer.alloc(Math.max(CHUNK, bytes));
    const { bytesRead } = await this.file.read(chunk, 0, chunk.length, this.filePosition);
    this.filePosition += bytesRead;
    this.buffer = Buffer.concat([rest, chunk.subarray(0, bytesRead)]);
    this.at = 0;
    if (this.buffer.length < bytes)
      throw new Error('the file ends inside the GGUF header (truncated download?)');
  }
  async u32(): Promise<number> {
    await this.need(4);
    const v = this.buffer.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  async u64(): Promise<bigint> {
    await this.need(8);
    const v = this.buffer.readBigUInt64LE(this.at);
    this.at += 8;
    return v;
  }
  async count(): Promise<number> {
    const v = await this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`implausible count ${v} in GGUF header`);
    return Number(v);
  }
  async bytes(n: number): Promise<Buffer> {
    await this.need(n);
    const v = this.buffer.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  async string(): Promise<string> {
    return (await this.bytes(await this.count())).toString('utf8');
  }
  async scalar(type: number): Promise<GgufScalar> {
    if (type === 8) return this.string();
    const entry = FIXED_SIZE_TYPES[type];
    if (entry === undefined) throw new Error(`unknown GGUF value type ${type}`);
    return entry[1](await this.bytes(entry[0]));
  }
}

/** Reads the header of a GGUF v2/v3 file; throws with a plain reason when it is not one. */
export async function readGgufHeader(path: string): Promise<GgufHeader> {
  const file = await open(path, 'r');
  try {
    const fileBytes = (await file.stat()).size;
    const cursor = new HeaderCursor(file);
    const magic = (await cursor.bytes(4)).toString('latin1');
    if (magic !== 'GGUF') throw new Error(`not a GGUF file (starts with ${JSON.stringify(magic)})`);
    const version = await cursor.u32();
    if (version < 2 || version > 3)
      throw new Error(`GGUF version ${version} is not supported (2 or 3 expected)`);
    const tensorCount = await cursor.count();
    const kvCount = await cursor.count();
    const metadata = new Map<string, GgufScalar | { array_length: number }>();
    for (let i = 0; i < kvCount; i++) {
      const key = await cursor.string();
      const type = await cursor.u32();
      if (type !== 9) {
        metadata.set(key, await cursor.scalar(type));
        continue;
      }
      const itemType = await cursor.u32();
      const length = await cursor.count();
      for (let j = 0; j < length; j++) await cursor.scalar(itemType);
      metadata.set(key, { array_length: length });
    }
    const tensors: GgufTensorInfo[] = [];
    for (let i = 0; i < tensorCount; i++) {
      const name = await cursor.string();
      const nDims = await cursor.u32();
      const dims: number[] = [];
      for (let d = 0; d < nDims; d++) dims.push(await cursor.count());
      const type = await cursor.u32();
      await cursor.u64(); // data offset: not needed for sizing
      tensors.push({ name, dims, type });
    }
    return { version, metadata, tensors, fileBytes };
  } finally {
    await file.close();
  }
}
