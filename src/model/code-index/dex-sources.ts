/**
 * The dex files of an APK in the order the runtime loads them: `classes.dex`,
 * then `classes2.dex`, `classes3.dex`, ... up to the first missing number
 * (ART DexFileLoader::GetMultiDexClassesDexName, called with 1, 2, ... until
 * an entry is absent). Other `*.dex` entries are not loaded by the app's class
 * loader and are reported, not indexed (apktool/dynamic_dex.apk ships one).
 */
import { DiagnosticSink, FormatError, type ParseResult } from '../../formats/diagnostics.js';
import { readDex } from '../../formats/dex/index.js';
import { findEntry, readEntry, readZip, type ZipArchive } from '../../formats/zip/index.js';
import type { DexSource } from './types.js';

/** More dex files than any real app has (Appium's server has 17); bounds the name loop. */
export const DEX_ENTRY_LIMIT = 10_000;
const PRIMARY_DEX = 'classes.dex';
const SECONDARY_DEX = /^classes(\d+)\.dex$/;

/** The multidex name of position `position` (0-based): classes.dex, classes2.dex, ... */
export function multidexName(position: number): string {
  return position === 0 ? PRIMARY_DEX : `classes${position + 1}.dex`;
}

export function loadDexSources(archive: ZipArchive): ParseResult<DexSource[]> {
  const sink = new DiagnosticSink();
  const sources: DexSource[] = [];
  const loaded = new Set<string>();
  for (let position = 0; position < DEX_ENTRY_LIMIT; position++) {
    const name = multidexName(position);
    const entry = findEntry(archive, name);
    if (entry === undefined) break;
    loaded.add(name);
    const data = readEntry(archive, entry);
    for (const diagnostic of data.diagnostics) sink.add(diagnostic.code, diagnostic.offset, diagnostic.detail, diagnostic.severity);
    if (data.value === undefined) continue;
    try {
      const dex = readDex(data.value, 0, { verifyIntegrity: false });
      for (const diagnostic of dex.diagnostics) sink.add(diagnostic.code, diagnostic.offset, `${name}: ${diagnostic.detail}`, diagnostic.severity);
      sources.push({ name, dex: dex.value });
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      // jadx/app-with-fake-dex.apk: a "dex" that is not one; the runtime would fail to load the app.
      sink.add('code-index.dex-unreadable', entry.localHeaderOffset, `${name}: ${error.message}`, 'error');
    }
  }
  if (startsWithDexMagic(archive)) {
    sink.add('code-index.prefix-dex', 0,
      `the ${archive.prefixLength} bytes before the ZIP begin with a dex header: on Android 5.0-8.0 with a v1-only ` +
      'signature that dex runs instead of classes.dex (Janus, CVE-2017-13156); see prefixDexSource()', 'warning');
  }
  for (const entry of archive.entries) {
    const match = SECONDARY_DEX.exec(entry.name);
    if ((match !== null || entry.name.endsWith('.dex')) && !loaded.has(entry.name)) {
      sink.add('code-index.dex-not-loaded', entry.localHeaderOffset,
        `${entry.name} is not on the app's class path (multidex names stop at the first gap)`, 'info');
    }
  }
  return { value: sources, diagnostics: sink.finish() };
}

/** "dex\n" (dex-format, DEX_FILE_MAGIC; the version digits follow). */
const DEX_MAGIC_PREFIX = [0x64, 0x65, 0x78, 0x0a];

function startsWithDexMagic(archive: ZipArchive): boolean {
  if (archive.prefixLength < DEX_MAGIC_PREFIX.length) return false;
  return DEX_MAGIC_PREFIX.every((byte, position) => archive.bytes[position] === byte);
}

/**
 * The dex glued in front of the ZIP (fdroidserver/janus.apk), as its own source
 * named `(zip prefix)`: index it separately, since its classes usually have the
 * same names as the app's and would shadow or be shadowed by them.
 */
export function prefixDexSource(archive: ZipArchive): ParseResult<DexSource | undefined> {
  const sink = new DiagnosticSink();
  if (!startsWithDexMagic(archive)) return { value: undefined, diagnostics: [] };
  try {
    // The runtime reads the whole file as the dex: a Janus dex declares file_size = the APK's
    // length so that its checksum covers the ZIP behind it (fdroidserver/janus.apk: 1032 + ZIP = 10067).
    const dex = readDex(archive.bytes, 0, { verifyIntegrity: false });
    for (const diagnostic of dex.diagnostics) sink.add(diagnostic.code, diagnostic.offset, diagnostic.detail, diagnostic.severity);
    return { value: { name: PREFIX_DEX_NAME, dex: dex.value }, diagnostics: sink.finish() };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    sink.add('code-index.dex-unreadable', 0, `${PREFIX_DEX_NAME}: ${error.message}`, 'error');
    return { value: undefined, diagnostics: sink.finish() };
  }
}

export const PREFIX_DEX_NAME = '(zip prefix)';

/** Convenience for tools and benchmarks: the dex files of APK bytes. Throws FormatError only for an unreadable ZIP. */
export function loadDexSourcesFromApk(bytes: Uint8Array): ParseResult<DexSource[]> {
  const zip = readZip(bytes);
  const result = loadDexSources(zip.value);
  return { value: result.value, diagnostics: [...zip.diagnostics, ...result.diagnostics] };
}
