/**
 * Public model of what the user handed us: one APK, a set of split APKs, or a
 * bundle container (.xapk, .apks, .apkm) holding them. Every file carries its
 * SHA-256 so that a report can name exactly which bytes were analysed.
 */
import type { ParseResult } from '../../formats/diagnostics.js';
import type { ZipArchive } from '../../formats/zip/index.js';

export type BundleFormat =
  /** A single APK (or an APK-like zip without a manifest; see diagnostics). */
  | 'apk'
  /** Several APK files, given one by one or as a folder. */
  | 'split-apks'
  /** APKPure's container: manifest.json, APKs, optional OBB expansion files. */
  | 'xapk'
  /** SAI or bundletool container (meta.sai_v*.json or toc.pb), or a plain zip of APKs. */
  | 'apks'
  /** APKMirror's container: info.json and APKs. */
  | 'apkm'
  /** APKMirror's newer encrypted container: detected, not readable. */
  | 'encrypted-apkm';

export type ApkRole =
  | 'base'
  | 'split'
  /** bundletool's standalones/*.apk: a whole alternative APK for old devices. */
  | 'standalone'
  /** Not yet known (no file-name or metadata evidence; the manifest hook decides). */
  | 'unknown';

export type SplitNameSource = 'file-name' | 'bundle-metadata' | 'manifest';

export interface BundleFile {
  /** The file on disk this came from (the container, for files inside one). */
  readonly diskPath: string;
  /** Path inside the container ("" for a file given directly); for nested archives, `outer!/inner`. */
  readonly pathInBundle: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
}

export interface BundleApk extends BundleFile {
  readonly role: ApkRole;
  /** Split name (`config.en`, `feat_docs`); undefined for the base. */
  readonly splitName: string | undefined;
  readonly splitNameSource: SplitNameSource | undefined;
  /** The APK's bytes (a view into the container for stored entries). */
  readonly bytes: Uint8Array;
  /**
   * readZip of `bytes`, when openApp read it to tell an APK from a container (a single file),
   * so that the model does not read the directory again.
   */
  readonly zip?: ZipHandoff;
}

/**
 * A parsed archive handed to the first reader of the APK's entries, which takes it: after that
 * the bundle no longer holds it (nor the memo its reads fill) while the model is built.
 */
export interface ZipHandoff {
  /** readZip of `bytes` the first time (undefined for other bytes), undefined after. */
  take(bytes: Uint8Array): ParseResult<ZipArchive> | undefined;
}

export interface BundleMetadata {
  /** Which file the values come from (`manifest.json`, `info.json`, `meta.sai_v2.json`, `toc.pb`). */
  readonly source: string | undefined;
  readonly packageName: string | undefined;
  readonly versionName: string | undefined;
  readonly versionCode: string | undefined;
  readonly label: string | undefined;
}

export interface AppBundle {
  readonly format: BundleFormat;
  /** The files the user gave (after expanding a folder), with their hashes. */
  readonly inputs: readonly BundleFile[];
  /** Every APK, base first when known. */
  readonly apks: readonly BundleApk[];
  readonly base: BundleApk | undefined;
  /** Other files in a container: OBB expansions, icons, metadata. */
  readonly otherFiles: readonly BundleFile[];
  readonly metadata: BundleMetadata;
}
