/**
 * Finding the inputs of a batch: every .apk, .xapk, .apks and .apkm file under the
 * given folders (or given directly). Each file is one app; folders of loose split APKs
 * are not grouped (each split is then scanned as its own input): ship splits as a
 * bundle (.apks/.xapk/.apkm) or scan the folder with `apkwitness scan`.
 * Symbolic links to folders are not followed (no cycles); links to files are.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileKind } from '../model/bundle/input-file.js';

const INPUT_EXTENSIONS = /\.(apk|xapk|apks|apkm)$/i;
/** Folder depth followed at most (a crafted tree must not exhaust the stack). */
const MAX_DEPTH = 64;

export interface BatchInput {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface Discovery {
  readonly inputs: BatchInput[];
  /** Folders or files that could not be read: one line each. */
  readonly problems: string[];
}

function walk(folder: string, depth: number, out: BatchInput[], problems: string[]): void {
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
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path, depth + 1, out, problems);
    else if (entry.isSymbolicLink()) addLink(path, INPUT_EXTENSIONS.test(entry.name), out, problems);
    else if (INPUT_EXTENSIONS.test(entry.name)) addFile(path, out, problems);
  }
}

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
  for (const root of roots) {
    const path = resolve(root);
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (error) {
      problems.push(`${root}: ${(error as Error).message}`);
      continue;
    }
    if (isFolder) walk(path, 0, out, problems);
    else addFile(path, out, problems);
  }
  const seen = new Set<string>();
  return {
    inputs: out.filter((input) => {
      if (seen.has(input.path)) return false;
      seen.add(input.path);
      return true;
    }),
    problems,
  };
}
