/**
 * Bundle metadata files and the encrypted APKM header. Metadata is untrusted:
 * it is read under a small budget, parsed defensively, and only string or
 * number fields are kept.
 */
import { ByteReader } from '../../formats/binary/byte-reader.js';
import type { DiagnosticSink } from '../../formats/diagnostics.js';
import { findEntry, readEntry, type ZipArchive } from '../../formats/zip/index.js';
import type { BundleFormat, BundleMetadata } from './types.js';

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

export const EMPTY_METADATA: BundleMetadata = { source: undefined, packageName: undefined, versionName: undefined, versionCode: undefined, label: undefined };

function field(object: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = object[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

export interface XapkSplit {
  readonly file: string;
  readonly id: string;
}

export interface ParsedMetadata {
  readonly metadata: BundleMetadata;
  /** APKPure's split_apks list: file name -> split id ("base" for the base). */
  readonly xapkSplits: readonly XapkSplit[];
}

/** Reads the first metadata file the container has; JSON only (toc.pb is recorded, not decoded). */
export function readBundleMetadata(archive: ZipArchive, sink: DiagnosticSink): ParsedMetadata {
  for (const { name } of METADATA_FILES) {
    const entry = findEntry(archive, name);
    if (entry === undefined) continue;
    if (!name.endsWith('.json')) return { metadata: { ...EMPTY_METADATA, source: name }, xapkSplits: [] };
    const data = readEntry(archive, entry, { maxBytes: METADATA_BUDGET });
    for (const diagnostic of data.diagnostics) sink.add(diagnostic.code, diagnostic.offset, diagnostic.detail, diagnostic.severity);
    if (data.value === undefined) return { metadata: { ...EMPTY_METADATA, source: name }, xapkSplits: [] };
    let parsed: unknown;
    try {
      // JSON.parse of a bounded, UTF-8 decoded text: it cannot run away.
      parsed = JSON.parse(new TextDecoder().decode(data.value));
    } catch (error) {
      sink.add('bundle.metadata-invalid', entry.dataOffset, `${name} is not valid JSON: ${(error as Error).message}`, 'warning');
      return { metadata: { ...EMPTY_METADATA, source: name }, xapkSplits: [] };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      sink.add('bundle.metadata-invalid', entry.dataOffset, `${name} is not a JSON object`, 'warning');
      return { metadata: { ...EMPTY_METADATA, source: name }, xapkSplits: [] };
    }
    const object = parsed as Record<string, unknown>;
    const metadata: BundleMetadata = {
      source: name,
      packageName: field(object, FIELDS.packageName),
      versionName: field(object, FIELDS.versionName),
      versionCode: field(object, FIELDS.versionCode),
      label: field(object, FIELDS.label),
    };
    const xapkSplits: XapkSplit[] = [];
    const splitApks = object['split_apks'];
    if (Array.isArray(splitApks)) {
      for (const item of splitApks) {
        if (typeof item !== 'object' || item === null) continue;
        const record = item as Record<string, unknown>;
        const file = record['file'];
        const id = record['id'];
        if (typeof file === 'string' && typeof id === 'string') xapkSplits.push({ file, id });
      }
    }
    return { metadata, xapkSplits };
  }
  return { metadata: EMPTY_METADATA, xapkSplits: [] };
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
export const ENCRYPTED_APKM_HEADER_LENGTH = 66;
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
  return memoryLimit > 0 && memoryLimit <= APKM_MAX_MEMORY_LIMIT && chunkSize > 0 && chunkSize + SECRETSTREAM_CHUNK_OVERHEAD <= bytes.length;
}
