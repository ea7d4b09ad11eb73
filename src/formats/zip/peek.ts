/**
 * One entry of an archive without reading the archive: the end records from the file's tail,
 * then the central directory, then the entry's local header and data, each a bounded window
 * read through `readAt`. Each window is decoded by readZip's own decoders (their ByteReader
 * carries the window's absolute offset) and the data by readEntry, so a decided peek gives the
 * bytes readZip + findEntry + readEntry give. Anything unusual (any diagnostic but a glued
 * prefix, a window over its bound, an unreadable local header) leaves the peek undecided: the
 * caller then reads the whole file. Diagnostics are not kept: a peek only answers.
 */
import { ByteReader } from '../binary/byte-reader.js';
import { DiagnosticSink, FormatError } from '../diagnostics.js';
import { locateCentralDirectory, readCentralRecords, type RawCentralRecord } from './central-directory.js';
import {
  END_OF_CENTRAL_DIRECTORY_LENGTH,
  LOCAL_FILE_HEADER_FIELD,
  LOCAL_FILE_HEADER_LENGTH,
  MAX_COMMENT_LENGTH,
  PEEK_CENTRAL_DIRECTORY_LIMIT,
  ZIP64_END_OF_CENTRAL_DIRECTORY_LENGTH,
  ZIP64_LOCATOR_LENGTH,
} from './constants.js';
import { readEndOfCentralDirectory, type RawEndOfCentralDirectory } from './end-of-central-directory.js';
import { ArchiveReads } from './entry-memo.js';
import { readEntryData } from './entry-data.js';
import { entryOf } from './entries.js';
import { readLocalHeader } from './local-header.js';
import { decodeName } from './names.js';
import type { ZipArchive, ZipEntry } from './types.js';

/** Up to `length` bytes of the file at absolute `position` (fewer where the file ends). */
export type ReadAt = (position: number, length: number) => Uint8Array;

export type EntryPeek =
  | { readonly decided: true; readonly value: Uint8Array | undefined }
  | { readonly decided: false; readonly reason: string };

/**
 * The tail holding every end record a whole read can find: the EOCD search covers the last
 * 65,535 + 22 bytes (4.3.16) and a Zip64 record with its locator sits just before the EOCD
 * (4.3.14, 4.3.15).
 */
const TAIL_LENGTH =
  MAX_COMMENT_LENGTH + END_OF_CENTRAL_DIRECTORY_LENGTH + ZIP64_LOCATOR_LENGTH + ZIP64_END_OF_CENTRAL_DIRECTORY_LENGTH;

/**
 * The tail read first: one page. When its end record is the one closest to the end, reaches
 * the end exactly (no comment beyond the page) and has room before it for a Zip64 locator and
 * record, the whole tail would choose the same record (every signature closer to the end is in
 * the page); otherwise the whole tail is read.
 */
const FIRST_TAIL_LENGTH = 4096;

/** A glued prefix (offsets not re-based) is read the same way by readZip: the shift is found in the window too. */
const TOLERATED_CODES: ReadonlySet<string> = new Set(['zip.offsets-shifted']);

function undecided(reason: string): EntryPeek {
  return { decided: false, reason };
}

function unusual(sink: DiagnosticSink): string | undefined {
  return sink.finish().find((diagnostic) => !TOLERATED_CODES.has(diagnostic.code))?.code;
}

/**
 * The data of the first central-directory entry named `name` (as findEntry chooses), read
 * with readEntry under `maxBytes`, from a file of `fileSize` bytes; or undecided.
 */
export function peekEntry(readAt: ReadAt, fileSize: number, name: string, maxBytes: number): EntryPeek {
  try {
    return peek(readAt, fileSize, name, maxBytes);
  } catch (error) {
    // A file the decoders refuse: the whole read says how.
    if (error instanceof FormatError) return undecided(error.code);
    throw error;
  }
}

