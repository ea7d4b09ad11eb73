/**
 * The ZIP container layer, read the way Android's libziparchive reads it:
 * end record, then central directory (the truth), then each local header
 * compared with its central record. Every anomaly is a diagnostic; only an
 * input without any readable end record or directory throws FormatError.
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { DiagnosticSink, FormatError, type ParseResult } from '../diagnostics.js';
import { locateCentralDirectory, readCentralRecords } from './central-directory.js';
import { readEndOfCentralDirectory } from './end-of-central-directory.js';
import { readEntryData } from './entry-data.js';
import { buildEntries, checkDuplicates, checkGaps, checkOverlaps, measurePrefix } from './entries.js';
import { ArchiveReads } from './entry-memo.js';
import type { ReadEntryOptions, ZipArchive, ZipEntry } from './types.js';

export type { ReadEntryOptions, ZipArchive, ZipEntry } from './types.js';
export { crc32 } from './crc32.js';
export { readEntryPrefix } from './entry-prefix.js';
export { peekEntry, type ReadAt } from './peek.js';

export function readZip(bytes: Uint8Array): ParseResult<ZipArchive> {
  const sink = new DiagnosticSink();
  const reader = new ByteReader(bytes);
  try {
    const end = readEndOfCentralDirectory(reader, sink);
    const location = locateCentralDirectory(reader, end, sink);
    const { records, endPosition } = readCentralRecords(reader, end, location, sink);
    const { entries, spans } = buildEntries(reader, records, location, sink);
    checkDuplicates(entries, sink);
    checkOverlaps(spans, sink);
    const prefixLength = measurePrefix(reader, spans, location.start, sink);
    checkGaps(reader, spans, location.start, sink);
    const archive: ZipArchive = {
      bytes,
      entries,
      endOfCentralDirectoryOffset: end.offset,
      centralDirectoryOffset: location.start,
      centralDirectorySize: endPosition - location.start,
      prefixLength,
      comment: end.comment,
      zip64: end.zip64Offset !== undefined,
      reads: new ArchiveReads<ZipEntry>(bytes.length),
    };
    return { value: archive, diagnostics: sink.finish() };
  } catch (error) {
    // Every record-level read is guarded; this is the last line for a bug, so that
    // nothing but FormatError escapes on hostile input.
    if (error instanceof FormatError) throw error;
    if (error instanceof OutOfBoundsError)
      throw new FormatError('zip.unreadable', error.offset, `ZIP structure unreadable: ${error.message}`);
    throw error;
  }
}

/**
 * The data of one entry, inflated under a budget and checked against its CRC.
 * The value is undefined when the data cannot be located or exceeds the budget;
 * a CRC mismatch still returns the bytes (they are evidence) with an error.
 * Stored data is returned as a view into `archive.bytes`, not a copy. A later read of the
 * same entry of the same archive returns the same bytes and diagnostics without inflating
 * again, and every inflation is charged to the archive's one budget (entry-memo.ts); treat
 * the bytes as read-only.
 */
export function readEntry(
  archive: ZipArchive,
  entry: ZipEntry,
  options?: ReadEntryOptions,
): ParseResult<Uint8Array | undefined> {
  return readEntryData(archive, entry, options);
}

/**
 * The entry Android would use for `name`. Android 4.4+ refuses archives with
 * duplicate names (libziparchive kDuplicateEntry; readZip reports
 * `zip.duplicate-name`). Before the 2013 Master Key fix (bug 8219321) the
 * native zip code that extracted classes.dex kept the first central-directory
 * match while java.util.zip's HashMap kept the last for signature checks; the
 * first copy is the code that ran, so we return the first.
 */
export function findEntry(archive: ZipArchive, name: string): ZipEntry | undefined {
  return archive.reads.byName(archive.entries).get(name);
}
