/**
 * openApp: turns what the user handed us (one file, several files, or a
 * folder) into an AppBundle. This is the only place of the model that touches
 * the file system; it reads, hashes and classifies, and leaves parsing of each
 * APK to the format layers (lazily, on demand).
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DiagnosticSink, FormatError, type ParseResult } from '../../formats/diagnostics.js';
import { findEntry, readEntry, readZip, type ZipArchive } from '../../formats/zip/index.js';
import {
  EMPTY_METADATA,
  METADATA_FILES,
  looksLikeEncryptedApkm,
  readBundleMetadata,
  type ListedApk,
} from './metadata.js';
import { isFolder, readRegularFile } from './input-file.js';
import { chooseBase, splitFromFileName } from './split-names.js';
import type { AppBundle, BundleApk, BundleFile, BundleFormat, BundleMetadata, ZipHandoff } from './types.js';

const ANDROID_MANIFEST = 'AndroidManifest.xml';
const APK_EXTENSION = /\.apk$/i;
/**
 * APKs of one app read at most. The corpus' largest bundle holds 27
 * (appmanager-splits/AppManager_v2.5.22.apks); bundletool's .apks for every device holds the
 * base, one split per language (about 80), ABI (4) and density (7), feature modules and
 * standalones: about 130. Past this a folder or container is not an app but a collection
 * (an .apks of 1,001 copies of one APK grew the scan by 4.4 MB per copy until V8 aborted).
 */
const MAX_APKS_PER_APP = 256;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function readInput(path: string): { file: BundleFile; bytes: Uint8Array } {
  const { bytes } = readRegularFile(path);
  return { file: { diskPath: path, pathInBundle: '', size: bytes.length, sha256: sha256(bytes) }, bytes };
}

/** A folder stands for the .apk files directly inside it (sorted, so the result is reproducible). */
function expandInputs(inputs: readonly string[]): string[] {
  const paths: string[] = [];
  for (const input of inputs) {
    if (!isFolder(input)) {
      paths.push(input);
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(input);
    } catch (error) {
      throw new FormatError('input.unreadable', 0, `${input}: cannot list the folder (${(error as Error).message})`);
    }
    const apks = names.filter((name) => APK_EXTENSION.test(name)).sort();
    if (apks.length === 0) throw new FormatError('bundle.empty-folder', 0, `folder ${input} holds no .apk file`);
    if (apks.length > MAX_APKS_PER_APP)
      throw new FormatError(
        'bundle.too-many-apks',
        0,
        `folder ${input} holds ${apks.length} .apk files, more than the ${MAX_APKS_PER_APP} of any one app: scan its apps one by one (or use apkwitness batch)`,
      );
    paths.push(...apks.map((name) => join(input, name)));
  }
  return paths;
}

function bundleApk(
  file: BundleFile,
  bytes: Uint8Array,
  nameForSplit: string,
  packageName: string | undefined,
  listedApks: readonly ListedApk[],
): BundleApk {
  const listed =
    listedApks.find((apk) => apk.file === nameForSplit) ??
    listedApks.find((apk) => apk.file === basename(nameForSplit));
  if (listed !== undefined && listed.role !== 'unknown') {
    return {
      ...file,
      bytes,
      role: listed.role,
      splitName: listed.splitName,
      splitNameSource: listed.splitName === undefined ? undefined : 'bundle-metadata',
    };
  }
  const verdict = splitFromFileName(nameForSplit, packageName);
  return {
    ...file,
    bytes,
    role: verdict.role,
    splitName: verdict.splitName,
    splitNameSource: verdict.splitName === undefined ? undefined : 'file-name',
  };
}

/**
 * Two APKs are the same when their bytes and their place in the app (role and split name, from
 * file names or bundle metadata) are: read once (an .apks of 1,001 copies of one APK is one APK).
 */
function sameApkKey(apk: BundleApk): string {
  return `${apk.sha256}\u0000${apk.role}\u0000${apk.splitName ?? ''}`;
}

