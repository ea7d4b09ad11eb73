/**
 * Modified UTF-8 as DEX uses it (DEX spec "MUTF-8 (Modified UTF-8) Encoding"):
 * U+0000 is written C0 80, supplementary characters are written as two
 * three-byte surrogates, and a plain NUL byte ends the string. Decoding here
 * follows ART's ConvertModifiedUtf8ToUtf16 (art/libartbase/base/utf.cc): it is
 * what the runtime sees, so a string is never rejected, only flagged.
 */

const NUL = 0x00;
const ASCII_LIMIT = 0x80;
const REPLACEMENT_CHARACTER = 0xfffd;
const CONTINUATION_MASK = 0xc0;
const CONTINUATION_TAG = 0x80;
/** Smallest code points that need two / three bytes; smaller values are overlong (ART verifier). */
const MIN_TWO_BYTE_VALUE = 0x80;
const MIN_THREE_BYTE_VALUE = 0x800;
const HIGH_SURROGATE_BASE = 0xd800;
const LOW_SURROGATE_BASE = 0xdc00;
const SUPPLEMENTARY_BASE = 0x10000;

export interface Mutf8Result {
  readonly value: string;
  /** Number of UTF-16 code units decoded (compare with string_data_item utf16_size). */
  readonly utf16Length: number;
  /** Relative position just after the terminating NUL (or the end of input). */
  readonly end: number;
  /** First problem met, with its relative position; undefined for a clean string. */
  readonly problem?: { readonly position: number; readonly detail: string };
  readonly terminated: boolean;
}

/** Code units of a fresh decode buffer; it grows with the longest non-ASCII string met. */
const INITIAL_SCRATCH_UNITS = 256;
/** A buffer grown past this by one huge string is dropped after use instead of being kept for its owner's life. */
const RETAINED_SCRATCH_UNITS = 1 << 16;

/**
 * The reusable decode buffer of one owner (a dex's string table, src/formats/dex/strings.ts):
 * non-ASCII strings are decoded into it, not into a new buffer each.
 */
export class Mutf8Scratch {
  units: Uint16Array = new Uint16Array(INITIAL_SCRATCH_UNITS);

  /** A buffer with room for `units` code units, keeping the first `used`. */
  grow(units: number, used: number): Uint16Array {
    const grown = new Uint16Array(Math.max(units, this.units.length * 2));
    grown.set(this.units.subarray(0, used));
    this.units = grown;
    return grown;
  }
}

function isContinuation(byte: number | undefined): byte is number {
  return byte !== undefined && (byte & CONTINUATION_MASK) === CONTINUATION_TAG;
}

/**
 * Decodes the MUTF-8 bytes starting at `start` up to the first NUL or `limit`
 * (exclusive, relative). Never reads past `limit`. `view`, when given, is a
 * Buffer over exactly `bytes`; `scratch`, the caller's reusable buffer.
 */
export function decodeMutf8(
  bytes: Uint8Array,
  start: number,
  limit: number,
  view?: Buffer,
  scratch?: Mutf8Scratch,
): Mutf8Result {
  const end = Math.min(limit, bytes.length);
  // Fast path: pure ASCII, the vast majority of dex strings.
  let position = start;
  while (position < end) {
    const byte = bytes[position] as number;
    if (byte === NUL || byte >= ASCII_LIMIT) break;
    position++;
  }
  if (position >= end || bytes[position] === NUL) {
    const terminated = position < end;
    // `view` (a Buffer over the same bytes, made once per dex) spares a Buffer object per string.
    const value =
      view !== undefined
        ? view.toString('latin1', start, position)
        : Buffer.from(bytes.buffer, bytes.byteOffset + start, position - start).toString('latin1');
    return {
      value,
      utf16Length: position - start,
      end: terminated ? position + 1 : position,
      terminated,
      ...(terminated
        ? {}
        : { problem: { position, detail: 'string data runs to the end of the input without a NUL' } }),
    };
  }
  return decodeSlow(bytes, start, end, scratch ?? new Mutf8Scratch());
}

