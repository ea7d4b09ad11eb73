/**
 * Locating the End Of Central Directory record (APPNOTE.TXT 4.3.16) and, when
 * present, the Zip64 locator and record (4.3.14, 4.3.15).
 *
 * Android's libziparchive (MapCentralDirectory) scans back from the end of the
 * file over at most 65,535 + 22 bytes and takes the signature closest to the
 * end; it then rejects the file when the comment length does not reach the end
 * exactly. We prefer the closest *consistent* record and report the
 * inconsistency, because a hostile file can plant a fake signature in its
 * comment to make tools disagree.
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { DiagnosticSink, FormatError } from '../diagnostics.js';
import {
  END_OF_CENTRAL_DIRECTORY_FIELD,
  END_OF_CENTRAL_DIRECTORY_LENGTH,
  END_OF_CENTRAL_DIRECTORY_SIGNATURE,
  MAX_COMMENT_LENGTH,
  SIGNATURE_LENGTH,
  ZIP64_END_OF_CENTRAL_DIRECTORY_FIELD,
  ZIP64_END_OF_CENTRAL_DIRECTORY_LENGTH,
  ZIP64_END_OF_CENTRAL_DIRECTORY_SIGNATURE,
  ZIP64_LOCATOR_FIELD,
  ZIP64_LOCATOR_LENGTH,
  ZIP64_LOCATOR_SIGNATURE,
  ZIP64_SENTINEL_16,
  ZIP64_SENTINEL_32,
} from './constants.js';

/** The end records as declared on disk, Zip64 values already merged in. */
export interface RawEndOfCentralDirectory {
  /** Absolute offset of the (classic) EOCD record. */
  readonly offset: number;
  /** Absolute offset of the Zip64 EOCD record, when one was read. */
  readonly zip64Offset: number | undefined;
  readonly diskNumber: number;
  readonly centralDirectoryDisk: number;
  readonly entriesOnThisDisk: number;
  readonly totalEntries: number;
  readonly centralDirectorySize: number;
  /** Declared offset of the central directory (relative to the archive start). */
  readonly centralDirectoryOffset: number;
  readonly comment: Uint8Array;
  /** Where the central directory must end: the Zip64 record if any, else the EOCD. */
  readonly directoryLimit: number;
}

interface Candidate {
  readonly offset: number;
  readonly commentLength: number;
}

/** The EOCD signature as it lies on disk (little-endian "PK\x05\x06"). */
const SIGNATURE_BYTES = Buffer.from([
  END_OF_CENTRAL_DIRECTORY_SIGNATURE & 0xff,
  (END_OF_CENTRAL_DIRECTORY_SIGNATURE >>> 8) & 0xff,
  (END_OF_CENTRAL_DIRECTORY_SIGNATURE >>> 16) & 0xff,
  END_OF_CENTRAL_DIRECTORY_SIGNATURE >>> 24,
]);

/**
 * Scans back for EOCD signatures, closest to the end first; bounded to the last
 * 65,535 + 22 bytes. Buffer.lastIndexOf searches natively: the byte-by-byte loop it
 * replaces read all 64 KiB of every archive (8% of indexing a 12 KB APK).
 */
export function findCandidates(reader: ByteReader): Candidate[] {
  const candidates: Candidate[] = [];
  const last = reader.length - END_OF_CENTRAL_DIRECTORY_LENGTH;
  const first = Math.max(0, last - MAX_COMMENT_LENGTH);
  // Signatures may start anywhere in [first, last]: the window ends 4 bytes after last.
  const window = Buffer.from(reader.bytes.buffer, reader.bytes.byteOffset + first, last - first + SIGNATURE_LENGTH);
  for (
    let at = window.lastIndexOf(SIGNATURE_BYTES, last - first);
    at >= 0;
    at = at === 0 ? -1 : window.lastIndexOf(SIGNATURE_BYTES, at - 1)
  ) {
    const position = first + at;
    candidates.push({
      offset: position,
      commentLength: reader.u16At(position + END_OF_CENTRAL_DIRECTORY_FIELD.commentLength),
    });
  }
  return candidates;
}

