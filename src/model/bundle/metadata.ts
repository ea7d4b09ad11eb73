/**
 * Bundle metadata files and the encrypted APKM header. Metadata is untrusted:
 * it is read under a small budget, parsed defensively, and only string or
 * number fields are kept.
 */
import { ByteReader } from '../../formats/binary/byte-reader.js';
import type { DiagnosticSink } from '../../formats/diagnostics.js';
import { findEntry, readEntry, type ZipArchive } from '../../formats/zip/index.js';
import { readTableOfContents, type TocApk } from './toc-pb.js';
import type { ApkRole, BundleFormat, BundleMetadata } from './types.js';

/** Metadata files are small; a larger one is refused rather than parsed. */
const METADATA_BUDGET = 1024 * 1024;

/** APKPure .xapk (manifest.json), APKMirror .apkm (info.json), SAI (meta.sai_v2.json, meta.sai_v1.json), bundletool (toc.pb). */
export const METADATA_FILES: ReadonlyArray<{ name: string; format: BundleFormat }> = [
  { name: 'manifest.json', format: 'xapk' },
  { name: 'info.json', format: 'apkm' },
  { name: 'meta.sai_v2.json', format: 'apks' },
  { name: 'meta.sai_v1.json', format: 'apks' },
  { name: 'toc.pb', format: 'apks' },
];

/** Field names per producer, first match wins. */
const FIELDS = {
  packageName: ['package_name', 'pname', 'package', 'packageName'],
  versionName: ['version_name', 'release_version', 'versionName'],
  versionCode: ['version_code', 'versioncode', 'versionCode'],
  label: ['name', 'app_name', 'label'],
} as const;

export const EMPTY_METADATA: BundleMetadata = {
  source: undefined,
  packageName: undefined,
  versionName: undefined,
  versionCode: undefined,
  label: undefined,
};

function field(object: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = object[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/** What a container's metadata says about one of its APKs. */
export interface ListedApk {
  /** Path inside the container (APKPure lists bare file names). */
  readonly file: string;
  readonly role: ApkRole;
  readonly splitName: string | undefined;
}

export interface ParsedMetadata {
  readonly metadata: BundleMetadata;
  readonly listedApks: readonly ListedApk[];
}

/** bundletool: a split's id is its manifest `split`; "" is the base module's master split. */
function fromToc(apk: TocApk): ListedApk {
  if (apk.kind === 'standalone' || apk.kind === 'system')
    return { file: apk.path, role: 'standalone', splitName: undefined };
  if (apk.splitId === '' || apk.splitId === undefined)
    return { file: apk.path, role: apk.kind === 'split' ? 'base' : 'unknown', splitName: undefined };
  return { file: apk.path, role: 'split', splitName: apk.splitId };
}

/** Reads the first metadata file the container has; JSON only (toc.pb is recorded, not decoded). */
export function readBundleMetadata(archive: ZipArchive, sink: DiagnosticSink): ParsedMetadata {
  for (const { name } of METADATA_FILES) {
    const entry = findEntry(archive, name);
    if (entry === undefined) continue;
    const data = readEntry(archive, entry, { maxBytes: METADATA_BUDGET });
    for (const diagnostic of data.diagnostics)
      sink.add(diagnostic.code, diagnostic.offset, diagnostic.detail, diagnostic.severity);
    if (data.value === undefined) return { metadata: { ...EMPTY_METADATA, source: name }, listedApks: [] };
    if (!name.endsWith('.json')) {
      const toc = readTableOfContents(data.value, entry.dataOffset, sink);
      return {
        metadata: { ...EMPTY_METADATA, source: name, packageName: toc.packageName },
        listedApks: toc.apks.map(fromToc),
      };
    }
    let parsed: unknown;
    try {
      // JSON.parse of a bounded, UTF-8 decoded text: it cannot run away.
      parsed = JSON.parse(new TextDecoder().decode(data.value));
    } catch (error) {
      sink.add(
        'bundle.metadata-invalid',
        entry.dataOffset,
        `${name} is not valid JSON: ${(error as Error).message}`,
        'warning',
      );
      return { metadata: { ...EMPTY_METADATA, source: name }, listedApks: [] };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      sink.add('bundle.metadata-invalid', entry.dataOffset, `${name} is not a JSON object`, 'warning');
      return { metadata: { ...EMPTY_METADATA, source: name }, listedApks: [] };
    }
    const object = parsed as Record<string, unknown>;
    const metadata: BundleMetadata = {
      source: name,
      packageName: field(object, FIELDS.packageName),
      versionName: field(object, FIELDS.versionName),
      versionCode: field(object, FIELDS.versionCode),
      label: field(object, FIELDS.label),
    };
    // APKPure: split_apks [{ file, id }], id "base" for the base.
    const listedApks: ListedApk[] = [];
    const splitApks = object['split_apks'];
    if (Array.isArray(splitApks)) {
      for (const item of splitApks) {
        if (typeof item !== 'object' || item === null) continue;
        const record = item as Record<string, unknown>;
        const file = record['file'];
        const id = record['id'];
        if (typeof file !== 'string' || typeof id !== 'string') continue;
        listedApks.push(
          id === 'base' ? { file, role: 'base', splitName: undefined } : { file, role: 'split', splitName: id },
        );
      }
    }
    return { metadata, listedApks };
  }
  return { metadata: EMPTY_METADATA, listedApks: [] };
}

/**
 * APKMirror's encrypted .apkm (APKMirror Installer, 2020+): a libsodium
 * secretstream whose header is, as the open-source decryptor unapkm reads it:
 * 1 byte (skipped), 1 byte password-hash algorithm (1 = Argon2i13, 2 = Argon2id13),
 * 8 bytes opslimit, 8 bytes memlimit, 8 bytes chunk size, 16 bytes salt,
 * 24 bytes secretstream header, then chunks of chunk size + 17 bytes.
 */
const APKM_ALGORITHM_ARGON2I13 = 1;
const APKM_ALGORITHM_ARGON2ID13 = 2;
const ENCRYPTED_APKM_HEADER_LENGTH = 66;
/** unapkm's MEM_LIMIT: the largest memlimit a genuine header carries. */
const APKM_MAX_MEMORY_LIMIT = 0x2000_0000;
/** libsodium secretstream: 17 bytes of tag and MAC per chunk. */
const SECRETSTREAM_CHUNK_OVERHEAD = 17;

export function looksLikeEncryptedApkm(bytes: Uint8Array): boolean {
  const reader = new ByteReader(bytes);
  if (!reader.has(ENCRYPTED_APKM_HEADER_LENGTH)) return false;
  const algorithm = reader.u8At(1);
  if (algorithm !== APKM_ALGORITHM_ARGON2I13 && algorithm !== APKM_ALGORITHM_ARGON2ID13) return false;
  const memoryLimit = reader.u64At(10);
  const chunkSize = reader.u64At(18);
  return (
    memoryLimit > 0 &&
    memoryLimit <= APKM_MAX_MEMORY_LIMIT &&
    chunkSize > 0 &&
    chunkSize + SECRETSTREAM_CHUNK_OVERHEAD <= bytes.length
  );
}
