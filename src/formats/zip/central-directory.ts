/**
 * Central directory (APPNOTE.TXT 4.3.12): locating it and reading its records.
 * Android reads only the central directory to list entries (libziparchive
 * OpenArchive/ParseZipArchive), so it is the truth; local headers are compared
 * with it later.
 */
import { ByteReader, OutOfBoundsError, clampCount } from '../binary/byte-reader.js';
import { DiagnosticSink, FormatError } from '../diagnostics.js';
import {
  CENTRAL_DIRECTORY_FIELD,
  CENTRAL_DIRECTORY_HEADER_LENGTH,
  CENTRAL_DIRECTORY_HEADER_SIGNATURE,
  END_OF_CENTRAL_DIRECTORY_FIELD,
  SIGNATURE_LENGTH,
  ZIP64_EXTRA_FIELD_ID,
  ZIP64_SENTINEL_16,
  ZIP64_SENTINEL_32,
} from './constants.js';
import type { RawEndOfCentralDirectory } from './end-of-central-directory.js';
import { applyZip64, splitExtraFields, type ExtraFieldList } from './extra-fields.js';

/** One central directory file header as stored (Zip64 values merged in). */
export interface RawCentralRecord {
  readonly offset: number;
  readonly versionMadeBy: number;
  readonly versionNeeded: number;
  readonly flags: number;
  readonly method: number;
  readonly modifiedTime: number;
  readonly modifiedDate: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly diskStart: number;
  readonly externalAttributes: number;
  /** Declared local header offset, relative to the archive start (before any prefix shift). */
  readonly localHeaderOffset: number;
  readonly rawName: Uint8Array;
  readonly extra: ExtraFieldList;
  readonly comment: Uint8Array;
}

export interface CentralDirectoryLocation {
  /** Position of the first record, relative to the reader. */
  readonly start: number;
  /** Records must end before this position (the EOCD or Zip64 record). */
  readonly limit: number;
  /** Added to every declared offset: non-zero when bytes were glued before an archive that was not re-based. */
  readonly offsetShift: number;
}

function isCentralHeaderAt(reader: ByteReader, position: number): boolean {
  return reader.has(SIGNATURE_LENGTH, position) && reader.u32At(position) === CENTRAL_DIRECTORY_HEADER_SIGNATURE;
}

export function locateCentralDirectory(
  reader: ByteReader,
  end: RawEndOfCentralDirectory,
  sink: DiagnosticSink,
): CentralDirectoryLocation {
  const limit = end.directoryLimit - reader.base;
  const declaredOffset = end.centralDirectoryOffset;
  // Positions are relative to the reader, which may be a window of the file (peek.ts).
  const declared = declaredOffset - reader.base;
  const size = end.centralDirectorySize;
  if (isCentralHeaderAt(reader, declared)) {
    if (declared + size > limit) {
      // apksig/v2-only-truncated-cd.apk: the directory overruns the EOCD by one byte.
      sink.add(
        'zip.central-directory-overruns-eocd',
        reader.base + declared,
        `central directory at ${declaredOffset} of ${size} bytes runs ${declared + size - limit} bytes into the end record (Android's libziparchive rejects the file as kInvalidOffset)`,
        'error',
      );
    } else if (declared + size < limit) {
      // apksig/v2-only-garbage-between-cd-and-eocd.apk: Android accepts it, apksig's v2 check and python's zipfile do not.
      sink.add(
        'zip.garbage-before-eocd',
        reader.base + declared + size,
        `${limit - declared - size} bytes between the central directory and the end record belong to nothing`,
        'warning',
      );
      const shifted = limit - size;
      if (shifted > declared && isCentralHeaderAt(reader, shifted)) {
        // Two readable directories: python's zipfile and unzip take the end-relative one, Android the declared one.
        sink.add(
          'zip.central-directory-ambiguous',
          reader.base + shifted,
          `another central directory record starts at ${reader.base + shifted}, where tools that trust the directory size (python's zipfile, unzip) look; Android reads the one at ${reader.base + declared}`,
          'error',
        );
      }
    }
    return { start: declared, limit, offsetShift: 0 };
  }
  const expected = limit - size;
  // No corpus file needs this (janus.apk re-bases its offsets); tested by "garbage glued in front, offsets not re-based".
  if (expected >= 0 && isCentralHeaderAt(reader, expected)) {
    const shift = expected - declared;
    sink.add(
      'zip.offsets-shifted',
      reader.base + expected,
      `the end record says the central directory is at ${declaredOffset} but it is at ${reader.base + expected}: ${shift} bytes were glued in front without re-basing the offsets (Android reads offsets as absolute and rejects this; unzip and python's zipfile shift them, as we do)`,
      'error',
    );
    return { start: expected, limit, offsetShift: shift };
  }
  if (end.totalEntries === 0 || size === 0) {
    if (end.totalEntries !== 0)
      sink.add(
        'zip.entry-count-mismatch',
        end.offset + END_OF_CENTRAL_DIRECTORY_FIELD.totalEntries,
        `end record declares ${end.totalEntries} entries in an empty central directory`,
        'error',
      );
    return { start: Math.min(Math.max(0, declared), limit), limit, offsetShift: 0 };
  }
  throw new FormatError(
    'zip.no-central-directory',
    end.offset,
    `no central directory at the declared offset ${declaredOffset} nor ${size} bytes before the end record`,
  );
}

