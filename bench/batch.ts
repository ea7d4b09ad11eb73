/**
 * Batch throughput over the whole corpus with 1 worker, then 2 (issue 7: 2 workers
 * should reach at least 1.7× the throughput of 1):
 *
 *   node --import tsx bench/batch.ts [--dist] [--repeat N] [--jobs 1,2] [--worker-flags '<v8 flags>']
 *
 * Each run scans every corpus input into a fresh library (nothing skipped), workers as
 * in production (child processes; through tsx when run from the sources, so worker
 * start-up includes the TypeScript loader). Prints wall time, files per second, the sum
 * of the workers' own scan times, and the speed-up against 1 worker. Wall-clock figures
 * depend on whatever else runs on the machine: say so when you quote them.
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir, availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type * as BatchModule from '../src/batch/run-batch.js';
import type * as StoreModule from '../src/store/index.js';
import { corpusRoot } from '../test/support/corpus.js';

/**
 * --dist: the compiled build (npm run build), workers included, as `apkwitness batch`
 * runs; otherwise the sources through tsx (its loader adds start-up and per-call costs).
 */
const fromDist = process.argv.includes('--dist');
const { runBatch } = (await import(
  fromDist ? '../dist/batch/run-batch.js' : '../src/batch/run-batch.js'
)) as typeof BatchModule;
const { openLibrary } = (await import(
  fromDist ? '../dist/store/index.js' : '../src/store/index.js'
)) as typeof StoreModule;

function option(name: string, fallback: string): string {
  const position = process.argv.indexOf(name);
  return position >= 0 ? (process.argv[position + 1] ?? fallback) : fallback;
}

const repeat = Number(option('--repeat', '1'));
const jobList = option('--jobs', '1,2').split(',').map(Number);
/** V8 flags for the workers, space-separated (default: the production default). */
const workerFlagsText = option('--worker-flags', '');
const workerV8Flags = process.argv.includes('--worker-flags')
  ? workerFlagsText.split(' ').filter((flag) => flag !== '')
  : undefined;
const TIMEOUT_MILLISECONDS = 600_000;
const MEMORY_MEGABYTES = 2048;

interface Figure {
  jobs: number;
  seconds: number;
  files: number;
  errors: number;
  scanSeconds: number;
  parentCpuSeconds: number;
  workerCpuSeconds: number;
}

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;
/** CPU seconds of this process's reaped children (the workers), from /proc/self/stat cutime + cstime. */
function childrenCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here.
    return (Number(fields[13]) + Number(fields[14])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}

async function once(jobs: number): Promise<Figure> {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-bench-batch-'));
  const cpuBefore = process.cpuUsage();
  const childrenBefore = childrenCpuSeconds();
  try {
    const libraryPath = join(folder, 'library.sqlite');
    const summary = await runBatch({
      libraryPath,
      roots: [corpusRoot],
      jobs,
      timeoutMilliseconds: TIMEOUT_MILLISECONDS,
      memoryMegabytes: MEMORY_MEGABYTES,
      ...(workerV8Flags === undefined ? {} : { workerV8Flags }),
    });
    const library = openLibrary(libraryPath, { readonly: true });
    const scanMilliseconds = library.db
      .prepare('SELECT coalesce(sum(milliseconds), 0) FROM scans')
      .pluck()
      .get() as number;
    library.close();
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the killed workers be reaped
    const cpu = process.cpuUsage(cpuBefore);
    return {
      jobs,
      seconds: summary.milliseconds / 1000,
      files: summary.analysed,
      errors: summary.errors.length,
      scanSeconds: scanMilliseconds / 1000,
      parentCpuSeconds: (cpu.user + cpu.system) / 1e6,
      workerCpuSeconds: childrenCpuSeconds() - childrenBefore,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

console.log(
  `${fromDist ? 'compiled build (dist/)' : 'sources through tsx'}; corpus ${corpusRoot}; ${availableParallelism()} CPUs; load average at start ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
console.log('jobs\trun\twall s\tfiles\terrors\tfiles/s\tworker scan s\tparent CPU s\tworker CPU s');
const best = new Map<number, Figure>();
for (let run = 1; run <= repeat; run += 1) {
  for (const jobs of jobList) {
    const figure = await once(jobs);
    console.log(
      `${jobs}\t${run}\t${figure.seconds.toFixed(1)}\t${figure.files}\t${figure.errors}\t${(figure.files / figure.seconds).toFixed(2)}\t${figure.scanSeconds.toFixed(1)}\t${figure.parentCpuSeconds.toFixed(1)}\t${figure.workerCpuSeconds.toFixed(1)}`,
    );
    const previous = best.get(jobs);
    if (previous === undefined || figure.seconds < previous.seconds) best.set(jobs, figure);
  }
}
const single = best.get(1);
if (single !== undefined) {
  for (const [jobs, figure] of best) {
    if (jobs !== 1)
      console.log(
        `speed-up ${jobs} workers vs 1 (best of ${repeat}): ${(single.seconds / figure.seconds).toFixed(2)}×`,
      );
  }
}
// On a loaded machine the wall-clock ratio says more about the neighbours than about
// the batch; the CPU figures give the ceiling on two idle cores. One worker already uses
// more than one core: the parent (hashing, and as the single writer the INSERTs and FTS5
// indexing) runs beside it, and so do V8's helper threads in the worker (TurboFan
// compiles, concurrent marking, parallel scavenges). Two workers cannot finish before
// their CPU seconds fill both cores, even if they cost no more CPU than one worker did:
// W2 >= C1 / 2, so the ratio is at most 2 × W1 / C1.
if (single !== undefined) {
  const cpu = single.parentCpuSeconds + single.workerCpuSeconds;
  console.log(
    `1 worker: ${single.seconds.toFixed(1)} s wall, parent ${single.parentCpuSeconds.toFixed(1)} CPU s, workers ${single.workerCpuSeconds.toFixed(1)} CPU s: ${(cpu / single.seconds).toFixed(2)} cores busy; ceiling of the 2-vs-1 ratio on 2 idle cores ≈ ${((2 * single.seconds) / cpu).toFixed(2)}×`,
  );
}
console.log(
  `load average at end ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
