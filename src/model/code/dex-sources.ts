/**
 * Dex discovery: every piece of code an APK carries, where it came from, and
 * each parsed. The one discovery of the model: `inspect` lists it, the code
 * index and the method bodies read it.
 *
 * Android's installer loads classes.dex, classes2.dex, ... classesN.dex and
 * stops at the first missing number (art/libdexfile/dex/dex_file_loader.cc
 * GetMultiDexClassesDexName; the MultiDex support library does the same).
 * Anything else (a dex in assets, a dex inside a nested APK/JAR, a misnamed
 * dex, a dex glued in front of the zip: Janus, CVE-2017-13156) is code the
 * app can load at run time or that older Android runs instead; our users
 * need to see all of it.
 *
 * Order is class-loading order first: the multidex set Android loads, then
 * the other code in discovery order (the Janus prefix, then entries in archive
 * order, nested archives after their parent's entries). The code index keeps
 * the first definition of a class in this order, as DexPathList.findClass and
 * DexClassLoader's parent-first delegation do.
 *
 * Each anomaly is reported once, here: the source that is not on the class
 * path gets one diagnostic saying why (prefix, gap, hidden, not a dex, or
 * simply elsewhere), and readDex's diagnostics are prefixed with the source's
 * name. Dex offsets are relative to each dex file (what dexdump and baksmali
 * print, so evidence can be checked); `base` maps them into the outer file.
 */
import { DiagnosticSink, FormatError, type Diagnostic, type ParseResult } from '../../formats/diagnostics.js';
import { detectDexKind } from '../../formats/dex/header.js';
import { readDex, type DexFile, type ReadDexOptions } from '../../formats/dex/index.js';
import type { DexKind } from '../../formats/dex/types.js';
import { METHOD_STORED } from '../../formats/zip/constants.js';
import { readEntry, readEntryPrefix, readZip } from '../../formats/zip/index.js';
import type { ZipArchive, ZipEntry } from '../../formats/zip/types.js';

type DexOrigin =
  /** classes.dex or classesN.dex at the root, loaded by Android itself. */
  | 'multidex'
  /** classesN.dex that Android skips because a lower number is missing, or a shadowed duplicate name. */
  | 'multidex-unreachable'
  /** Any other entry holding a dex (by name or by magic): loadable at run time (DexClassLoader). */
  | 'other-entry'
  /** A dex inside an APK/JAR/ZIP that is itself an entry. */
  | 'nested'
  /** A dex glued in front of the zip (Janus). */
  | 'zip-prefix'
  /** A dex file handed over on its own (a tool, a benchmark, a test), not found in an APK. */
  | 'file';

/** One piece of code of the app: where it sits, how it was found, and the parsed dex. */
export interface DexSource {
  /** Where it sits: `classes2.dex`, `assets/x.apk!/classes.dex`, `(prefix of the file)`. */
  readonly name: string;
  readonly origin: DexOrigin;
  /** Entry names from the outer archive inwards; empty for the Janus prefix and for a file. */
  readonly entryPath: readonly string[];
  /** What the first bytes say: only 'dex' is parsed. */
  readonly kind: DexKind;
  /** Bytes read for this source (0 when it could not be read). */
  readonly size: number;
  /** Offset of the dex's first byte in the outer file when every container on the way is stored; else 0. */
  readonly base: number;
  /** True when `base` is an absolute offset in the outer file (dex offset + base = file offset). */
  readonly absoluteOffsets: boolean;
  /** 1 for classes.dex, N for classesN.dex. */
  readonly multidexIndex: number | undefined;
  /** Whether Android's own loader runs this code (without the app loading it). */
  readonly loadedByAndroid: boolean;
  readonly note: string;
  /** The parsed dex, offsets relative to its first byte; undefined when not a dex or unreadable (see diagnostics). */
  readonly dex: DexFile | undefined;
}

/** A source whose dex parsed: what the code index and the method bodies read. */
export type ParsedDexSource = DexSource & { readonly dex: DexFile };

export interface FindDexOptions {
  /** How deep to open nested archives (default 2). */
  readonly maxDepth?: number;
  /** Inflation budget per entry (default 512 MiB). */
  readonly maxEntryBytes?: number;
  /** Total bytes read from entries across the whole walk (default 2 GiB): nested archives multiply. */
  readonly maxTotalBytes?: number;
  /** Compute each dex's adler32 and SHA-1 (default false: the scan does not report them). */
  readonly verifyIntegrity?: ReadDexOptions['verifyIntegrity'];
}