export function openApp(input: string | readonly string[]): ParseResult<AppBundle> {
  const sink = new DiagnosticSink();
  const given = typeof input === 'string' ? [input] : [...input];
  if (given.length === 0) throw new FormatError('bundle.no-input', 0, 'no input file given');
  const paths = expandInputs(given);
  if (paths.length === 1) return openSingleFile(paths[0] as string, sink);

  const inputs: BundleFile[] = [];
  const apks: BundleApk[] = [];
  const seen = new Map<string, string>();
  for (const path of paths) {
    const { file, bytes } = readInput(path);
    inputs.push(file);
    const apk = bundleApk(file, bytes, basename(path), undefined, []);
    const twin = seen.get(sameApkKey(apk));
    if (twin !== undefined) {
      sink.add(
        'bundle.duplicate-apk',
        0,
        `${path} has the same bytes as ${twin} (SHA-256 ${file.sha256}): read once`,
        'warning',
      );
      continue;
    }
    seen.set(sameApkKey(apk), path);
    apks.push(apk);
  }
  const ordered = chooseBase(apks, sink);
  return finish(sink, 'split-apks', inputs, ordered, [], EMPTY_METADATA);
}

function finish(
  sink: DiagnosticSink,
  format: BundleFormat,
  inputs: BundleFile[],
  apks: BundleApk[],
  otherFiles: BundleFile[],
  metadata: BundleMetadata,
): ParseResult<AppBundle> {
  const base = apks.find((apk) => apk.role === 'base');
  return { value: { format, inputs, apks, base, otherFiles, metadata }, diagnostics: sink.finish() };
}

/** ZipHandoff of one parse (see types.ts). */
class OneParse implements ZipHandoff {
  constructor(private parse: ParseResult<ZipArchive> | undefined) {}
  take(bytes: Uint8Array): ParseResult<ZipArchive> | undefined {
    const parse = this.parse;
    if (parse?.value.bytes !== bytes) return undefined;
    this.parse = undefined;
    return parse;
  }
}

function openSingleFile(path: string, sink: DiagnosticSink): ParseResult<AppBundle> {
  const { file, bytes } = readInput(path);
  let parsed: ParseResult<ZipArchive>;
  try {
    parsed = readZip(bytes);
    for (const diagnostic of parsed.diagnostics)
      sink.add(diagnostic.code, diagnostic.offset, diagnostic.detail, diagnostic.severity);
  } catch (error) {
    if (error instanceof FormatError && looksLikeEncryptedApkm(bytes)) {
      sink.add(
        'bundle.apkm-encrypted',
        0,
        `${basename(path)} is an encrypted APKMirror bundle (libsodium secretstream, readable only by APKMirror Installer); decrypt it into a plain .apks first, or obtain the APKs another way`,
        'error',
      );
      return finish(sink, 'encrypted-apkm', [file], [], [], EMPTY_METADATA);
    }
    throw error;
  }
  const archive = parsed.value;
  const handoff = new OneParse(parsed);
  if (findEntry(archive, ANDROID_MANIFEST) !== undefined) {
    return finish(
      sink,
      'apk',
      [file],
      [{ ...file, bytes, role: 'base', splitName: undefined, splitNameSource: undefined, zip: handoff }],
      [],
      EMPTY_METADATA,
    );
  }
  const innerApks = archive.entries.filter((entry) => !entry.isDirectory && APK_EXTENSION.test(entry.name));
  if (innerApks.length === 0) {
    // androguard/CertChain.apk and androguard/multidex.apk: zips named .apk without a manifest.
    sink.add(
      'bundle.no-manifest',
      0,
      `${basename(path)} has no ${ANDROID_MANIFEST} and holds no APK: not an installable app, analysed as a plain archive`,
      'warning',
    );
    return finish(
      sink,
      'apk',
      [file],
      [{ ...file, bytes, role: 'base', splitName: undefined, splitNameSource: undefined, zip: handoff }],
      [],
      EMPTY_METADATA,
    );
  }
  return openContainer(path, file, archive, innerApks, sink);
}