export function readEndOfCentralDirectory(reader: ByteReader, sink: DiagnosticSink): RawEndOfCentralDirectory {
  if (reader.length < END_OF_CENTRAL_DIRECTORY_LENGTH) {
    throw new FormatError(
      'zip.too-short',
      reader.base,
      `not a ZIP: ${reader.length} bytes is shorter than an end of central directory record`,
    );
  }
  const candidates = findCandidates(reader);
  const closest = candidates[0];
  if (closest === undefined) {
    throw new FormatError(
      'zip.no-end-of-central-directory',
      reader.base,
      'not a ZIP: no end of central directory record in the last 65,557 bytes',
    );
  }
  const fits = (candidate: Candidate): boolean =>
    candidate.offset + END_OF_CENTRAL_DIRECTORY_LENGTH + candidate.commentLength === reader.length;
  const chosen = candidates.find(fits) ?? closest;
  if (chosen !== closest) {
    // No corpus file needs this: Android would reject the file; we still read the consistent record to show what it hides.
    sink.add(
      'zip.eocd-signature-in-comment',
      reader.base + closest.offset,
      `an end of central directory signature inside the archive comment at ${reader.base + closest.offset} does not fit the file; Android takes the one closest to the end and rejects the file, we use the consistent one at ${reader.base + chosen.offset}`,
      'error',
    );
  } else if (!fits(chosen)) {
    const trailing = reader.length - (chosen.offset + END_OF_CENTRAL_DIRECTORY_LENGTH + chosen.commentLength);
    sink.add(
      'zip.eocd-comment-length-mismatch',
      reader.base + chosen.offset + END_OF_CENTRAL_DIRECTORY_FIELD.commentLength,
      trailing > 0
        ? `${trailing} bytes follow the end of central directory record and its comment (Android's libziparchive rejects such a file)`
        : `comment length ${chosen.commentLength} runs ${-trailing} bytes past the end of the file (Android's libziparchive rejects such a file)`,
      'error',
    );
  }
  const fitting = candidates.filter(fits).length;
  if (fitting > 1) {
    // No corpus file does this; a record planted in the comment that also "fits" makes forward-scanning tools see another archive.
    sink.add(
      'zip.eocd-ambiguous',
      reader.base + chosen.offset,
      `${fitting} end of central directory records each reach the end of the file exactly; the one closest to the end is used, as Android and apksig do`,
      'warning',
    );
  }
  // Several signatures alone are normal: stored nested APKs (an .apks of stored splits) carry their own end records.
  return decodeRecord(reader, chosen, sink);
}

function decodeRecord(reader: ByteReader, candidate: Candidate, sink: DiagnosticSink): RawEndOfCentralDirectory {
  const record = reader.slice(candidate.offset, END_OF_CENTRAL_DIRECTORY_LENGTH);
  record.skip(SIGNATURE_LENGTH); // checked by the scan
  const diskNumber = record.u16();
  const centralDirectoryDisk = record.u16();
  const entriesOnThisDisk = record.u16();
  const totalEntries = record.u16();
  const centralDirectorySize = record.u32();
  const centralDirectoryOffset = record.u32();
  const commentLength = record.u16();
  const commentStart = candidate.offset + END_OF_CENTRAL_DIRECTORY_LENGTH;
  const comment = reader.sliceClamped(commentStart, commentLength).bytes;
  const classic: RawEndOfCentralDirectory = {
    offset: reader.base + candidate.offset,
    zip64Offset: undefined,
    diskNumber,
    centralDirectoryDisk,
    entriesOnThisDisk,
    totalEntries,
    centralDirectorySize,
    centralDirectoryOffset,
    comment,
    directoryLimit: reader.base + candidate.offset,
  };
  if (diskNumber !== 0 || centralDirectoryDisk !== 0) {
    sink.add(
      'zip.multi-disk',
      classic.offset + END_OF_CENTRAL_DIRECTORY_FIELD.diskNumber,
      `disk number ${diskNumber}, central directory disk ${centralDirectoryDisk}: spanned archives are not supported by Android; read as a single file`,
      'warning',
    );
  }
  if (entriesOnThisDisk !== totalEntries) {
    sink.add(
      'zip.eocd-entry-counts-differ',
      classic.offset + END_OF_CENTRAL_DIRECTORY_FIELD.entriesOnThisDisk,
      `entries on this disk ${entriesOnThisDisk} differ from total entries ${totalEntries}`,
      'warning',
    );
  }
  return readZip64(reader, candidate.offset, classic, sink);
}