/** The end records from the file's last page, or from its whole tail when the page cannot tell. */
function readTail(
  readAt: ReadAt,
  fileSize: number,
): { tail: ByteReader; end: RawEndOfCentralDirectory; sink: DiagnosticSink } | undefined {
  for (const length of [FIRST_TAIL_LENGTH, TAIL_LENGTH]) {
    const sink = new DiagnosticSink();
    const tailStart = Math.max(0, fileSize - length);
    const tail = new ByteReader(readAt(tailStart, fileSize - tailStart), tailStart);
    if (tail.length !== fileSize - tailStart) return undefined;
    const whole = tailStart === 0 || length === TAIL_LENGTH;
    let end: RawEndOfCentralDirectory;
    try {
      end = readEndOfCentralDirectory(tail, sink);
    } catch (error) {
      if (whole || !(error instanceof FormatError)) throw error;
      continue;
    }
    const room = end.offset - tailStart >= ZIP64_LOCATOR_LENGTH + ZIP64_END_OF_CENTRAL_DIRECTORY_LENGTH;
    if (whole || (room && sink.diagnostics.length === 0)) return { tail, end, sink };
  }
  return undefined;
}

function peek(readAt: ReadAt, fileSize: number, name: string, maxBytes: number): EntryPeek {
  const read = readTail(readAt, fileSize);
  if (read === undefined) return undecided('short read');
  const { tail, end, sink } = read;
  const tailStart = tail.base;
  // Every position locateCentralDirectory probes (the declared offset, or the directory's size
  // before the end records) lies in [start, fileSize): the window answers as the file does.
  const declared = end.centralDirectoryOffset;
  const endRelative = end.directoryLimit - end.centralDirectorySize;
  const start = Math.min(fileSize, declared, endRelative >= 0 ? endRelative : declared);
  if (fileSize - start > PEEK_CENTRAL_DIRECTORY_LIMIT) return undecided('central directory over the peek limit');
  const directory =
    start >= tailStart
      ? tail.slice(start - tailStart, fileSize - start)
      : new ByteReader(readAt(start, fileSize - start), start);
  if (directory.length !== fileSize - start) return undecided('short read');
  const location = locateCentralDirectory(directory, end, sink);
  const { records } = readCentralRecords(directory, end, location, sink);
  const problem = unusual(sink);
  if (problem !== undefined) return undecided(problem);
  const record = records.find((candidate) => decodeName(candidate.rawName).name === name);
  if (record === undefined) return { decided: true, value: undefined };
  return peekData(readAt, fileSize, name, record, record.localHeaderOffset + location.offsetShift, maxBytes);
}

/** The entry's local header and data, then readEntry over that window. */
function peekData(
  readAt: ReadAt,
  fileSize: number,
  name: string,
  record: RawCentralRecord,
  localPosition: number,
  maxBytes: number,
): EntryPeek {
  if (localPosition < 0 || localPosition + LOCAL_FILE_HEADER_LENGTH > fileSize)
    return undecided('local header outside the file');
  // Stored data over the budget is refused, deflated data over it is not a manifest-sized stream.
  if (record.compressedSize > maxBytes) return undecided('compressed data over the budget');
  const fixed = new ByteReader(readAt(localPosition, LOCAL_FILE_HEADER_LENGTH), localPosition);
  if (fixed.length !== LOCAL_FILE_HEADER_LENGTH) return undecided('short read');
  const headerLength =
    LOCAL_FILE_HEADER_LENGTH +
    fixed.u16At(LOCAL_FILE_HEADER_FIELD.nameLength) +
    fixed.u16At(LOCAL_FILE_HEADER_FIELD.extraLength);
  const length = Math.min(fileSize - localPosition, headerLength + record.compressedSize);
  const window = new ByteReader(readAt(localPosition, length), localPosition);
  if (window.length !== length) return undecided('short read');
  const local = readLocalHeader(window, 0);
  if (local === undefined) return undecided('no local header');
  // The entry as readZip builds it, its offsets relative to the window that stands for the file.
  const entry = entryOf(record, 0, name, {
    centralHeaderOffset: record.offset - localPosition,
    localHeaderOffset: 0,
    dataOffset: local.dataOffset - localPosition,
  });
  const archive: ZipArchive = {
    bytes: window.bytes,
    entries: [entry],
    endOfCentralDirectoryOffset: 0,
    centralDirectoryOffset: 0,
    centralDirectorySize: 0,
    prefixLength: 0,
    comment: new Uint8Array(0),
    zip64: false,
    // The whole file's inflate budget, as readZip gives it.
    reads: new ArchiveReads<ZipEntry>(fileSize),
  };
  return { decided: true, value: readEntryData(archive, entry, { maxBytes }).value };
}
