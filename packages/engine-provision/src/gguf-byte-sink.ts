// DET-010: little-endian byte sink for the GGUF writer. GGUF is defined as
// little-endian, so every value goes through DataView with an explicit flag
// rather than typed-array views whose byte order follows the host.

const encoder = new TextEncoder();

export function alignPadding(offset: number, alignment: number): number {
  return (alignment - (offset % alignment)) % alignment;
}

/** Growable little-endian byte sink. */
export class ByteSink {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  length = 0;

  /** Grows first, then hands the (possibly new) view to the writer, so no stale buffer is written. */
  private put(n: number, write: (view: DataView, at: number) => void): void {
    if (this.length + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.length + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.length;
    this.length += n;
    write(this.view, at);
  }

  u8(v: number): void {
    this.put(1, (d, at) => d.setUint8(at, v));
  }
  i8(v: number): void {
    this.put(1, (d, at) => d.setInt8(at, v));
  }
  u16(v: number): void {
    this.put(2, (d, at) => d.setUint16(at, v, true));
  }
  i16(v: number): void {
    this.put(2, (d, at) => d.setInt16(at, v, true));
  }
  u32(v: number): void {
    this.put(4, (d, at) => d.setUint32(at, v, true));
  }
  i32(v: number): void {
    this.put(4, (d, at) => d.setInt32(at, v, true));
  }
  f32(v: number): void {
    this.put(4, (d, at) => d.setFloat32(at, v, true));
  }
  f64(v: number): void {
    this.put(8, (d, at) => d.setFloat64(at, v, true));
  }
  u64(v: bigint | number): void {
    this.put(8, (d, at) => d.setBigUint64(at, BigInt(v), true));
  }
  i64(v: bigint | number): void {
    this.put(8, (d, at) => d.setBigInt64(at, BigInt(v), true));
  }
  f32Array(values: Float32Array): void {
    this.put(values.length * 4, (d, at) => values.forEach((v, i) => d.setFloat32(at + i * 4, v, true)));
  }
  bytes(b: Uint8Array): void {
    this.put(b.length, () => this.buf.set(b, this.length - b.length));
  }
  string(s: string): void {
    const b = encoder.encode(s);
    this.u64(b.length);
    this.bytes(b);
  }
  /** Zero padding up to the next multiple of `alignment`; grown bytes are already zero. */
  padTo(alignment: number): void {
    this.put(alignPadding(this.length, alignment), () => undefined);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
