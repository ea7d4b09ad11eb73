/**
 * Printable strings of a binary blob, with their byte offsets (what `strings -t d`
 * prints), and Shannon entropy. Bounded: the scan reads at most MAX_SCANNED_BYTES
 * and keeps at most MAX_STRINGS strings, so a huge asset costs a fixed amount.
 */

/** Shortest run kept (GNU strings' default -n 4 is too noisy in compressed data). */
export const MIN_STRING_LENGTH = 6;
export const MAX_STRINGS = 2000;
export const MAX_STRING_LENGTH = 512;
export const MAX_SCANNED_BYTES = 4 * 1024 * 1024;

const PRINTABLE_FIRST = 0x20;
const PRINTABLE_LAST = 0x7e;
const TAB = 0x09;
/** Smallest lead byte of a well-formed UTF-8 multi-byte sequence (RFC 3629 §4: C2..F4). */
const UTF8_LEAD_FIRST = 0xc2;

export interface ExtractedString {
  readonly text: string;
  readonly offset: number;
}

/** ASCII runs, plus UTF-8 multi-byte sequences (Chinese, Uyghur, Russian strings in native code). */
export function printableStrings(bytes: Uint8Array, limit = MAX_STRINGS): ExtractedString[] {
  const out: ExtractedString[] = [];
  const end = Math.min(bytes.length, MAX_SCANNED_BYTES);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let start = -1;
  let index = 0;
  const flush = (stop: number) => {
    if (start >= 0 && stop - start >= MIN_STRING_LENGTH && out.length < limit) {
      const text = decoder.decode(bytes.subarray(start, Math.min(stop, start + MAX_STRING_LENGTH * 3)));
      out.push({ text: text.length > MAX_STRING_LENGTH ? text.slice(0, MAX_STRING_LENGTH) : text, offset: start });
    }
    start = -1;
  };
  while (index < end && out.length < limit) {
    const value = bytes[index]!;
    if ((value >= PRINTABLE_FIRST && value <= PRINTABLE_LAST) || value === TAB) {
      if (start < 0) start = index;
      index++;
      continue;
    }
    // Only a byte at or above 0xc2 can lead a multi-byte sequence: the common bytes skip the UTF-8 check.
    const sequence = value >= UTF8_LEAD_FIRST ? utf8SequenceLength(bytes, index, end) : 0;
    if (sequence > 1) {
      if (start < 0) start = index;
      index += sequence;
    } else {
      if (start >= 0) flush(index);
      index++;
    }
  }
  flush(index);
  return out;
}

/** Length of a well-formed UTF-8 multi-byte sequence at `index` (RFC 3629 §4), else 0. */
function utf8SequenceLength(bytes: Uint8Array, index: number, end: number): number {
  const lead = bytes[index] ?? 0;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || index + length > end) return 0;
  for (let next = 1; next < length; next++) if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return 0;
  return length;
}

/** Shannon entropy in bits per byte over the first MAX_SCANNED_BYTES (8 = indistinguishable from random). */
export function entropy(bytes: Uint8Array): number {
  const end = Math.min(bytes.length, MAX_SCANNED_BYTES);
  if (end === 0) return 0;
  const counts = new Uint32Array(256);
  for (let index = 0; index < end; index++) counts[bytes[index] ?? 0]!++;
  let bits = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / end;
    bits -= p * Math.log2(p);
  }
  return bits;
}
