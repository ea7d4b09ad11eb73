/**
 * Dex discovery: every piece of code an APK carries, and where it came from.
 * Android's installer loads classes.dex, classes2.dex, ... classesN.dex and
 * stops at the first missing number (art/libdexfile/dex/dex_file_loader.cc
 * GetMultiDexClassesDexName; the MultiDex support library does the same).
 * Anything else (a dex in assets, a dex inside a nested APK/JAR, a misnamed
 * dex, a dex glued in front of the zip: Janus, CVE-2017-13156) is code the
 * app can load at run time or that older Android runs instead; our users
 * need to see all of it.
 */
import { DiagnosticSink, FormatError, type Diagnostic, type ParseResult } from '../../formats/diagnostics.js';
import { detectDexKind } from '../../formats/dex/header.js';
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
  | 'zip-prefix';

export interface DiscoveredDex {
  /** Human-readable place: `classes2.dex`, `assets/x.apk!/classes.dex`, `(prefix of the file)`. */
  readonly location: string;
  readonly origin: DexOrigin;
  /** Entry names from the outer archive inwards; empty for the Janus prefix. */
  readonly entryPath: readonly string[];
  /** What the first bytes say: only 'dex' can be parsed by readDex. */
  readonly kind: DexKind;
  /** The dex bytes; undefined when the entry could not be read (see diagnostics). */
  readonly bytes: Uint8Array | undefined;
  /** Offset of bytes[0] in the outer file when every container on the way is stored; else 0. */
  readonly base: number;
  /** True when `base` is an absolute offset in the outer file (so model offsets are too). */
  readonly absoluteOffsets: boolean;
  /** 1 for classes.dex, N for classesN.dex. */
  readonly multidexIndex: number | undefined;
  /** Whether Android's own loader runs this code (without the app loading it). */
  readonly loadedByAndroid: boolean;
  readonly note: string;
}

export interface FindDexOptions {
  /** How deep to open nested archives (default 2). */
  readonly maxDepth?: number;
  /** Inflation budget per entry (default 512 MiB). */
  readonly maxEntryBytes?: number;
  /** Total bytes read from entries across the whole walk (default 2 GiB): nested archives multiply. */
  readonly maxTotalBytes?: number;
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

const NOTHING = new Uint8Array(0);
const RESOURCES = 'res/';
/** Resources Android hands to the app as raw bytes (Resources.openRawResource): a place to hide a payload. */
const RAW_RESOURCES = 'res/raw/';
const SIGNATURE_FOLDER = 'META-INF/';
const MANIFEST_ENTRY = 'AndroidManifest.xml';
const RESOURCE_TABLE_ENTRY = 'resources.arsc';

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

function prefixSource(archive: ZipArchive, sink: DiagnosticSink): DiscoveredDex | undefined {
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
  sink.add(
    'code.dex-prefix',
    0,
    `a ${kind} of ${length} bytes is glued in front of the zip (Janus, CVE-2017-13156): Android before the December 2017 patch runs it instead of classes.dex for v1-signed apps`,
    'error',
  );
  return {
    location: PREFIX_LOCATION,
    origin: 'zip-prefix',
    entryPath: [],
    kind,
    bytes: archive.bytes.subarray(0, length),
    base: 0,
    absoluteOffsets: true,
    multidexIndex: undefined,
    loadedByAndroid: true,
    note: 'dex before the first zip entry; run by unpatched Android (Janus)',
  };
}

interface Walk {
  readonly sink: DiagnosticSink;
  readonly out: DiscoveredDex[];
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
  copyDiagnostics(diagnostics, walk.sink, `${where}${entry.name}`);
  walk.remainingBytes -= value?.length ?? 0;
  return value;
}

function copyDiagnostics(from: readonly Diagnostic[], to: DiagnosticSink, where: string): void {
  for (const diagnostic of from)
    to.add(diagnostic.code, diagnostic.offset, `${where}: ${diagnostic.detail}`, diagnostic.severity);
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
      walk.sink.add('code.multidex-gap', entry.centralHeaderOffset, `${where}${entry.name}: ${note}`, 'warning');
    } else {
      origin = isTop ? 'other-entry' : 'nested';
      note = isTop
        ? 'dex outside classes*.dex: loadable at run time (DexClassLoader)'
        : `dex inside nested archive ${path.join('!/')}`;
    }
    const actualKind = bytes === undefined ? kind : detectDexKind(bytes);
    if (actualKind !== 'dex') {
      walk.sink.add(
        'code.not-a-dex',
        entry.centralHeaderOffset,
        `${where}${entry.name} is named like code but is ${actualKind === 'unknown' ? 'not a dex (fake or encrypted)' : `a ${actualKind} file`}`,
        'warning',
      );
    } else if (!DEX_NAME.test(entry.name)) {
      walk.sink.add(
        'code.hidden-dex',
        entry.centralHeaderOffset,
        `${where}${entry.name} holds a dex under another name`,
        'warning',
      );
    }
    walk.out.push({
      location: `${where}${entry.name}`,
      origin: isTop ? origin : 'nested',
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
    const prefix = prefixSource(inner, walk.sink);
    if (prefix)
      walk.out.push({
        ...prefix,
        location: `${where}${entry.name}!/${PREFIX_LOCATION}`,
        origin: 'nested',
        entryPath: [...path, entry.name],
        loadedByAndroid: false,
      });
    walkArchive(inner, [...path, entry.name], innerBase, depth + 1, walk);
  }
}

/** Every dex-like thing in `archive`, in a stable order (prefix first, then entry order). */
export function findDexSources(archive: ZipArchive, options: FindDexOptions = {}): ParseResult<DiscoveredDex[]> {
  const sink = new DiagnosticSink();
  const walk: Walk = {
    sink,
    out: [],
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxEntryBytes: options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
    remainingBytes: options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES,
  };
  const prefix = prefixSource(archive, sink);
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
  return { value: walk.out, diagnostics: sink.finish() };
}
