/**
 * What batch/enqueue discovery reads: `discoverInputs` on a temporary folder of symbolic
 * links to the corpus's APKs (never copies), bytes read (rchar of /proc/self/io) and time.
 *
 *   node --import tsx bench/discover.ts [tree] [--store N]
 *
 * `tree` is the checkout whose src/batch/discover.ts is measured (default: this one), so one
 * script compares two trees in fresh processes. `--store N` links the corpus's largest APK N
 * times instead (a lab's folder of store-sized APKs). Files come from the page cache after the
 * first pass: the time is the CPU and copying cost, not the disk's.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const storeIndex = args.indexOf('--store');
const store = storeIndex >= 0 ? Number(args[storeIndex + 1]) : 0;
const tree = resolve(
  args.find((arg, index) => !arg.startsWith('--') && (storeIndex < 0 || index !== storeIndex + 1)) ?? '.',
);
const corpus = process.env.APKWITNESS_CORPUS ?? '/work/shared/corpus';

function apks(folder: string, out: string[]): string[] {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) apks(path, out);
    else if (name.endsWith('.apk')) out.push(path);
  }
  return out;
}

function bytesRead(): number {
  const line = readFileSync('/proc/self/io', 'utf8').match(/^rchar: (\d+)$/m);
  return Number(line?.[1] ?? Number.NaN);
}

const all = apks(corpus, []);
const sources =
  store > 0 ? new Array<string>(store).fill(all.reduce((a, b) => (statSync(a).size >= statSync(b).size ? a : b))) : all;
const folder = mkdtempSync(join(tmpdir(), 'apkwitness-discover-'));
try {
  sources.forEach((source, index) => symlinkSync(source, join(folder, `${String(index).padStart(5, '0')}.apk`)));
  const size = sources.reduce((sum, source) => sum + statSync(source).size, 0);
  const { discoverInputs } = (await import(pathToFileURL(join(tree, 'src/batch/discover.ts')).href)) as {
    discoverInputs: (roots: readonly string[]) => { inputs: unknown[] };
  };
  const before = bytesRead();
  const started = performance.now();
  const { inputs } = discoverInputs([folder]);
  const milliseconds = performance.now() - started;
  const read = bytesRead() - before;
  console.log(
    `${tree}: ${sources.length} APKs (${(size / 1e6).toFixed(1)} MB), ${inputs.length} inputs: read ${(read / 1e6).toFixed(2)} MB in ${milliseconds.toFixed(0)} ms`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
