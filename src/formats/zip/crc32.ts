/**
 * CRC-32 as ZIP uses it (APPNOTE.TXT 4.4.7: the ISO 3309 / ITU-T V.42
 * polynomial, reflected). node:zlib only gained crc32() in Node 22, and we
 * support Node 20, so this is the classic table-driven form.
 */
const REFLECTED_POLYNOMIAL = 0xedb88320;
const TABLE_SIZE = 256;

const table = buildTable();

function buildTable(): Uint32Array {
  const result = new Uint32Array(TABLE_SIZE);
  for (let index = 0; index < TABLE_SIZE; index++) {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? (value >>> 1) ^ REFLECTED_POLYNOMIAL : value >>> 1;
    result[index] = value >>> 0;
  }
  return result;
}

/** CRC-32 of `bytes`, continuing from `previous` (0 for a fresh checksum). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  const length = bytes.length;
  for (let index = 0; index < length; index++) {
    // Both lookups are in range: the index is masked to 8 bits and i < length.
    crc = (table[(crc ^ (bytes[index] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
