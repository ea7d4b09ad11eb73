/** Parsing a bundle APK's ZIP structure on demand. */
import { FormatError, type ParseResult } from '../../formats/diagnostics.js';
import { readZip, type ZipArchive } from '../../formats/zip/index.js';
import { listNestedArchives, type NestedArchive } from './nested.js';
import type { BundleApk } from './types.js';

/**
 * The APK's ZIP archive; throws FormatError when it is not a ZIP at all. Each call parses
 * anew (a ZIP's records are read in one pass): a caller that reads several times keeps the
 * archive it got, which owns its reading state (formats/zip/entry-memo.ts).
 */
export function apkArchive(apk: BundleApk): ParseResult<ZipArchive> {
  return readZip(apk.bytes);
}

/** Archives nested in the APK (see nested.ts); none when the APK is not a readable ZIP. */
export function nestedArchivesOf(apk: BundleApk): NestedArchive[] {
  try {
    return listNestedArchives(apkArchive(apk).value, apk.pathInBundle || apk.diskPath);
  } catch (error) {
    if (error instanceof FormatError) return [];
    throw error;
  }
}
