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
const BYTE_VALUES = 256;
/** Smallest lead byte of a well-formed UTF-8 multi-byte sequence (RFC 3629 §4: C2..F4). */
const UTF8_LEAD_FIRST = 0xc2;

export interface ExtractedString {
  readonly text: string;
  readonly offset: number;
}

/** Byte classes for the scan: a printable byte continues a run, a lead byte may start a UTF-8 sequence. */
const OTHER_BYTE = 0;
const PRINTABLE_BYTE = 1;
const LEAD_BYTE = 2;
/** Largest lead byte of a well-formed UTF-8 sequence (RFC 3629 §4). */
const UTF8_LEAD_LAST = 0xf4;
const BYTE_CLASS = ((): Uint8Array => {
  const classes = new Uint8Array(BYTE_VALUES).fill(OTHER_BYTE);
  for (let value = PRINTABLE_FIRST; value <= PRINTABLE_LAST; value++) classes[value] = PRINTABLE_BYTE;
  classes[TAB] = PRINTABLE_BYTE;
  for (let value = UTF8_LEAD_FIRST; value <= UTF8_LEAD_LAST; value++) classes[value] = LEAD_BYTE;
  return classes;
})();
/** UTF-8 continuation bytes (RFC 3629 §3: 10xxxxxx), which only a lead byte's sequence takes into a run. */
const UTF8_CONTINUATION_FIRST = 0x80;
const UTF8_CONTINUATION_LAST = 0xbf;
/** Bytes no run can hold: neither printable, nor a lead, nor a continuation byte (1 in the table). */
const ENDS_EVERY_RUN = ((): Uint8Array => {
  const table = new Uint8Array(BYTE_VALUES);
  for (let value = 0; value < BYTE_VALUES; value++) {
    const continuation = value >= UTF8_CONTINUATION_FIRST && value <= UTF8_CONTINUATION_LAST;
    table[value] = BYTE_CLASS[value] === OTHER_BYTE && !continuation ? 1 : 0;
  }
  return table;
})();
/** Stateless between calls (no `stream` option), so one serves every scan. */
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: false });

/**
 * ASCII runs, plus UTF-8 multi-byte sequences (Chinese, Uyghur, Russian strings in native code).
 * A run of ASCII only is read as one latin1 slice of its first MAX_STRING_LENGTH bytes (the same
 * text as decoding and cutting it); runs with multi-byte sequences go through the TextDecoder.
 * Gaps and short runs are skipped by probing ahead for a byte that ends every run.
 */
export function printableStrings(bytes: Uint8Array, limit = MAX_STRINGS): ExtractedString[] {
  const out: ExtractedString[] = [];
  const end = Math.min(bytes.length, MAX_SCANNED_BYTES);
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = -1;
  let ascii = true;
  let index = 0;
  while (index < end && out.length < limit) {
    if (start < 0) {
      // Outside a run, a kept run starting in the next MIN_STRING_LENGTH bytes holds all of them:
      // a byte there that ends every run rules them all out, so the scan jumps past the last such
      // byte without reading the bytes before it (most bytes of binary assets are in no kept string).
      let probe = index + MIN_STRING_LENGTH - 1;
      if (probe < end) {
        while (probe >= index && ENDS_EVERY_RUN[bytes[probe]!] === 0) probe--;
        if (probe >= index) {
          index = probe + 1;
          continue;
        }
      }
    }
    const kind = BYTE_CLASS[bytes[index]!]!;
    if (kind === PRINTABLE_BYTE) {
      if (start < 0) {
        start = index;
        ascii = true;
      }
      // The rest of the printable run in a tight loop (nothing is pushed inside a run).
      index++;
      while (index < end && BYTE_CLASS[bytes[index]!] === PRINTABLE_BYTE) index++;
      continue;
    }
    // Only a lead byte (C2..F4) can start a multi-byte sequence: the common bytes skip the UTF-8 check.
    const sequence = kind === LEAD_BYTE ? utf8SequenceLength(bytes, index, end) : 0;
    if (sequence > 1) {
      if (start < 0) start = index;
      ascii = false;
      index += sequence;
    } else {
      if (start >= 0) {
        pushRun(out, bytes, latin1, start, index, ascii, limit);
        start = -1;
      }
      index++;
    }
  }
  if (start >= 0) pushRun(out, bytes, latin1, start, index, ascii, limit);
  return out;
}

function pushRun(
  out: ExtractedString[],
  bytes: Uint8Array,
  latin1: Buffer,
  start: number,
  stop: number,
  ascii: boolean,
  limit: number,
): void {
  if (stop - start < MIN_STRING_LENGTH || out.length >= limit) return;
  if (ascii) {
    out.push({ text: latin1.toString('latin1', start, Math.min(stop, start + MAX_STRING_LENGTH)), offset: start });
    return;
  }
  const text = UTF8_DECODER.decode(bytes.subarray(start, Math.min(stop, start + MAX_STRING_LENGTH * 3)));
  out.push({ text: text.length > MAX_STRING_LENGTH ? text.slice(0, MAX_STRING_LENGTH) : text, offset: start });
}

/** Length of a well-formed UTF-8 multi-byte sequence at `index` (RFC 3629 §4), else 0. */
function utf8SequenceLength(bytes: Uint8Array, index: number, end: number): number {
  const lead = bytes[index] ?? 0;
  const length =
    lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || index + length > end) return 0;
  for (let next = 1; next < length; next++) if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return 0;
  return length;
}

/** Byte histograms filled side by side by entropy(), each of BYTE_VALUES counts. */
const HISTOGRAM_LANES = 4;

/** Shannon entropy in bits per byte over the first MAX_SCANNED_BYTES (8 = indistinguishable from random). */
export function entropy(bytes: Uint8Array): number {
  const end = Math.min(bytes.length, MAX_SCANNED_BYTES);
  if (end === 0) return 0;
  // Four interleaved histograms: runs of one byte value (zero padding, fills) no longer
  // make each increment wait for the previous one; summed below to the same counts.
  const lanes = new Uint32Array(HISTOGRAM_LANES * BYTE_VALUES);
  const whole = end - (end % HISTOGRAM_LANES);
  for (let index = 0; index < whole; index += HISTOGRAM_LANES) {
    lanes[bytes[index]!]!++;
    lanes[BYTE_VALUES + bytes[index + 1]!]!++;
    lanes[2 * BYTE_VALUES + bytes[index + 2]!]!++;
    lanes[3 * BYTE_VALUES + bytes[index + 3]!]!++;
  }
  for (let index = whole; index < end; index++) lanes[bytes[index]!]!++;
  const counts = new Uint32Array(BYTE_VALUES);
  for (let value = 0; value < BYTE_VALUES; value++) {
    counts[value] =
      lanes[value]! + lanes[BYTE_VALUES + value]! + lanes[2 * BYTE_VALUES + value]! + lanes[3 * BYTE_VALUES + value]!;
  }
  let bits = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / end;
    bits -= p * Math.log2(p);
  }
  return bits;
}
