/**
 * npm run bench — times `apkwitness inspect` against `aapt dump badging` and androguard's
 * APK() on every corpus APK, in one run on the same files. A script, never a test.
 *
 * - ours in-process: inspectApk() per file (zip, manifest, resources, signatures verified);
 * - ours as a process: `node bin/apkwitness.js inspect --json` per file (includes Node start);
 * - aapt: `aapt dump badging` per file (a process, as people use it);
 * - androguard: APK() + package/label/permissions per file, in one Python process.
 * Prints per-tool medians, the median of per-file ratios and peak memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { corpusApks, frameworkResPath } from '../test/support/corpus.js';
import { inspectApk } from '../src/model/app.js';

const median = (values: number[]): number => {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const ms = (seconds: number) => `${(seconds * 1000).toFixed(2)} ms`;

const files = corpusApks()
  .filter((file) => file.name.endsWith('.apk'))
  .map((file) => file.path);
files.push(frameworkResPath);
const withProcess = !process.argv.includes('--no-process');

// Ours, in-process: one warm-up pass so JIT compilation is not billed to the first file.
for (const path of files.slice(0, 5)) {
  try {
    inspectApk(new Uint8Array(readFileSync(path)), path);
  } catch {
    // refusals are timed below too
  }
}
const ours = new Map<string, number>();
let peakRss = process.memoryUsage().rss;
for (const path of files) {
  const start = performance.now();
  try {
    inspectApk(new Uint8Array(readFileSync(path)), path);
  } catch {
    // a clean refusal still counts as work done
  }
  ours.set(path, (performance.now() - start) / 1000);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

const oursProcess = new Map<string, number>();
let oursProcessPeakKiB = 0;
if (withProcess) {
  for (const path of files) {
    const start = performance.now();
    const run = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, 'bin/apkwitness.js', 'inspect', '--json', path],
      { encoding: 'utf8', maxBuffer: 1 << 30 },
    );
    oursProcess.set(path, (performance.now() - start) / 1000);
    oursProcessPeakKiB = Math.max(
      oursProcessPeakKiB,
      Number.parseInt(run.stderr.trim().split('\n').pop() ?? '0', 10) || 0,
    );
  }
}

const aapt = new Map<string, number>();
let aaptPeakKiB = 0;
for (const path of files) {
  const start = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', 'aapt', 'dump', 'badging', path], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  aapt.set(path, (performance.now() - start) / 1000);
  aaptPeakKiB = Math.max(aaptPeakKiB, Number.parseInt(run.stderr.trim().split('\n').pop() ?? '0', 10) || 0);
}

const androguardRun = JSON.parse(
  execFileSync('/usr/bin/python3', ['scripts/bench/androguard-apk.py'], {
    input: files.join('\n'),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'ignore'],
  }),
) as { seconds: Record<string, number | null>; peakRssKiB: number };
const androguard = new Map(
  Object.entries(androguardRun.seconds).map(([path, seconds]) => [path, seconds ?? Number.NaN]),
);

function ratioAgainst(peer: Map<string, number>, mine: Map<string, number>): number {
  return median(files.map((path) => (peer.get(path) ?? Number.NaN) / (mine.get(path) ?? Number.NaN)));
}

const frameworkTime = ours.get(frameworkResPath) ?? Number.NaN;
console.log(`files: ${files.length} (corpus APKs + framework-res.apk)`);
console.log(
  `median per file: ours in-process ${ms(median([...ours.values()]))}, ours as a process ${withProcess ? ms(median([...oursProcess.values()])) : 'skipped'}, aapt dump badging ${ms(median([...aapt.values()]))}, androguard APK() ${ms(median([...androguard.values()]))}`,
);
console.log(
  `total: ours in-process ${[...ours.values()].reduce((a, b) => a + b, 0).toFixed(2)} s, androguard ${[
    ...androguard.values(),
  ]
    .filter(Number.isFinite)
    .reduce((a, b) => a + b, 0)
    .toFixed(2)} s`,
);
console.log(
  `median ratio (peer time / our time, per file): androguard APK() ${ratioAgainst(androguard, ours).toFixed(2)}x, aapt dump badging ${ratioAgainst(aapt, ours).toFixed(2)}x (in-process)${withProcess ? `, aapt vs our process ${ratioAgainst(aapt, oursProcess).toFixed(2)}x` : ''}`,
);
console.log(
  `framework-res.apk (45 MB): ours ${ms(frameworkTime)}, aapt ${ms(aapt.get(frameworkResPath) ?? Number.NaN)}, androguard ${ms(androguard.get(frameworkResPath) ?? Number.NaN)}`,
);
console.log(
  `peak memory: ours in-process ${(peakRss / 1048576).toFixed(0)} MiB RSS, ours per process ${(oursProcessPeakKiB / 1024).toFixed(0)} MiB, aapt ${(aaptPeakKiB / 1024).toFixed(0)} MiB, androguard ${(androguardRun.peakRssKiB / 1024).toFixed(0)} MiB`,
);
