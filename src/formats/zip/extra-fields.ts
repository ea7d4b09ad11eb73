/**
 * Extra fields (APPNOTE.TXT 4.5): a sequence of (id, size, data) records after
 * the name in both local and central headers.
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { EXTRA_FIELD_HEADER_LENGTH, ZIP64_SENTINEL_32 } from './constants.js';

export interface ExtraField {
  readonly id: number;
  /** Absolute offset of the field's header. */
  readonly offset: number;
  readonly data: ByteReader;
}

export interface ExtraFieldList {
  readonly fields: ExtraField[];
  /** Bytes at the end that do not form a whole field (zipalign's zero padding, or a trick). */
  readonly trailingBytes: number;
}

/** Splits an extra block; the loop is bounded because each step consumes at least 4 bytes. */
export function splitExtraFields(extra: ByteReader): ExtraFieldList {
  const fields: ExtraField[] = [];
  let position = 0;
  while (extra.has(EXTRA_FIELD_HEADER_LENGTH, position)) {
    const id = extra.u16At(position);
    const size = extra.u16At(position + 2);
    if (!extra.has(size, position + EXTRA_FIELD_HEADER_LENGTH)) break;
    fields.push({ id, offset: extra.base + position, data: extra.slice(position + EXTRA_FIELD_HEADER_LENGTH, size) });
    position += EXTRA_FIELD_HEADER_LENGTH + size;
  }
  return { fields, trailingBytes: extra.length - position };
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
  const reader = field.data;
  reader.position = 0;
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