function decodeSlow(bytes: Uint8Array, start: number, end: number, scratch: Mutf8Scratch): Mutf8Result {
  // The buffer grows with the string, not with `end`: `end` is often the end of the dex, and
  // sizing by it kept a buffer as large as the dex alive (21 MB on Appium's server).
  let buffer = scratch.units;
  let units = 0;
  let problem: { position: number; detail: string } | undefined;
  const flag = (position: number, detail: string): void => {
    if (problem === undefined) problem = { position, detail };
  };
  let position = start;
  let terminated = false;
  while (position < end) {
    // Each step writes at most two code units (a four-byte form becomes a surrogate pair).
    if (units + 2 > buffer.length) buffer = scratch.grow(units + 2, units);
    const byte0 = bytes[position] as number;
    if (byte0 === NUL) {
      terminated = true;
      position++;
      break;
    }
    if (byte0 < ASCII_LIMIT) {
      buffer[units++] = byte0;
      position++;
      continue;
    }
    const byte1 = position + 1 < end ? bytes[position + 1] : undefined;
    const byte2 = position + 2 < end ? bytes[position + 2] : undefined;
    const byte3 = position + 3 < end ? bytes[position + 3] : undefined;
    const high = byte0 >> 4;
    if (high >= 0xc && high <= 0xd && isContinuation(byte1)) {
      const value = ((byte0 & 0x1f) << 6) | (byte1 & 0x3f);
      if (value !== 0 && value < MIN_TWO_BYTE_VALUE) flag(position, `overlong two-byte sequence for U+${hex(value)}`);
      buffer[units++] = value;
      position += 2;
    } else if (high === 0xe && isContinuation(byte1) && isContinuation(byte2)) {
      const value = ((byte0 & 0x0f) << 12) | ((byte1 & 0x3f) << 6) | (byte2 & 0x3f);
      if (value < MIN_THREE_BYTE_VALUE) flag(position, `overlong three-byte sequence for U+${hex(value)}`);
      buffer[units++] = value;
      position += 3;
    } else if (
      high === 0xf &&
      (byte0 & 0x08) === 0 &&
      isContinuation(byte1) &&
      isContinuation(byte2) &&
      isContinuation(byte3)
    ) {
      // Standard UTF-8 four-byte form: not MUTF-8, but ART's decoder turns it into a surrogate pair.
      const codePoint = ((byte0 & 0x07) << 18) | ((byte1 & 0x3f) << 12) | ((byte2 & 0x3f) << 6) | (byte3 & 0x3f);
      flag(position, `four-byte UTF-8 sequence for U+${hex(codePoint)} (not modified UTF-8)`);
      const offset = codePoint - SUPPLEMENTARY_BASE;
      buffer[units++] = HIGH_SURROGATE_BASE + ((offset >> 10) & 0x3ff);
      buffer[units++] = LOW_SURROGATE_BASE + (offset & 0x3ff);
      position += 4;
    } else {
      flag(position, `invalid modified UTF-8 byte 0x${byte0.toString(16).padStart(2, '0')}`);
      buffer[units++] = REPLACEMENT_CHARACTER;
      position++;
    }
  }
  if (!terminated) flag(position, 'string data runs to the end of the input without a NUL');
  const value = Buffer.from(buffer.buffer, buffer.byteOffset, units * 2).toString('utf16le');
  if (buffer.length > RETAINED_SCRATCH_UNITS) scratch.units = new Uint16Array(INITIAL_SCRATCH_UNITS);
  return { value, utf16Length: units, end: position, terminated, ...(problem ? { problem } : {}) };
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Encodes a string as DEX MUTF-8 (without the terminating NUL): the inverse
 * of decodeMutf8 for clean strings. Used to build fixtures and to compare with
 * tools that print raw string bytes (dexdump).
 */
export function encodeMutf8(value: string): Uint8Array {
  const out: number[] = [];
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit !== 0 && unit < ASCII_LIMIT) out.push(unit);
    else if (unit < MIN_THREE_BYTE_VALUE) out.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    else out.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  }
  return Uint8Array.from(out);
}
