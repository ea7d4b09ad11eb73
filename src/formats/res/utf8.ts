/**
 * UTF-8 to UTF-16 exactly as Android's libutils does it (system/core/libutils/Unicode.cpp,
 * `utf8_to_utf16_length` and `utf8_to_utf16_no_null_terminator`), because the
 * framework decodes string pools with it and never rejects malformed sequences:
 * continuation bytes are not checked, overlong forms and surrogates pass. A
 * string an obfuscator made invalid is therefore read by Android as shown here.
 */

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Unicode.cpp `utf8_codepoint_len`: sequence length from the lead byte alone. */
function codepointLength(lead: number): number {
  return ((0xe5000000 >>> ((lead >>> 3) & 0x1e)) & 3) + 1;
}

/** Unicode.cpp `utf8_to_utf32_codepoint`: masks without validating continuation bytes. */
function codepointAt(bytes: Uint8Array, start: number, length: number): number {
  // Callers check that `length` bytes exist; `?? 0` only satisfies the type checker.
  const first = bytes[start] ?? 0;
  if (length === 1) return first;
  const second = (bytes[start + 1] ?? 0) & 0x3f;
  if (length === 2) return ((first & 0x1f) << 6) | second;
  const third = (bytes[start + 2] ?? 0) & 0x3f;
  if (length === 3) return ((first & 0x0f) << 12) | (second << 6) | third;
  return ((first & 0x07) << 18) | (second << 12) | (third << 6) | ((bytes[start + 3] ?? 0) & 0x3f);
}

/** `utf8_to_utf16_length(src, len, overreadIsFatal=false)`: UTF-16 length, or -1 when a sequence runs past the end. */
export function androidUtf16Length(bytes: Uint8Array): number {
  let units = 0;
  let cursor = 0;
  while (cursor < bytes.length) {
    units++;
    const length = codepointLength(bytes[cursor] ?? 0);
    if (cursor + length - 1 >= bytes.length) return -1;
    if (codepointAt(bytes, cursor, length) > 0xffff) units++;
    cursor += length;
  }
  return cursor === bytes.length ? units : -1;
}

export interface AndroidUtf8Decoding {
  readonly text: string;
  /** False when the bytes are not well-formed UTF-8 (Android decodes them anyway). */
  readonly wellFormed: boolean;
}

/** Decodes as libutils would; well-formed input takes the fast standard path (same result). */
export function decodeUtf8AsAndroid(bytes: Uint8Array): AndroidUtf8Decoding {
  try {
    return { text: strictDecoder.decode(bytes), wellFormed: true };
  } catch {
    // Malformed: replay libutils' byte-level algorithm below.
  }
  const units: number[] = [];
  let cursor = 0;
  while (cursor < bytes.length) {
    const length = codepointLength(bytes[cursor] ?? 0);
    const codepoint = codepointAt(bytes, cursor, length);
    if (codepoint <= 0xffff) {
      units.push(codepoint);
    } else {
      // Surrogate pair; libutils truncates to 16 bits for code points above U+10FFFF.
      const value = codepoint - 0x10000;
      units.push(((value >>> 10) + 0xd800) & 0xffff, ((value & 0x3ff) + 0xdc00) & 0xffff);
    }
    cursor += length;
  }
  return { text: unitsToString(units), wellFormed: false };
}

/** Builds a string from UTF-16 code units in bounded slices (no huge argument lists). */
export function unitsToString(units: ArrayLike<number>): string {
  const SLICE = 8192;
  let text = '';
  for (let start = 0; start < units.length; start += SLICE) {
    const part: number[] = [];
    const end = Math.min(units.length, start + SLICE);
    for (let index = start; index < end; index++) part.push(units[index] ?? 0);
    text += String.fromCharCode(...part);
  }
  return text;
}
