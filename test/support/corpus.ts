/**
 * Access to the shared real-APK corpus, read in place (never copied into the repo).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { corpusRoot, toolPath, unitRun } from './needs.js';

export { corpusRoot, frameworkResPath, needs } from './needs.js';
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CorpusFile {
  /** Path relative to the corpus root, e.g. `fdroidserver/janus.apk`. */
  readonly name: string;
  readonly path: string;
}

function walk(dir: string, out: CorpusFile[]): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (!name.endsWith('.md') && !name.endsWith('.tsv')) out.push({ name: relative(corpusRoot, path), path });
  }
}

/** Every corpus file (APKs, bundles, raw binary XML). */
export function corpusFiles(): CorpusFile[] {
  if (!existsSync(corpusRoot))
    throw new Error(
      unitRun
        ? 'a unit run reads no corpus: mark the test with needs("corpus")'
        : `corpus not found at ${corpusRoot} (set APKWITNESS_CORPUS)`,
    );
  const out: CorpusFile[] = [];
  walk(corpusRoot, out);
  return out;
}

/** Corpus files that are APK-like zip containers (.apk, .apks, .xapk, .apkm). */
export function corpusApks(): CorpusFile[] {
  return corpusFiles().filter((file) => /\.(apk|apks|xapk|apkm)$/i.test(file.name));
}

export function readCorpus(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(corpusRoot, name)));
}

/** Path of a Debian reference tool; throws (fails the test) when it is missing: mark the test with needs(name). */
export function referenceTool(name: string): string {
  const path = toolPath(name);
  if (path !== undefined) return path;
  throw new Error(
    unitRun
      ? `a unit run uses no reference tool: mark the test with needs('${name}')`
      : `reference tool ${name} is not installed (see .ci/run)`,
  );
}

/** Runs a reference tool; returns stdout, stderr and status without throwing. */
export function runTool(
  name: string,
  args: string[],
  timeoutMs = 120_000,
): { stdout: string; stderr: string; status: number | null } {
  try {
    const stdout = execFileSync(referenceTool(name), args, {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { stdout, stderr: '', status: 0 };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; status?: number | null };
    return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', status: failure.status ?? null };
  }
}