/** Reads one record at `position`; throws OutOfBoundsError when it does not fit in `directory`. */
function readRecord(
  directory: ByteReader,
  position: number,
  sink: DiagnosticSink,
): { record: RawCentralRecord; next: number } {
  // Read in place (no sub-reader per record: directories hold thousands of records).
  const header = directory.seek(position);
  if (!header.has(CENTRAL_DIRECTORY_HEADER_LENGTH))
    throw new OutOfBoundsError(directory.base + position, CENTRAL_DIRECTORY_HEADER_LENGTH, header.remaining);
  header.skip(SIGNATURE_LENGTH); // checked by the caller
  const versionMadeBy = header.u16();
  const versionNeeded = header.u16();
  const flags = header.u16();
  const method = header.u16();
  const modifiedTime = header.u16();
  const modifiedDate = header.u16();
  const crc32 = header.u32();
  const compressedSize32 = header.u32();
  const uncompressedSize32 = header.u32();
  const nameLength = header.u16();
  const extraLength = header.u16();
  const commentLength = header.u16();
  const diskStart = header.u16();
  header.skip(2); // internal file attributes
  const externalAttributes = header.u32();
  const localHeaderOffset32 = header.u32();
  let cursor = position + CENTRAL_DIRECTORY_HEADER_LENGTH;
  const rawName = directory.bytesAt(cursor, nameLength);
  cursor += nameLength;
  const extra = splitExtraFields(directory, cursor, extraLength);
  cursor += extraLength;
  const comment = directory.bytesAt(cursor, commentLength);
  cursor += commentLength;
  const offset = directory.base + position;
  let values = {
    uncompressedSize: uncompressedSize32,
    compressedSize: compressedSize32,
    localHeaderOffset: localHeaderOffset32,
  };
  const needsZip64 =
    uncompressedSize32 === ZIP64_SENTINEL_32 ||
    compressedSize32 === ZIP64_SENTINEL_32 ||
    localHeaderOffset32 === ZIP64_SENTINEL_32;
  const zip64Field = extra.fields.find((field) => field.id === ZIP64_EXTRA_FIELD_ID);
  if (needsZip64 && zip64Field !== undefined) {
    const merged = applyZip64(zip64Field, values);
    values = merged.values;
    if (merged.short)
      sink.add(
        'zip.zip64-extra-short',
        zip64Field.offset,
        `Zip64 extra field of ${zip64Field.size} bytes lacks a value its central record defers to it`,
        'error',
      );
  } else if (needsZip64) {
    sink.add(
      'zip.zip64-extra-missing',
      offset,
      'a size or offset is 0xFFFFFFFF but the record has no Zip64 extra field; the 32-bit value is used',
      'warning',
    );
  }
  if (diskStart !== 0 && diskStart !== ZIP64_SENTINEL_16) {
    sink.add(
      'zip.multi-disk',
      offset + CENTRAL_DIRECTORY_FIELD.diskStart,
      `entry starts on disk ${diskStart}; read as a single file`,
      'warning',
    );
  }
  const record: RawCentralRecord = {
    offset,
    versionMadeBy,
    versionNeeded,
    flags,
    method,
    modifiedTime,
    modifiedDate,
    crc32,
    compressedSize: values.compressedSize,
    uncompressedSize: values.uncompressedSize,
    diskStart,
    externalAttributes,
    localHeaderOffset: values.localHeaderOffset,
    rawName,
    extra,
    comment,
  };
  return { record, next: cursor };
}

