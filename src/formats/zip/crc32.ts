/**
 * CRC-32 as ZIP uses it (APPNOTE.TXT 4.4.7: the ISO 3309 / ITU-T V.42
 * polynomial, reflected). node:zlib has a native crc32() from Node 20.15 and 22.2
 * (zlib's own, vectorised): 3.1-3.5 GB/s against 0.6-0.7 GB/s for the table-driven
 * code below on 4 KB-16 MB of random data (Node 20.20, this machine). package.json
 * allows any Node 20, so the portable "slicing by 8" version (eight tables, eight bytes
 * per step: about four times the byte-wise speed) stays as the fallback.
 */
import * as zlib from 'node:zlib';

const REFLECTED_POLYNOMIAL = 0xedb88320;
const TABLE_SIZE = 256;
const SLICES = 8;

/** Table k maps a byte to its CRC contribution k bytes further on; flat for speed. */
const tables = buildTables();

function buildTables(): Uint32Array {
  const result = new Uint32Array(TABLE_SIZE * SLICES);
  for (let index = 0; index < TABLE_SIZE; index++) {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? (value >>> 1) ^ REFLECTED_POLYNOMIAL : value >>> 1;
    result[index] = value >>> 0;
  }
  for (let slice = 1; slice < SLICES; slice++) {
    for (let index = 0; index < TABLE_SIZE; index++) {
      const previous = result[(slice - 1) * TABLE_SIZE + index] as number;
      result[slice * TABLE_SIZE + index] = ((previous >>> 8) ^ (result[previous & 0xff] as number)) >>> 0;
    }
  }
  return result;
}

type Crc32 = (bytes: Uint8Array, previous?: number) => number;

/** zlib.crc32 where this Node has it (a namespace import, so older 20.x simply see undefined). */
const nativeCrc32 = (zlib as { crc32?: Crc32 }).crc32;

/** CRC-32 of `bytes`, continuing from `previous` (0 for a fresh checksum): native when available. */
export const crc32: Crc32 =
  nativeCrc32 === undefined ? portableCrc32 : (bytes, previous = 0) => nativeCrc32(bytes, previous);

/** Whether `crc32` is zlib's (for tests that compare both). */
export const hasNativeCrc32 = nativeCrc32 !== undefined;

/** The portable CRC-32, continuing from `previous` (0 for a fresh checksum); exported for tests. */
export function portableCrc32(bytes: Uint8Array, previous = 0): number {
  const t = tables;
  let crc = (previous ^ 0xffffffff) >>> 0;
  const length = bytes.length;
  const whole = length - (length % SLICES);
  let index = 0;
  // Every index below is in range: i + 7 < whole <= length, and table indexes are masked to 8 bits.
  for (; index < whole; index += SLICES) {
    crc ^=
      (bytes[index] as number) |
      ((bytes[index + 1] as number) << 8) |
      ((bytes[index + 2] as number) << 16) |
      ((bytes[index + 3] as number) << 24);
    crc =
      (t[7 * TABLE_SIZE + (crc & 0xff)] as number) ^
      (t[6 * TABLE_SIZE + ((crc >>> 8) & 0xff)] as number) ^
      (t[5 * TABLE_SIZE + ((crc >>> 16) & 0xff)] as number) ^
      (t[4 * TABLE_SIZE + (crc >>> 24)] as number) ^
      (t[3 * TABLE_SIZE + (bytes[index + 4] as number)] as number) ^
      (t[2 * TABLE_SIZE + (bytes[index + 5] as number)] as number) ^
      (t[TABLE_SIZE + (bytes[index + 6] as number)] as number) ^
      (t[bytes[index + 7] as number] as number);
  }
  for (; index < length; index++) crc = (t[(crc ^ (bytes[index] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