const MULTIDEX_NAME = /^classes([1-9][0-9]*)?\.dex$/;
const DEX_NAME = /\.(dex|odex|vdex|cdex)$/i;
const ARCHIVE_NAME = /\.(apk|jar|zip|apks|xapk|apkm|aar)$/i;
const ZIP_LOCAL_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
const DEFAULT_MAX_DEPTH = 2;
const DEFAULT_MAX_ENTRY_BYTES = 512 * 1024 * 1024;
const DEFAULT_MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024;
/** Compressed bytes inflated to sniff an entry's magic, and the output cap for that sniff. */
const SNIFF_LENGTH = 8;
/** DEX spec header_item file_size field offset, to cut a Janus prefix to its declared length. */
const DEX_FILE_SIZE_OFFSET = 0x20;
const DEX_HEADER_SIZE = 0x70;
export const PREFIX_LOCATION = '(prefix of the file)';
const PRIMARY_DEX = 'classes.dex';

const NOTHING = new Uint8Array(0);
const RESOURCES = 'res/';
/** Resources Android hands to the app as raw bytes (Resources.openRawResource): a place to hide a payload. */
const RAW_RESOURCES = 'res/raw/';
const SIGNATURE_FOLDER = 'META-INF/';
const MANIFEST_ENTRY = 'AndroidManifest.xml';
const RESOURCE_TABLE_ENTRY = 'resources.arsc';

/** The multidex name of position `position` (0-based): classes.dex, classes2.dex, ... */
export function multidexName(position: number): string {
  return position === 0 ? PRIMARY_DEX : `classes${position + 1}.dex`;
}

/** A source as the walk finds it, before parsing. */
interface Found {
  readonly name: string;
  readonly origin: DexOrigin;
  readonly entryPath: readonly string[];
  readonly kind: DexKind;
  readonly bytes: Uint8Array | undefined;
  readonly base: number;
  readonly absoluteOffsets: boolean;
  readonly multidexIndex: number | undefined;
  readonly loadedByAndroid: boolean;
  readonly note: string;
}

/**
 * Whether to sniff an entry's first bytes for a dex or zip magic. Stored entries cost
 * nothing (a view of the file). A deflated entry costs a zlib stream (0.1-0.3 ms), which
 * on apps with thousands of compiled resources was the largest fixed cost of indexing;
 * so deflated entries under res/ (compiled XML the framework reads through the resource
 * table), META-INF/ (signature and build metadata), the manifest and the resource table
 * are judged by name only. res/raw/ and everything else (assets/, lib/, the root) is sniffed.
 */
