/**
 * The physical floor of any APK analysis: read the file and inflate every entry
 * (nested APKs of a bundle too), with a minimal central-directory walk and
 * node's zlib. No validation beyond what is needed not to crash: this is what
 * a tool cannot avoid doing, the baseline the other figures are compared with.
 * (APPNOTE.TXT 4.3.12 central directory header, 4.3.16 end of central directory.)
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
/** Nested archives opened at most this deep (a bundle's APKs, an APK in assets). */
const MAX_DEPTH = 2;

export interface FloorResult {
  readonly entries: number;
  readonly inflatedBytes: number;
}

function findEnd(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - END_RECORD_SIZE - MAX_COMMENT);
  for (let at = view.byteLength - END_RECORD_SIZE; at >= lowest; at--)
    if (view.getUint32(at, true) === END_SIGNATURE) return at;
  return -1;
}

/** Inflates every entry of `bytes` (and of nested .apk entries); returns what it did. Never throws on bad input. */
export function inflateAll(bytes: Uint8Array, depth = 0): FloorResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let entries = 0;
  let inflatedBytes = 0;
  if (bytes.byteLength < END_RECORD_SIZE) return { entries, inflatedBytes };
  const end = findEnd(view);
  if (end < 0) return { entries, inflatedBytes };
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let index = 0; index < count && at + CENTRAL_HEADER_SIZE <= bytes.byteLength; index++) {
    if (view.getUint32(at, true) !== CENTRAL_SIGNATURE) break;
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(
      bytes.subarray(at + CENTRAL_HEADER_SIZE, at + CENTRAL_HEADER_SIZE + nameLength),
    );
    at += CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (localOffset + LOCAL_HEADER_SIZE > bytes.byteLength) continue;
    const dataStart =
      localOffset + LOCAL_HEADER_SIZE + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    const compressed = bytes.subarray(dataStart, Math.min(bytes.byteLength, dataStart + compressedSize));
    let data: Uint8Array | undefined;
    try {
      if (method === METHOD_STORED) data = compressed;
      else if (method === METHOD_DEFLATED) data = inflateRawSync(compressed);
    } catch {
      data = undefined; // a corrupt stream in the corpus's malformed files
    }
    entries++;
    if (data === undefined) continue;
    inflatedBytes += data.byteLength;
    if (depth < MAX_DEPTH && /\.apk$/i.test(name)) {
      const nested = inflateAll(data, depth + 1);
      entries += nested.entries;
      inflatedBytes += nested.inflatedBytes;
    }
  }
  return { entries, inflatedBytes };
}

export function inflateFile(path: string): FloorResult {
  return inflateAll(new Uint8Array(readFileSync(path)));
}
