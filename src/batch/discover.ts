/**
 * Finding the inputs of a batch: every .apk, .xapk, .apks and .apkm file under the
 * given folders (or given directly). Each file is one app, except a folder whose .apk files
 * are one base and its splits (read from their manifests): that folder is one app. A split
 * whose base is not beside it is skipped with a line saying why. Symbolic links to folders
 * are not followed (no cycles) and said so; links to files are followed.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { FormatError } from '../formats/diagnostics.js';
import { readBinaryXml } from '../formats/axml/index.js';
import { findEntry, peekEntry, readEntry, readZip } from '../formats/zip/index.js';
import { fileKind, readRegularFile, withRegularFileWindows } from '../model/bundle/input-file.js';

const INPUT_EXTENSIONS = /\.(apk|xapk|apks|apkm)$/i;
/** Folder depth followed at most (a crafted tree must not exhaust the stack). */
const MAX_DEPTH = 64;

export interface BatchInput {
  /** A file, or a folder of split APKs of one app (scanned as one app, like `apkwitness scan <folder>`). */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** For a folder of splits: the APK files it stands for. */
  readonly files?: readonly string[];
}

/** Manifest bytes read to tell a split from a base (manifests are a few KB; 4 MiB is far above any). */
const MANIFEST_PEEK_BUDGET = 4 * 1024 * 1024;

const MANIFEST = 'AndroidManifest.xml';

/**
 * The manifest's bytes: peeked (the end records, the central directory and the one entry: a
 * folder of store APKs is not read whole before its first scan), or, when the peek cannot
 * decide, read from the whole file as the scan would.
 */
function readManifest(path: string): Uint8Array | undefined {
  const peeked = withRegularFileWindows(path, (size, readAt) =>
    peekEntry(readAt, size, MANIFEST, MANIFEST_PEEK_BUDGET),
  );
  if (peeked.decided) return peeked.value;
  const archive = readZip(readRegularFile(path).bytes).value;
  const entry = findEntry(archive, MANIFEST);
  return entry === undefined ? undefined : readEntry(archive, entry, { maxBytes: MANIFEST_PEEK_BUDGET }).value;
}

/** The package and split name (`<manifest split="…">`) an APK declares, if it can be read. */
function peekManifest(path: string): { packageName: string; split: string | undefined } | undefined {
  try {
    const bytes = readManifest(path);
    if (bytes === undefined) return undefined;
    const root = readBinaryXml(bytes).value.root;
    const attribute = (name: string) =>
      root?.attributes.find((candidate) => candidate.name === name && candidate.namespaceUri === undefined)?.rawValue;
    const packageName = attribute('package');
    return packageName === undefined ? undefined : { packageName, split: attribute('split') };
  } catch (error) {
    if (error instanceof FormatError) return undefined;
    throw error;
  }
}

/**
 * The .apk files directly in one folder: when they are a base and its splits (one package,
 * one APK without `split`), one input for the folder; otherwise each file on its own, and a
 * note for each split scanned without its base (what it reports is a split, not the app).
 */
function groupSplits(folder: string, apks: readonly BatchInput[], out: BatchInput[], notes: string[]): void {
  if (apks.length < 2) {
    out.push(...apks);
    return;
  }
  const manifests = apks.map((input) => ({ input, manifest: peekManifest(input.path) }));
  const packages = new Set(manifests.map(({ manifest }) => manifest?.packageName));
  const bases = manifests.filter(({ manifest }) => manifest !== undefined && manifest.split === undefined);
  const splits = manifests.filter(({ manifest }) => manifest?.split !== undefined);
  if (splits.length === 0) {
    out.push(...apks);
    return;
  }
  if (packages.size === 1 && bases.length === 1 && !packages.has(undefined)) {
    out.push({
      path: folder,
      size: apks.reduce((sum, input) => sum + input.size, 0),
      mtimeMs: Math.max(...apks.map((input) => input.mtimeMs)),
      files: apks.map((input) => input.path),
    });
    return;
  }
  for (const { input, manifest } of manifests) {
    out.push(input);
    if (manifest?.split !== undefined)
      notes.push(
        `${input.path}: split "${manifest.split}" of ${manifest.packageName} scanned on its own: this folder is not one app's base and splits (${packages.size} packages, ${bases.length} bases); put them in a folder of their own to scan them as one app`,
      );
  }
}

export interface Discovery {
  readonly inputs: BatchInput[];
  /** Folders or files that could not be read: one line each. */
  readonly problems: string[];
  /** What the batch decided without an error: splits scanned without their base. */
  readonly notes: string[];
}

function walk(folder: string, depth: number, out: BatchInput[], problems: string[], notes: string[]): void {
  if (depth > MAX_DEPTH) {
    problems.push(`${folder}: deeper than ${MAX_DEPTH} folders, not followed`);
    return;
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    problems.push(`${folder}: ${(error as Error).message}`);
    return;
  }
  const here: BatchInput[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path, depth + 1, out, problems, notes);
    else if (entry.isSymbolicLink()) addLink(path, INPUT_EXTENSIONS.test(entry.name), here, problems);
    else if (INPUT_EXTENSIONS.test(entry.name)) addFile(path, here, problems);
  }
  const apks = here.filter((input) => APK_FILE.test(basename(input.path)));
  groupSplits(folder, apks, out, notes);
  out.push(...here.filter((input) => !APK_FILE.test(basename(input.path))));
}

const APK_FILE = /\.apk$/i;

/** A link to a file is followed; a link to a folder is not (no cycles), and the batch says so. */
function addLink(path: string, named: boolean, out: BatchInput[], problems: string[]): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    if (named) problems.push(`${path}: ${(error as Error).message}`);
    return;
  }
  if (isDirectory) problems.push(`${path}: a link to a folder, not followed (give the folder itself to scan it)`);
  else if (named) addFile(path, out, problems);
}

/** Only regular files are inputs (links followed); a device, FIFO or socket named like an app is reported. */
function addFile(path: string, out: BatchInput[], problems: string[]): void {
  try {
    const stat = statSync(path);
    if (stat.isFile()) out.push({ path, size: stat.size, mtimeMs: stat.mtimeMs });
    else problems.push(`${path}: ${fileKind(stat)}, not a regular file: skipped`);
  } catch (error) {
    problems.push(`${path}: ${(error as Error).message}`);
  }
}

/** Every input under the roots, each path once, in a stable order. */
export function discoverInputs(roots: readonly string[]): Discovery {
  const out: BatchInput[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  for (const root of roots) {
    const path = resolve(root);
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (error) {
      problems.push(`${root}: ${(error as Error).message}`);
      continue;
    }
    if (isFolder) walk(path, 0, out, problems, notes);
    else addFile(path, out, problems);
  }
  // Path order, so that of two paths holding the same bytes batch and enqueue name the same one first.
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const seen = new Set<string>();
  return {
    inputs: out.filter((input) => {
      if (seen.has(input.path)) return false;
      seen.add(input.path);
      return true;
    }),
    problems,
    notes,
  };
}
