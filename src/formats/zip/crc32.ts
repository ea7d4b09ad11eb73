/**
 * CRC-32 as ZIP uses it (APPNOTE.TXT 4.4.7: the ISO 3309 / ITU-T V.42
 * polynomial, reflected). node:zlib only gained crc32() in Node 22, and we
 * support Node 20, so this is table-driven, "slicing by 8" (eight tables, eight
 * bytes per step: about four times the byte-wise speed on entries of megabytes).
 */
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

/** CRC-32 of `bytes`, continuing from `previous` (0 for a fresh checksum). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const t = tables;
  let crc = (previous ^ 0xffffffff) >>> 0;
  const length = bytes.length;
  const whole = length - (length % SLICES);
  let index = 0;
  // Every index below is in range: i + 7 < whole <= length, and table indexes are masked to 8 bits.
  for (; index < whole; index += SLICES) {
    crc ^= (bytes[index] as number) | ((bytes[index + 1] as number) << 8) | ((bytes[index + 2] as number) << 16) | ((bytes[index + 3] as number) << 24);
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
