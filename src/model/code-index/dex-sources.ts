/**
 * The dex files the code index reads, from the one discovery in
 * src/model/code (multidex, misnamed and hidden dex, dex in assets and in
 * nested APKs/JARs, the Janus prefix), each parsed with offsets relative to
 * its own file (what dexdump and baksmali print, so evidence can be checked).
 *
 * Order is class-loading order first: `classes.dex`, `classes2.dex`, ... up
 * to the first missing number (ART DexFileLoader::GetMultiDexClassesDexName,
 * called with 1, 2, ... until an entry is absent). The other code follows in
 * discovery order: it is code the app can load at run time (DexClassLoader,
 * whose parent-first delegation lets the app's own classes win, as the index's
 * first-definition rule does) or that unpatched Android runs (Janus). Every
 * source keeps where it came from (`found`).
 */
import { DiagnosticSink, type ParseResult } from '../../formats/diagnostics.js';
import { readZip, type ZipArchive } from '../../formats/zip/index.js';
import { PREFIX_LOCATION, readDexSources, type ParsedDexSource } from '../code/index.js';
import type { DexSource } from './types.js';

const PRIMARY_DEX = 'classes.dex';
export const PREFIX_DEX_NAME = PREFIX_LOCATION;

/** The multidex name of position `position` (0-based): classes.dex, classes2.dex, ... */
export function multidexName(position: number): string {
  return position === 0 ? PRIMARY_DEX : `classes${position + 1}.dex`;
}

export interface LoadDexOptions {
  /**
   * 'all' (default): the class path, then every other dex found (assets, nested
   * archives, misnamed, the Janus prefix). 'class-path': only what Android's
   * installer loads by itself.
   */
  readonly include?: 'all' | 'class-path';
}

function toSource(parsed: ParsedDexSource): DexSource | undefined {
  if (parsed.dex === undefined) return undefined;
  const { bytes: _bytes, ...found } = parsed.source;
  return { name: parsed.source.location, dex: parsed.dex, found };
}

/** The app's dex files, class path first (see the file comment). Diagnostics name each file. */
export function loadDexSources(archive: ZipArchive, options: LoadDexOptions = {}): ParseResult<DexSource[]> {
  const sink = new DiagnosticSink();
  const read = readDexSources(archive, { verifyIntegrity: false, dexRelativeOffsets: true });
  for (const diagnostic of read.diagnostics)
    sink.add(diagnostic.code, diagnostic.offset, diagnostic.detail, diagnostic.severity);
  // Discovery lists the multidex set in load order; `origin` says which of them Android loads.
  const classPath = read.value.filter((parsed) => parsed.source.origin === 'multidex');
  const others = read.value.filter((parsed) => parsed.source.origin !== 'multidex');
  const sources: DexSource[] = [];
  for (const parsed of classPath) {
    const source = toSource(parsed);
    if (source) sources.push(source);
  }
  for (const parsed of others) {
    const { location, origin } = parsed.source;
    if (origin === 'zip-prefix') {
      sink.add(
        'code-index.prefix-dex',
        0,
        `the bytes before the ZIP begin with a dex header: on Android 5.0-8.0 with a v1-only signature that dex runs instead of classes.dex (Janus, CVE-2017-13156)`,
        'warning',
      );
    } else {
      sink.add(
        'code-index.dex-not-loaded',
        0,
        `${location} is not on the app's class path (${parsed.source.note})`,
        'info',
      );
    }
    if (options.include === 'class-path') continue;
    const source = toSource(parsed);
    if (source) sources.push(source);
  }
  return { value: sources, diagnostics: sink.finish() };
}

/**
 * The dex glued in front of the ZIP (fdroidserver/janus.apk), as its own source
 * named PREFIX_DEX_NAME, for indexing it apart from the app (its classes usually
 * have the same names as the app's and would otherwise be shadowed by them).
 */
export function prefixDexSource(archive: ZipArchive): ParseResult<DexSource | undefined> {
  const read = readDexSources(archive, { verifyIntegrity: false, dexRelativeOffsets: true, maxDepth: 0 });
  const prefix = read.value.find((parsed) => parsed.source.origin === 'zip-prefix');
  return { value: prefix === undefined ? undefined : toSource(prefix), diagnostics: read.diagnostics };
}

/** Convenience for tools and benchmarks: the dex files of APK bytes. Throws FormatError only for an unreadable ZIP. */
export function loadDexSourcesFromApk(bytes: Uint8Array, options: LoadDexOptions = {}): ParseResult<DexSource[]> {
  const zip = readZip(bytes);
  const result = loadDexSources(zip.value, options);
  return { value: result.value, diagnostics: [...zip.diagnostics, ...result.diagnostics] };
}
