/**
 * Archives nested inside an APK (assets/*.apk, *.jar, *.zip, or any entry whose
 * data starts with a ZIP local header): droppers and plugin frameworks hide
 * their real payload this way. Listing is cheap and bounded; opening is lazy
 * and refuses to go deeper than MAX_NESTING_DEPTH.
 */
import { createHash } from 'node:crypto';
import { DiagnosticSink, FormatError, type ParseResult } from '../../formats/diagnostics.js';
import { LOCAL_FILE_HEADER_SIGNATURE } from '../../formats/zip/constants.js';
import {
  readEntry,
  readEntryPrefix,
  readZip,
  type ReadEntryOptions,
  type ZipArchive,
  type ZipEntry,
} from '../../formats/zip/index.js';

/** An APK inside an APK inside an APK is already unusual; deeper is refused. */
const MAX_NESTING_DEPTH = 3;
const ARCHIVE_EXTENSION = /\.(apk|apks|xapk|apkm|jar|zip|aab)$/i;
/** Enough compressed bytes to inflate the first 4 output bytes of any deflate stream's first block. */
const LOCAL_HEADER_MAGIC_LENGTH = 4;

export interface NestedArchive {
  /** `outer!/inner` path, as jar: URLs write it. */
  readonly pathInBundle: string;
  readonly entry: ZipEntry;
  /** 1 for an archive directly inside the APK. */
  readonly depth: number;
  /** Why it was listed: its name, or ZIP magic found in its data despite its name. */
  readonly evidence: 'extension' | 'zip-magic';
}

export interface OpenedNestedArchive {
  readonly archive: ZipArchive;
  readonly sha256: string;
  readonly size: number;
  readonly children: readonly NestedArchive[];
}

function startsWithLocalHeader(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === LOCAL_FILE_HEADER_SIGNATURE
  );
}

export function listNestedArchives(archive: ZipArchive, parentPath: string, depth = 1): NestedArchive[] {
  const found: NestedArchive[] = [];
  for (const entry of archive.entries) {
    if (entry.isDirectory || entry.compressedSize === 0) continue;
    const byName = ARCHIVE_EXTENSION.test(entry.name);
    if (!byName && !startsWithLocalHeader(readEntryPrefix(archive, entry, LOCAL_HEADER_MAGIC_LENGTH))) continue;
    found.push({
      pathInBundle: `${parentPath}!/${entry.name}`,
      entry,
      depth,
      evidence: byName ? 'extension' : 'zip-magic',
    });
  }
  return found;
}

/** Reads and parses one nested archive; undefined (with diagnostics) when it is not a readable ZIP or too deep. */
export function openNestedArchive(
  parent: ZipArchive,
  nested: NestedArchive,
  options?: ReadEntryOptions,
): ParseResult<OpenedNestedArchive | undefined> {
  const sink = new DiagnosticSink();
  const done = (value: OpenedNestedArchive | undefined): ParseResult<OpenedNestedArchive | undefined> => ({
    value,
    diagnostics: sink.finish(),
  });
  if (nested.depth > MAX_NESTING_DEPTH) {
    sink.add(
      'bundle.nesting-too-deep',
      nested.entry.localHeaderOffset,
      `"${nested.pathInBundle}" is nested ${nested.depth} levels deep; not opened (limit ${MAX_NESTING_DEPTH})`,
      'warning',
    );
    return done(undefined);
  }
  const data = readEntry(parent, nested.entry, options);
  for (const diagnostic of data.diagnostics)
    sink.add(diagnostic.code, diagnostic.offset, `${nested.pathInBundle}: ${diagnostic.detail}`, diagnostic.severity);
  if (data.value === undefined) return done(undefined);
  let archive: ZipArchive;
  try {
    const parsed = readZip(data.value);
    archive = parsed.value;
    // Offsets inside a nested archive are relative to the nested file; the path says which.
    for (const diagnostic of parsed.diagnostics)
      sink.add(diagnostic.code, diagnostic.offset, `${nested.pathInBundle}: ${diagnostic.detail}`, diagnostic.severity);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    sink.add(
      'bundle.nested-not-zip',
      nested.entry.localHeaderOffset,
      `"${nested.pathInBundle}" is named like an archive but is not a readable ZIP: ${error.message}`,
      'info',
    );
    return done(undefined);
  }
  const sha256 = createHash('sha256').update(data.value).digest('hex');
  const children = listNestedArchives(archive, nested.pathInBundle, nested.depth + 1);
  return done({ archive, sha256, size: data.value.length, children });
}
