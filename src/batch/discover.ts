/**
 * Finding the inputs of a batch: every .apk, .xapk, .apks and .apkm file under the
 * given folders (or given directly). Each file is one app; folders of loose split APKs
 * are not grouped (each split is then scanned as its own input): ship splits as a
 * bundle (.apks/.xapk/.apkm) or scan the folder with `apkwitness scan`.
 * Symbolic links to folders are not followed (no cycles); links to files are.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';

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
    else if ((entry.isFile() || entry.isSymbolicLink()) && INPUT_EXTENSIONS.test(entry.name))
      addFile(path, out, problems);
  }
}

function addFile(path: string, out: BatchInput[], problems: string[]): void {
  try {
    const stat = statSync(path);
    if (stat.isFile()) out.push({ path, size: stat.size, mtimeMs: stat.mtimeMs });
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
