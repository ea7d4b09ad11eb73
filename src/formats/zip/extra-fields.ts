/**
 * Extra fields (APPNOTE.TXT 4.5): a sequence of (id, size, data) records after
 * the name in both local and central headers.
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { EXTRA_FIELD_HEADER_LENGTH, EXTRA_FIELD_SIZE_OFFSET, ZIP64_SENTINEL_32 } from './constants.js';

export interface ExtraField {
  readonly id: number;
  /** Absolute offset of the field's header. */
  readonly offset: number;
  /** The block the field lives in, and the field data's position and size inside it. */
  readonly block: ByteReader;
  readonly dataPosition: number;
  readonly size: number;
}

export interface ExtraFieldList {
  readonly fields: ExtraField[];
  /** Bytes at the end that do not form a whole field (zipalign's zero padding, or a trick). */
  readonly trailingBytes: number;
}

/**
 * Splits the extra block of `length` bytes at `start` in `block` (no copy, no
 * sub-reader). The loop is bounded: each step consumes at least 4 bytes.
 * Throws OutOfBoundsError when the block itself runs past the reader.
 */
export function splitExtraFields(block: ByteReader, start: number, length: number): ExtraFieldList {
  if (!block.has(length, start))
    throw new OutOfBoundsError(block.base + start, length, Math.max(0, block.length - start));
  const fields: ExtraField[] = [];
  const end = start + length;
  let position = start;
  while (position + EXTRA_FIELD_HEADER_LENGTH <= end) {
    const id = block.u16At(position);
    const size = block.u16At(position + EXTRA_FIELD_SIZE_OFFSET);
    if (position + EXTRA_FIELD_HEADER_LENGTH + size > end) break;
    fields.push({ id, offset: block.base + position, block, dataPosition: position + EXTRA_FIELD_HEADER_LENGTH, size });
    position += EXTRA_FIELD_HEADER_LENGTH + size;
  }
  return { fields, trailingBytes: end - position };
}

export interface Zip64Values {
  uncompressedSize: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/**
 * 4.5.3: the Zip64 field holds, in this order, only the values whose 32-bit
 * field is 0xFFFFFFFF. Returns the merged values and whether the field was short.
 */
export function applyZip64(field: ExtraField, values: Zip64Values): { values: Zip64Values; short: boolean } {
  const result = { ...values };
  const reader = field.block.slice(field.dataPosition, field.size);
  try {
    if (values.uncompressedSize === ZIP64_SENTINEL_32) result.uncompressedSize = reader.u64();
    if (values.compressedSize === ZIP64_SENTINEL_32) result.compressedSize = reader.u64();
    if (values.localHeaderOffset === ZIP64_SENTINEL_32) result.localHeaderOffset = reader.u64();
    return { values: result, short: false };
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    return { values: result, short: true };
  }
}