function worthSniffing(entry: ZipEntry): boolean {
  if (entry.method === METHOD_STORED) return true;
  // Android parses these two itself (binary XML, resource table); they cannot be loaded as code.
  if (entry.name === MANIFEST_ENTRY || entry.name === RESOURCE_TABLE_ENTRY) return false;
  if (entry.name.startsWith(RESOURCES)) return entry.name.startsWith(RAW_RESOURCES);
  return !entry.name.startsWith(SIGNATURE_FOLDER);
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

function multidexNumber(name: string): number | undefined {
  const match = MULTIDEX_NAME.exec(name);
  if (match === null) return undefined;
  return match[1] === undefined ? 1 : Number(match[1]);
}

function prefixSource(archive: ZipArchive, where: string, sink: DiagnosticSink): Found | undefined {
  if (archive.prefixLength <= 0) return undefined;
  const kind = detectDexKind(archive.bytes.subarray(0, SNIFF_LENGTH));
  if (kind === 'unknown') return undefined;
  // Janus: the dex header's file_size usually spans the whole file (that is how ART accepts it),
  // so the dex is cut at file_size when that fits, else at the end of the prefix.
  let length = archive.prefixLength;
  if (archive.bytes.length >= DEX_HEADER_SIZE) {
    const view = new DataView(archive.bytes.buffer, archive.bytes.byteOffset, archive.bytes.byteLength);
    const declared = view.getUint32(DEX_FILE_SIZE_OFFSET, true);
    if (declared >= archive.prefixLength && declared <= archive.bytes.length) length = declared;
  }
  const outer = where === '';
  // The outer file's dex prefix is the container's anomaly: the zip layer reports it
  // (zip.prefix-bytes names it a DEX and the Janus trick). Other kinds, and prefixes of
  // nested archives (whose zip diagnostics are not kept), are reported here.
  if (!outer || kind !== 'dex')
    sink.add(
      'code.dex-prefix',
      0,
      `${where}a ${kind} of ${length} bytes is glued in front of the zip` +
        (outer
          ? ' (Janus, CVE-2017-13156): Android before the December 2017 patch may run it'
          : ': loadable at run time like any other dex the app carries'),
      outer ? 'error' : 'warning',
    );
  return {
    name: `${where}${PREFIX_LOCATION}`,
    origin: outer ? 'zip-prefix' : 'nested',
    entryPath: outer ? [] : where.slice(0, -2).split('!/'),
    kind,
    bytes: archive.bytes.subarray(0, length),
    base: 0,
    absoluteOffsets: outer,
    multidexIndex: undefined,
    loadedByAndroid: outer,
    note: outer ? 'dex before the first zip entry; run by unpatched Android (Janus)' : 'dex before a nested zip',
  };
}

interface Walk {
  readonly sink: DiagnosticSink;
  readonly out: Found[];
  readonly maxDepth: number;
  readonly maxEntryBytes: number;
  /** Bytes still allowed to be read from entries. */
  remainingBytes: number;
}

/** Reads an entry within the per-entry and total budgets; undefined (with a diagnostic) beyond them. */
function readBudgeted(archive: ZipArchive, entry: ZipEntry, where: string, walk: Walk): Uint8Array | undefined {
  const allowed = Math.min(walk.maxEntryBytes, walk.remainingBytes);
  if (allowed <= 0) {
    walk.sink.add(
      'code.read-budget',
      entry.centralHeaderOffset,
      `${where}${entry.name}: not read, the discovery read budget is spent`,
      'warning',
    );
    return undefined;
  }
  const { value, diagnostics } = readEntry(archive, entry, { maxBytes: allowed });
  copyDiagnostics(diagnostics, walk.sink, `${where}${entry.name}`, 0);
  walk.remainingBytes -= value?.length ?? 0;
  return value;
}

function copyDiagnostics(from: readonly Diagnostic[], to: DiagnosticSink, where: string, shift: number): void {
  for (const diagnostic of from)
    to.add(diagnostic.code, diagnostic.offset + shift, `${where}: ${diagnostic.detail}`, diagnostic.severity);
}

function walkArchive(
  archive: ZipArchive,
  path: readonly string[],
  base: number | undefined,
  depth: number,
  walk: Walk,
): void {
  const where = path.length === 0 ? '' : `${path.join('!/')}!/`;
  const isTop = path.length === 0;
  const multidex = new Map<number, ZipEntry>();
  const found: Array<{ entry: ZipEntry; kind: DexKind; number: number | undefined }> = [];
  const nested: ZipEntry[] = [];
  for (const entry of archive.entries) {
    if (entry.isDirectory) continue;
    const number = isTop ? multidexNumber(entry.name) : undefined;
    const named = number !== undefined || DEX_NAME.test(entry.name);
    const sniff = worthSniffing(entry) ? readEntryPrefix(archive, entry, SNIFF_LENGTH) : NOTHING;
    const kind = detectDexKind(sniff);
    if (named || kind !== 'unknown') {
      found.push({ entry, kind, number });
      if (number !== undefined && !multidex.has(number)) multidex.set(number, entry);
    } else if (startsWith(sniff, ZIP_LOCAL_MAGIC) || (ARCHIVE_NAME.test(entry.name) && sniff.length === 0)) {
      nested.push(entry);
    }
  }
  // Report the multidex set in load order, then everything else in entry order (sort is stable).
  found.sort((left, right) => (left.number ?? Number.MAX_SAFE_INTEGER) - (right.number ?? Number.MAX_SAFE_INTEGER));
  // Android loads classes.dex, classes2.dex, ... up to the first gap.
  let reachable = 0;
  while (multidex.has(reachable + 1)) reachable++;
  for (const { entry, kind, number } of found) {
    const entryBase =
      base !== undefined && entry.method === METHOD_STORED && entry.dataOffset >= 0
        ? base + entry.dataOffset
        : undefined;
    const bytes = readBudgeted(archive, entry, where, walk);
    const loaded = number !== undefined && number <= reachable && multidex.get(number) === entry;
    const actualKind = bytes === undefined ? kind : detectDexKind(bytes);
    const name = `${where}${entry.name}`;
    let origin: DexOrigin;
    let note: string;
    if (number !== undefined && loaded) {
      origin = 'multidex';
      note = number === 1 ? 'primary dex' : `secondary dex ${number}`;
    } else if (number !== undefined) {
      origin = 'multidex-unreachable';
      note =
        multidex.get(number) !== entry
          ? 'duplicate entry name: Android uses the first one'
          : `classes${number}.dex is not loaded by Android: classes${reachable + 1 === 1 ? '' : reachable + 1}.dex is missing`;
      walk.sink.add('code.multidex-gap', entry.centralHeaderOffset, `${name}: ${note}`, 'warning');
    } else {
      origin = isTop ? 'other-entry' : 'nested';
      note = isTop
        ? 'dex outside classes*.dex: loadable at run time (DexClassLoader)'
        : `dex inside nested archive ${path.join('!/')}`;
    }
    // What the bytes are: one diagnostic each, and for code outside the class path that is
    // neither fake nor hidden, one saying it is not loaded by Android itself.
    if (actualKind !== 'dex') {
      walk.sink.add(
        'code.not-a-dex',
        entry.centralHeaderOffset,
        `${name} is named like code but is ${actualKind === 'unknown' ? 'not a dex (fake or encrypted)' : `a ${actualKind} file`}`,
        'warning',
      );
    } else if (!DEX_NAME.test(entry.name)) {
      walk.sink.add('code.hidden-dex', entry.centralHeaderOffset, `${name} holds a dex under another name`, 'warning');
    } else if (number === undefined) {
      walk.sink.add(
        'code.dex-not-loaded',
        entry.centralHeaderOffset,
        `${name} is not on the app's class path (${note})`,
        'info',
      );
    }
    walk.out.push({
      name,
      origin,
      entryPath: [...path, entry.name],
      kind: actualKind,
      bytes,
      base: entryBase ?? 0,
      absoluteOffsets: entryBase !== undefined,
      multidexIndex: number,
      loadedByAndroid: isTop && loaded,
      note,
    });
  }
  if (depth >= walk.maxDepth) {
    if (nested.length > 0)
      walk.sink.add(
        'code.nesting-limit',
        0,
        `${nested.length} archives nested deeper than ${walk.maxDepth} levels were not opened`,
        'info',
      );
    return;
  }
  for (const entry of nested) {
    const bytes = readBudgeted(archive, entry, where, walk);
    if (bytes === undefined) continue;
    let inner: ZipArchive;
    try {
      const result = readZip(bytes);
      inner = result.value;
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      walk.sink.add(
        'code.nested-unreadable',
        entry.centralHeaderOffset,
        `${where}${entry.name}: ${error.message}`,
        'info',
      );
      continue;
    }
    const innerBase =
      base !== undefined && entry.method === METHOD_STORED && entry.dataOffset >= 0
        ? base + entry.dataOffset
        : undefined;
    const innerPath = [...path, entry.name];
    const prefix = prefixSource(inner, `${innerPath.join('!/')}!/`, walk.sink);
    if (prefix) walk.out.push({ ...prefix, base: innerBase ?? 0, absoluteOffsets: innerBase !== undefined });
    walkArchive(inner, innerPath, innerBase, depth + 1, walk);
  }
}

/**
 * Parses a found source; readDex's diagnostics are prefixed with its name. The source is one
 * literal with every field in one order: every source of every app has one hidden class, so
 * the code index's loops over them stay monomorphic (a rest-and-spread copy took its shape
 * from whichever literal made the Found).
 */
function parse(found: Found, options: ReadDexOptions, sink: DiagnosticSink): DexSource {
  const bytes = found.bytes;
  let dex: DexFile | undefined;
  // A source that is no dex was reported by the walk (code.not-a-dex): not parsed, not reported again.
  if (bytes !== undefined && found.kind === 'dex') {
    try {
      const result = readDex(bytes, 0, options);
      copyDiagnostics(result.diagnostics, sink, found.name, 0);
      dex = result.value;
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      sink.add('code.dex-unreadable', error.offset, `${found.name}: ${error.message}`, 'error');
    }
  }
  return {
    name: found.name,
    origin: found.origin,
    entryPath: found.entryPath,
    kind: found.kind,
    base: found.base,
    absoluteOffsets: found.absoluteOffsets,
    multidexIndex: found.multidexIndex,
    loadedByAndroid: found.loadedByAndroid,
    note: found.note,
    size: bytes?.length ?? 0,
    dex,
  };
}

/**
 * Every dex-like thing in `archive`, each parsed, class path first (see the file comment).
 * Never throws on hostile input: every anomaly is a diagnostic.
 */
export function findDexSources(archive: ZipArchive, options: FindDexOptions = {}): ParseResult<DexSource[]> {
  const sink = new DiagnosticSink();
  const walk: Walk = {
    sink,
    out: [],
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxEntryBytes: options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
    remainingBytes: options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES,
  };
  const prefix = prefixSource(archive, '', sink);
  if (prefix) walk.out.push(prefix);
  walkArchive(archive, [], 0, 0, walk);
  if (
    !walk.out.some((source) => source.origin === 'multidex') &&
    walk.out.some((source) => source.origin === 'multidex-unreachable')
  ) {
    sink.add(
      'code.no-primary-dex',
      0,
      'classesN.dex present but no classes.dex: Android loads none of them',
      'warning',
    );
  }
  // Class path first (the walk lists it in load order), then the rest in discovery order.
  const ordered = [
    ...walk.out.filter((source) => source.origin === 'multidex'),
    ...walk.out.filter((source) => source.origin !== 'multidex'),
  ];
  const readOptions: ReadDexOptions = { verifyIntegrity: options.verifyIntegrity ?? false };
  const sources = ordered.map((found) => parse(found, readOptions, sink));
  return { value: sources, diagnostics: sink.finish() };
}

/** The sources whose dex parsed, in order. */
export function parsedSources(sources: readonly DexSource[]): ParsedDexSource[] {
  return sources.filter((source): source is ParsedDexSource => source.dex !== undefined);
}

/** A dex file given on its own (tools, benchmarks, tests), as a source named `name`. */
export function dexFileSource(name: string, bytes: Uint8Array, options: ReadDexOptions = {}): ParseResult<DexSource> {
  const sink = new DiagnosticSink();
  const kind = detectDexKind(bytes.subarray(0, SNIFF_LENGTH));
  const found: Found = {
    name,
    origin: 'file',
    entryPath: [],
    kind,
    bytes,
    base: 0,
    absoluteOffsets: true,
    multidexIndex: undefined,
    loadedByAndroid: false,
    note: 'dex file given on its own',
  };
  if (kind !== 'dex')
    sink.add('code.not-a-dex', 0, `${name} is ${kind === 'unknown' ? 'not a dex' : `a ${kind} file`}`);
  const value = parse(found, { verifyIntegrity: false, ...options }, sink);
  return { value, diagnostics: sink.finish() };
}

/** Convenience for tools and benchmarks: the dex sources of APK bytes. Throws FormatError only for an unreadable ZIP. */
export function findDexSourcesInApk(bytes: Uint8Array, options: FindDexOptions = {}): ParseResult<DexSource[]> {
  const zip = readZip(bytes);
  const result = findDexSources(zip.value, options);
  return { value: result.value, diagnostics: [...zip.diagnostics, ...result.diagnostics] };
}

/** A source as `inspect` lists it (JSON-safe: no bytes, no parsed objects). */
export interface DexSummary {
  readonly name: string;
  readonly origin: DexOrigin;
  readonly kind: DexKind;
  readonly size: number;
  readonly loadedByAndroid: boolean;
  readonly note: string;
  /** Offset of the dex in the outer file, when every container on the way is stored. */
  readonly fileOffset?: number;
  /** Three-digit dex version (35 for `dex\n035\0`), classes and methods defined; absent when not parsed. */
  readonly version?: number;
  readonly classes?: number;
  readonly methods?: number;
}

export function summarizeDex(source: DexSource): DexSummary {
  const { name, origin, kind, size, loadedByAndroid, note, dex } = source;
  return {
    name,
    origin,
    kind,
    size,
    loadedByAndroid,
    note,
    ...(source.absoluteOffsets ? { fileOffset: source.base } : {}),
    ...(dex === undefined
      ? {}
      : { version: dex.version, classes: dex.classDefs.length, methods: dex.members.methodCount }),
  };
}
