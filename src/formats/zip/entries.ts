/**
 * Second phase of readZip: joins each central record with its local header
 * into a public ZipEntry, and checks the archive's layout (prefix, overlaps,
 * duplicate names).
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { CENTRAL_DIRECTORY_FIELD, FLAG_DATA_DESCRIPTOR, SIGNATURE_LENGTH } from './constants.js';
import type { CentralDirectoryLocation, RawCentralRecord } from './central-directory.js';
import {
  compareDataDescriptor,
  compareLocalWithCentral,
  isZip64Entry,
  readDataDescriptor,
  readLocalHeader,
  sameBytes,
  type RawLocalHeader,
} from './local-header.js';
import { checkName, decodeName, rawNameKey } from './names.js';
import type { ZipEntry } from './types.js';

/** The DEX magic "dex\n" (dex-format: DEX_FILE_MAGIC), to name a Janus-style prefix. */
const DEX_MAGIC = [0x64, 0x65, 0x78, 0x0a] as const;

interface Span {
  readonly entry: ZipEntry;
  readonly start: number;
  readonly end: number;
}

/** Where an entry's records and data lie, in the offsets of the reader that stands for the file. */
export interface EntryOffsets {
  readonly centralHeaderOffset: number;
  readonly localHeaderOffset: number;
  readonly dataOffset: number;
}

/** The public entry of a central record (the directory is the truth) at the given offsets. */
export function entryOf(record: RawCentralRecord, index: number, name: string, offsets: EntryOffsets): ZipEntry {
  return {
    index,
    name,
    rawName: record.rawName,
    method: record.method,
    flags: record.flags,
    crc32: record.crc32,
    compressedSize: record.compressedSize,
    uncompressedSize: record.uncompressedSize,
    ...offsets,
    isDirectory: name.endsWith('/'),
  };
}

export function buildEntries(
  reader: ByteReader,
  records: readonly RawCentralRecord[],
  location: CentralDirectoryLocation,
  sink: DiagnosticSink,
): { entries: ZipEntry[]; spans: Span[] } {
  const entries: ZipEntry[] = [];
  const spans: Span[] = [];
  const directoryStart = reader.base + location.start;
  records.forEach((record, index) => {
    const { name, validUtf8 } = decodeName(record.rawName);
    checkName(name, record.rawName, validUtf8, record.offset + CENTRAL_DIRECTORY_FIELD.name, sink);
    const localPosition = record.localHeaderOffset + location.offsetShift;
    let local: RawLocalHeader | undefined;
    try {
      local = readLocalHeader(reader, localPosition);
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      sink.add(
        'zip.local-header-truncated',
        reader.base + localPosition,
        `entry "${name}": local header runs past the end of the file`,
        'error',
      );
    }
    if (local === undefined && reader.has(SIGNATURE_LENGTH, localPosition)) {
      sink.add(
        'zip.local-header-missing',
        reader.base + localPosition,
        `entry "${name}": no local file header at ${reader.base + localPosition} (Android refuses to read the entry)`,
        'error',
      );
    } else if (local === undefined && !reader.has(SIGNATURE_LENGTH, localPosition)) {
      sink.add(
        'zip.local-header-missing',
        record.offset + CENTRAL_DIRECTORY_FIELD.localHeaderOffset,
        `entry "${name}": local header offset ${localPosition} is outside the file`,
        'error',
      );
    }
    if (local !== undefined && reader.base + localPosition >= directoryStart) {
      // libziparchive: "bad LFH offset" (kInvalidOffset): a local header must precede the directory.
      sink.add(
        'zip.local-header-after-directory',
        reader.base + localPosition,
        `entry "${name}": local header at ${reader.base + localPosition} is not before the central directory at ${directoryStart} (Android rejects it)`,
        'error',
      );
    }
    let end = reader.base + localPosition;
    if (local !== undefined) {
      compareLocalWithCentral(record, local, name, sink);
      end = local.dataOffset + record.compressedSize;
      if ((local.flags & FLAG_DATA_DESCRIPTOR) !== 0 || (record.flags & FLAG_DATA_DESCRIPTOR) !== 0) {
        const descriptor = readDataDescriptor(reader, end - reader.base, isZip64Entry(record));
        if (descriptor === undefined) {
          sink.add(
            'zip.data-descriptor-missing',
            end,
            `entry "${name}": flag bit 3 promises a data descriptor after the data but the file ends`,
            'warning',
          );
        } else {
          compareDataDescriptor(record, descriptor, name, sink);
          end += descriptor.length;
        }
      }
      if (local.dataOffset + record.compressedSize > directoryStart) {
        sink.add(
          'zip.entry-overlaps-central-directory',
          local.dataOffset,
          `entry "${name}": its data (${record.compressedSize} bytes at ${local.dataOffset}) runs into the central directory at ${directoryStart} (Android rejects it as kInvalidOffset)`,
          'error',
        );
      }
    }
    const entry = entryOf(record, index, name, {
      centralHeaderOffset: record.offset,
      localHeaderOffset: reader.base + localPosition,
      dataOffset: local?.dataOffset ?? -1,
    });
    if (local !== undefined && !sameBytes(local.rawName, record.rawName)) {
      (entry as { localName?: string }).localName = decodeName(local.rawName).name;
    }
    entries.push(entry);
    if (local !== undefined) spans.push({ entry, start: entry.localHeaderOffset, end });
  });
  return { entries, spans };
}