/** 4.3.15: the Zip64 locator sits immediately before the classic EOCD record. */
function readZip64(
  reader: ByteReader,
  eocdPosition: number,
  classic: RawEndOfCentralDirectory,
  sink: DiagnosticSink,
): RawEndOfCentralDirectory {
  const locatorPosition = eocdPosition - ZIP64_LOCATOR_LENGTH;
  if (locatorPosition < 0 || reader.u32At(locatorPosition) !== ZIP64_LOCATOR_SIGNATURE) return classic;
  const locatorOffset = reader.base + locatorPosition;
  try {
    const recordPosition = reader.u64At(locatorPosition + ZIP64_LOCATOR_FIELD.recordOffset);
    // A garbage prefix shifts the Zip64 record as well; it must end at the locator.
    const expectedPosition = locatorPosition - ZIP64_END_OF_CENTRAL_DIRECTORY_LENGTH;
    // The locator holds an absolute offset; the reader may be a window of the file (peek.ts).
    let position = recordPosition - reader.base;
    if (
      !reader.has(SIGNATURE_LENGTH, position) ||
      reader.u32At(position) !== ZIP64_END_OF_CENTRAL_DIRECTORY_SIGNATURE
    ) {
      if (expectedPosition >= 0 && reader.u32At(expectedPosition) === ZIP64_END_OF_CENTRAL_DIRECTORY_SIGNATURE) {
        sink.add(
          'zip.zip64-record-moved',
          locatorOffset + ZIP64_LOCATOR_FIELD.recordOffset,
          `Zip64 locator points to ${recordPosition} but the Zip64 record sits at ${reader.base + expectedPosition}`,
          'warning',
        );
        position = expectedPosition;
      } else {
        sink.add(
          'zip.zip64-record-missing',
          locatorOffset + ZIP64_LOCATOR_FIELD.recordOffset,
          `Zip64 locator points to ${recordPosition} where there is no Zip64 end of central directory record; 32-bit values used`,
          'error',
        );
        return classic;
      }
    }
    const record = reader.slice(position, ZIP64_END_OF_CENTRAL_DIRECTORY_LENGTH);
    record.skip(SIGNATURE_LENGTH + 8 + 2 + 2); // size of record (8), version made by (2), version needed (2)
    const diskNumber = record.u32();
    const centralDirectoryDisk = record.u32();
    const entriesOnThisDisk = record.u64();
    const totalEntries = record.u64();
    const centralDirectorySize = record.u64();
    const centralDirectoryOffset = record.u64();
    const pick = (value32: number, sentinel: number, value64: number, field: string, fieldOffset: number): number => {
      if (value32 !== sentinel && value32 !== value64) {
        sink.add(
          'zip.zip64-disagrees',
          fieldOffset,
          `${field}: end of central directory says ${value32}, Zip64 record says ${value64}; Zip64 value used`,
          'warning',
        );
      }
      return value64;
    };
    const zip64Offset = reader.base + position;
    return {
      ...classic,
      zip64Offset,
      diskNumber,
      centralDirectoryDisk,
      entriesOnThisDisk: pick(
        classic.entriesOnThisDisk,
        ZIP64_SENTINEL_16,
        entriesOnThisDisk,
        'entries on this disk',
        zip64Offset + ZIP64_END_OF_CENTRAL_DIRECTORY_FIELD.entriesOnThisDisk,
      ),
      totalEntries: pick(
        classic.totalEntries,
        ZIP64_SENTINEL_16,
        totalEntries,
        'total entries',
        zip64Offset + ZIP64_END_OF_CENTRAL_DIRECTORY_FIELD.totalEntries,
      ),
      centralDirectorySize: pick(
        classic.centralDirectorySize,
        ZIP64_SENTINEL_32,
        centralDirectorySize,
        'central directory size',
        zip64Offset + ZIP64_END_OF_CENTRAL_DIRECTORY_FIELD.centralDirectorySize,
      ),
      centralDirectoryOffset: pick(
        classic.centralDirectoryOffset,
        ZIP64_SENTINEL_32,
        centralDirectoryOffset,
        'central directory offset',
        zip64Offset + ZIP64_END_OF_CENTRAL_DIRECTORY_FIELD.centralDirectoryOffset,
      ),
      directoryLimit: zip64Offset,
    };
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    sink.add(
      'zip.zip64-record-truncated',
      locatorOffset,
      `Zip64 end of central directory record runs past the end of the file; 32-bit values used`,
      'error',
    );
    return classic;
  }
}