function containerFormat(
  path: string,
  archive: ZipArchive,
  metadataSource: string | undefined,
  sink: DiagnosticSink,
): BundleFormat {
  const byMetadata = METADATA_FILES.find((candidate) => candidate.name === metadataSource)?.format;
  const extension = /\.(xapk|apks|apkm)$/i.exec(path)?.[1]?.toLowerCase() as BundleFormat | undefined;
  if (byMetadata !== undefined && extension !== undefined && byMetadata !== extension) {
    sink.add(
      'bundle.extension-mismatch',
      0,
      `${basename(path)} is named .${extension} but its ${metadataSource} makes it a .${byMetadata} container`,
      'info',
    );
  }
  if (byMetadata === undefined && extension === undefined) {
    sink.add(
      'bundle.unknown-container',
      0,
      `${basename(path)} is a ZIP of ${archive.entries.length} entries holding APKs but no known bundle metadata; read as a set of split APKs`,
      'info',
    );
  }
  return byMetadata ?? extension ?? 'apks';
}

function openContainer(
  path: string,
  file: BundleFile,
  archive: ZipArchive,
  innerApks: ZipArchive['entries'],
  sink: DiagnosticSink,
): ParseResult<AppBundle> {
  const { metadata, listedApks } = readBundleMetadata(archive, sink);
  const format = containerFormat(path, archive, metadata.source, sink);
  const apks: BundleApk[] = [];
  const otherFiles: BundleFile[] = [];
  const seen = new Map<string, string>();
  const isInnerApk = new Set(innerApks);
  let apksRead = 0;
  // Every entry's inflation is charged to the container's own budget (ZipArchive.reads).
  for (const entry of archive.entries) {
    if (entry.isDirectory) continue;
    const isApk = isInnerApk.has(entry);
    if (isApk && apksRead >= MAX_APKS_PER_APP) {
      if (apksRead++ === MAX_APKS_PER_APP)
        sink.add(
          'bundle.too-many-apks',
          entry.centralHeaderOffset,
          `${basename(path)} holds ${innerApks.length} APKs, more than the ${MAX_APKS_PER_APP} of any one app: the first ${MAX_APKS_PER_APP} are read, the other ${innerApks.length - MAX_APKS_PER_APP} are not`,
          'error',
        );
      continue;
    }
    const data = readEntry(archive, entry);
    for (const diagnostic of data.diagnostics)
      sink.add(diagnostic.code, diagnostic.offset, diagnostic.detail, diagnostic.severity);
    if (data.value === undefined) {
      sink.add(
        'bundle.entry-unreadable',
        entry.localHeaderOffset,
        `"${entry.name}" in ${basename(path)} cannot be read; left out of the bundle`,
        'error',
      );
      continue;
    }
    const inner: BundleFile = {
      diskPath: path,
      pathInBundle: entry.name,
      size: data.value.length,
      sha256: sha256(data.value),
    };
    if (!isApk) {
      otherFiles.push(inner);
      continue;
    }
    apksRead++;
    const apk = bundleApk(inner, data.value, entry.name, metadata.packageName, listedApks);
    const twin = seen.get(sameApkKey(apk));
    if (twin !== undefined) {
      sink.add(
        'bundle.duplicate-apk',
        entry.centralHeaderOffset,
        `"${entry.name}" in ${basename(path)} has the same bytes as "${twin}" (SHA-256 ${inner.sha256}): read once`,
        'warning',
      );
      continue;
    }
    seen.set(sameApkKey(apk), entry.name);
    apks.push(apk);
  }
  for (const listed of listedApks) {
    if (findEntry(archive, listed.file) === undefined) {
      sink.add(
        'bundle.listed-apk-missing',
        0,
        `${metadata.source} lists "${listed.file}" (${listed.splitName ?? listed.role}) but the container has no such entry`,
        'warning',
      );
    }
  }
  return finish(sink, format, [file], chooseBase(apks, sink), otherFiles, metadata);
}