/**
 * Overlapping entries (two central records sharing data: the "overlapping files" zip bomb
 * and zip-in-zip tricks). Records naming the very same local header are one stream listed
 * twice (`zip.duplicate-local-header`: read once, see entry-memo.ts); other overlaps are
 * `zip.overlapping-entries`. Sorted sweep, O(n log n).
 */
export function checkOverlaps(spans: readonly Span[], sink: DiagnosticSink): void {
  const sorted = [...spans].sort(
    (left, right) => left.start - right.start || left.end - right.end || left.entry.index - right.entry.index,
  );
  let widest: Span | undefined;
  let firstAtStart: Span | undefined;
  for (const span of sorted) {
    if (firstAtStart !== undefined && span.start === firstAtStart.start) {
      sink.add(
        'zip.duplicate-local-header',
        span.entry.centralHeaderOffset,
        `entry "${span.entry.name}" names the local header of entry "${firstAtStart.entry.name}" at ${span.start}: one compressed stream listed twice (an overlapping-entry bomb or a hidden alias); it is inflated once`,
        'error',
      );
    } else if (widest !== undefined && span.start < widest.end) {
      sink.add(
        'zip.overlapping-entries',
        span.start,
        `entry "${span.entry.name}" (${span.start}..${span.end}) overlaps entry "${widest.entry.name}" (${widest.start}..${widest.end})`,
        'error',
      );
    }
    if (firstAtStart === undefined || span.start !== firstAtStart.start) firstAtStart = span;
    if (widest === undefined || span.end > widest.end) widest = span;
  }
}

export function checkDuplicates(entries: readonly ZipEntry[], sink: DiagnosticSink): void {
  const seen = new Map<string, ZipEntry>();
  for (const entry of entries) {
    // A valid UTF-8 name is its own key; others (lossy when decoded) are keyed by their bytes.
    const key = entry.name.includes('\ufffd') ? `\u0000raw:${rawNameKey(entry.rawName)}` : entry.name;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, entry);
      continue;
    }
    sink.add(
      'zip.duplicate-name',
      entry.centralHeaderOffset,
      `entry "${entry.name}" appears again at index ${entry.index} (first at index ${first.index}): Android 4.4+ refuses to install the archive; before the 2013 "Master Key" fix the native loader used the first copy and the Java signature check the last`,
      'error',
    );
  }
}

/** Bytes before the first local header (Janus, CVE-2017-13156, glues a DEX there). */
export function measurePrefix(
  reader: ByteReader,
  spans: readonly Span[],
  directoryStart: number,
  sink: DiagnosticSink,
): number {
  // Without any readable local header there is no first entry to measure from.
  if (spans.length === 0) return 0;
  let first = directoryStart + reader.base;
  for (const span of spans) first = Math.min(first, span.start);
  const prefixLength = Math.max(0, first - reader.base);
  if (prefixLength > 0 && reportOrphanLocalHeaders(reader, reader.base, first, sink) === 0) {
    const isDex = DEX_MAGIC.every((byte, index) => reader.bytes[index] === byte);
    sink.add(
      'zip.prefix-bytes',
      reader.base,
      isDex
        ? `${prefixLength} bytes before the first entry are a DEX file: the Janus trick (CVE-2017-13156): on Android 5.0 to 8.0 without the December 2017 patch, an APK signed only with v1 is verified as a ZIP but run as this DEX`
        : `${prefixLength} bytes before the first entry belong to no entry`,
      isDex ? 'error' : 'warning',
    );
  }
  return prefixLength;
}

/**
 * Gaps between entries: local headers there are listed by no central record,
 * so Android never sees them while streaming readers do. Each gap is walked
 * header by header; every step advances by at least a header, so it is bounded.
 */
export function checkGaps(
  reader: ByteReader,
  spans: readonly Span[],
  directoryStart: number,
  sink: DiagnosticSink,
): void {
  const sorted = [...spans].sort((left, right) => left.start - right.start);
  let reached = -1;
  for (const span of sorted) {
    if (reached >= 0 && span.start > reached) reportOrphanLocalHeaders(reader, reached, span.start, sink);
    reached = Math.max(reached, span.end);
  }
  // The APK Signing Block (APK Signature Scheme v2) legitimately sits before the directory; it is no local header.
  const directory = directoryStart + reader.base;
  if (reached >= 0 && directory > reached) reportOrphanLocalHeaders(reader, reached, directory, sink);
}

/** Reports the local headers chained from absolute `start` up to `end`; returns how many. */
function reportOrphanLocalHeaders(reader: ByteReader, start: number, end: number, sink: DiagnosticSink): number {
  let found = 0;
  let position = start;
  while (position < end) {
    let local: RawLocalHeader | undefined;
    try {
      local = readLocalHeader(reader, position - reader.base);
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
    }
    if (local === undefined) break;
    found++;
    const name = decodeName(local.rawName).name;
    // npm/ApiDemos-debug.apk: the Android Gradle Plugin (zipflinger) pads with nameless "virtual entries".
    const virtual = name === '' && local.compressedSize === 0;
    sink.add(
      'zip.orphan-local-header',
      local.offset,
      virtual
        ? `a nameless local header at ${local.offset} listed by no central record: padding of the kind the Android Gradle Plugin writes`
        : `local header "${name}" at ${local.offset} is listed by no central record: Android ignores it, streaming readers extract it`,
      virtual ? 'info' : 'warning',
    );
    const next = local.dataOffset + local.compressedSize;
    // A header always advances the walk (next > position); sizes deferred to a data descriptor end it.
    if ((local.flags & FLAG_DATA_DESCRIPTOR) !== 0 || next <= position) break;
    position = next;
  }
  return found;
}
