/** Lazy, cached parsing of a bundle APK's ZIP structure. */
import { FormatError, type ParseResult } from '../../formats/diagnostics.js';
import { readZip, type ZipArchive } from '../../formats/zip/index.js';
import { listNestedArchives, type NestedArchive } from './nested.js';
import type { BundleApk } from './types.js';

const archives = new WeakMap<Uint8Array, ParseResult<ZipArchive>>();

/** The APK's ZIP archive, parsed once per APK; throws FormatError when it is not a ZIP at all. */
export function apkArchive(apk: BundleApk): ParseResult<ZipArchive> {
  let parsed = archives.get(apk.bytes);
  if (parsed === undefined) {
    parsed = readZip(apk.bytes);
    archives.set(apk.bytes, parsed);
  }
  return parsed;
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
