/** Lazy, cached parsing of a bundle APK's ZIP structure. */
import type { ParseResult } from '../../formats/diagnostics.js';
import { readZip, type ZipArchive } from '../../formats/zip/index.js';
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
