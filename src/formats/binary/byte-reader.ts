/**
 * One bounds-checked little-endian cursor over a byte range that knows the
 * absolute offset of every byte it reads (offsets are evidence).
 *
 * Typed arrays return `undefined` past their end instead of throwing, so every
 * read goes through `require()` which throws `OutOfBoundsError`; parsers catch
 * it at record granularity and turn it into a diagnostic.
 */
export class OutOfBoundsError extends Error {
  constructor(
    readonly offset: number,
    readonly wanted: number,
    readonly available: number,
  ) {
    super(`read of ${wanted} bytes at offset ${offset} runs past the end (${available} bytes left)`);
    this.name = 'OutOfBoundsError';
  }
}

export class ByteReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  /** Absolute offset (in the outermost file) of `bytes[0]`. */
  readonly base: number;
  /** Cursor, relative to `bytes[0]`. */
  position = 0;
  /**
   * `bytes.byteLength`, read once: every bounds check compares with it, and the readers are
   * handed both Buffers and plain Uint8Arrays, so reading it from the array was a polymorphic load.
   */
  private readonly size: number;

  constructor(bytes: Uint8Array, base = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.base = base;
    this.size = bytes.byteLength;
  }

  get length(): number {
    return this.size;
  }

  /** Absolute offset of the cursor. */
  get absolute(): number {
    return this.base + this.position;
  }

  get remaining(): number {
    return Math.max(0, this.size - this.position);
  }

  /** True when `count` bytes can be read at `position` (relative). */
  has(count: number, position = this.position): boolean {
    return count >= 0 && position >= 0 && position + count <= this.size;
  }

  private require(count: number, position: number): void {
    if (!this.has(count, position)) {
      throw new OutOfBoundsError(this.base + position, count, Math.max(0, this.size - position));
    }
  }

  seek(position: number): this {
    this.require(0, position);
    this.position = position;
    return this;
  }

  skip(count: number): this {
    this.require(count, this.position);
    this.position += count;
    return this;
  }

  /** A sub-reader over `[position, position+length)` keeping absolute offsets. */
  slice(position: number, length: number): ByteReader {
    this.require(length, position);
    return new ByteReader(this.bytes.subarray(position, position + length), this.base + position);
  }

  /** Sub-reader clamped to what exists (for tolerant parsing of declared sizes). */
  sliceClamped(position: number, length: number): ByteReader {
    const start = Math.min(Math.max(0, position), this.size);
    const end = Math.min(this.size, start + Math.max(0, length));
    return new ByteReader(this.bytes.subarray(start, end), this.base + start);
  }

  u8(): number {
    const value = this.u8At(this.position);
    this.position += 1;
    return value;
  }
  u16(): number {
    const value = this.u16At(this.position);
    this.position += 2;
    return value;
  }
  u32(): number {
    const value = this.u32At(this.position);
    this.position += 4;
    return value;
  }
  i32(): number {
    const value = this.i32At(this.position);
    this.position += 4;
    return value;
  }
  /** 64-bit unsigned; returned as a number, saturating at Number.MAX_SAFE_INTEGER. */
  u64(): number {
    const value = this.u64At(this.position);
    this.position += 8;
    return value;
  }
  take(count: number): Uint8Array {
    const value = this.bytesAt(this.position, count);
    this.position += count;
    return value;
  }

  u8At(position: number): number {
    this.require(1, position);
    return this.view.getUint8(position);
  }
  u16At(position: number): number {
    this.require(2, position);
    return this.view.getUint16(position, true);
  }
  u32At(position: number): number {
    this.require(4, position);
    return this.view.getUint32(position, true);
  }
  i32At(position: number): number {
    this.require(4, position);
    return this.view.getInt32(position, true);
  }
  u64At(position: number): number {
    this.require(8, position);
    const low = this.view.getUint32(position, true);
    const high = this.view.getUint32(position + 4, true);
    const value = high * 0x1_0000_0000 + low;
    return value > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : value;
  }
  /** A view (not a copy) of `count` bytes at `position`. */
  bytesAt(position: number, count: number): Uint8Array {
    this.require(count, position);
    return this.bytes.subarray(position, position + count);
  }

  /** Unsigned LEB128 (DEX). At most 5 bytes, as the DEX format defines. */
  uleb128(): number {
    let result = 0;
    for (let index = 0; index < 5; index++) {
      const byte = this.u8();
      result |= (byte & 0x7f) << (7 * index);
      if ((byte & 0x80) === 0) return result >>> 0;
    }
    return result >>> 0;
  }
  /** Signed LEB128 (DEX). */
  sleb128(): number {
    let result = 0;
    let shift = 0;
    let byte = 0;
    for (let index = 0; index < 5; index++) {
      byte = this.u8();
      result |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    if (shift < 32 && (byte & 0x40) !== 0) result |= -1 << shift;
    return result | 0;
  }
}

/** Clamps a count read from a file by what the remaining bytes can hold. */
export function clampCount(declared: number, bytesRemaining: number, bytesPerItem: number): number {
  if (!Number.isFinite(declared) || declared <= 0) return 0;
  const possible = Math.floor(Math.max(0, bytesRemaining) / Math.max(1, bytesPerItem));
  return Math.min(declared, possible);
}
