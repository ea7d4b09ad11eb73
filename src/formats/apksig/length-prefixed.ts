/**
 * The v2/v3 signature block is built from uint32-length-prefixed byte strings and
 * sequences of them (v2 spec, "APK Signature Scheme v2 Block": "all length prefixes
 * are little-endian uint32"). These helpers read them through ByteReader so every
 * length is checked against what is really there.
 */
import { ByteReader } from '../binary/byte-reader.js';

export class LengthPrefixError extends Error {
  constructor(
    readonly offset: number,
    readonly declared: number,
    readonly available: number,
  ) {
    super(`length prefix at offset ${offset} declares ${declared} bytes but only ${available} remain`);
    this.name = 'LengthPrefixError';
  }
}

/** Reads a uint32 length and returns a sub-reader over that many bytes, advancing past them. */
export function readLengthPrefixed(reader: ByteReader): ByteReader {
  const prefixOffset = reader.absolute;
  const declared = reader.u32();
  if (declared > reader.remaining) throw new LengthPrefixError(prefixOffset, declared, reader.remaining);
  const slice = reader.slice(reader.position, declared);
  reader.skip(declared);
  return slice;
}

/**
 * Splits a reader into the length-prefixed items it holds, up to `maxItems`.
 * The loop is driven by the bytes that remain (each item consumes at least its 4-byte
 * prefix), so a hostile count cannot make it spin.
 */
export function readLengthPrefixedItems(reader: ByteReader, maxItems: number): ByteReader[] {
  const items: ByteReader[] = [];
  while (reader.remaining > 0 && items.length < maxItems) {
    items.push(readLengthPrefixed(reader));
  }
  return items;
}