/**
 * Reads the declared number of records (clamped by the bytes available).
 * A truncated or corrupt record ends the walk; everything before it is kept.
 */
export function readCentralRecords(
  reader: ByteReader,
  end: RawEndOfCentralDirectory,
  location: CentralDirectoryLocation,
  sink: DiagnosticSink,
): { records: RawCentralRecord[]; endPosition: number } {
  const directory = reader.sliceClamped(0, Math.max(0, location.limit));
  const declaredCount = end.totalEntries;
  const count = clampCount(declaredCount, location.limit - location.start, CENTRAL_DIRECTORY_HEADER_LENGTH);
  const records: RawCentralRecord[] = [];
  let position = location.start;
  for (let index = 0; index < count; index++) {
    if (!isCentralHeaderAt(directory, position)) {
      sink.add(
        'zip.central-directory-truncated',
        reader.base + position,
        `no central directory header where record ${index} of ${declaredCount} should start; ${index} records read`,
        'error',
      );
      return { records, endPosition: position };
    }
    try {
      const { record, next } = readRecord(directory, position, sink);
      records.push(record);
      position = next;
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      sink.add(
        'zip.central-directory-truncated',
        reader.base + position,
        `central record ${index} of ${declaredCount} runs past the end of the central directory; ${index} records read`,
        'error',
      );
      return { records, endPosition: position };
    }
  }
  if (count < declaredCount) {
    sink.add(
      'zip.entry-count-mismatch',
      end.offset + END_OF_CENTRAL_DIRECTORY_FIELD.totalEntries,
      `end record declares ${declaredCount} entries but the central directory can hold at most ${count}`,
      'error',
    );
  }
  reportHiddenRecords(directory, position, location, end, sink);
  return { records, endPosition: position };
}

/**
 * Records after the declared count are invisible to Android but may be seen by
 * other tools (entry-count tricks); count them (bounded by the bytes left).
 */
function reportHiddenRecords(
  directory: ByteReader,
  start: number,
  location: CentralDirectoryLocation,
  end: RawEndOfCentralDirectory,
  sink: DiagnosticSink,
): void {
  let position = start;
  let hidden = 0;
  const maximum = clampCount(location.limit - start, location.limit - start, CENTRAL_DIRECTORY_HEADER_LENGTH);
  while (hidden < maximum && isCentralHeaderAt(directory, position)) {
    try {
      position = readRecord(directory, position, new DiagnosticSink()).next;
      hidden++;
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      break;
    }
  }
  if (hidden > 0) {
    sink.add(
      'zip.entry-count-mismatch',
      directory.base + start,
      `${hidden} central directory records follow the ${end.totalEntries} the end record declares; Android does not list them, other tools may`,
      'error',
    );
  }
}
