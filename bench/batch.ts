/**
 * Batch throughput over the whole corpus with 1 worker, then 2 (issue 7: 2 workers
 * should reach at least 1.7× the throughput of 1):
 *
 *   node --import tsx bench/batch.ts [--repeat N] [--jobs 1,2]
 *
 * Each run scans every corpus input into a fresh library (nothing skipped), workers as
 * in production (child processes; through tsx when run from the sources, so worker
 * start-up includes the TypeScript loader). Prints wall time, files per second, the sum
 * of the workers' own scan times, and the speed-up against 1 worker. Wall-clock figures
 * depend on whatever else runs on the machine: say so when you quote them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../src/batch/run-batch.js';
import { openLibrary } from '../src/store/index.js';
import { corpusRoot } from '../test/support/corpus.js';

function option(name: string, fallback: string): string {
  const position = process.argv.indexOf(name);
  return position >= 0 ? (process.argv[position + 1] ?? fallback) : fallback;
}

const repeat = Number(option('--repeat', '1'));
const jobList = option('--jobs', '1,2').split(',').map(Number);
const TIMEOUT_MILLISECONDS = 600_000;
const MEMORY_MEGABYTES = 2048;

interface Figure { jobs: number; seconds: number; files: number; errors: number; scanSeconds: number }

async function once(jobs: number): Promise<Figure> {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-bench-batch-'));
  try {
    const libraryPath = join(folder, 'library.sqlite');
    const summary = await runBatch({ libraryPath, roots: [corpusRoot], jobs, timeoutMilliseconds: TIMEOUT_MILLISECONDS, memoryMegabytes: MEMORY_MEGABYTES });
    const library = openLibrary(libraryPath, { readonly: true });
    const scanMilliseconds = library.db.prepare('SELECT coalesce(sum(milliseconds), 0) FROM scans').pluck().get() as number;
    library.close();
    return { jobs, seconds: summary.milliseconds / 1000, files: summary.analysed, errors: summary.errors.length, scanSeconds: scanMilliseconds / 1000 };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

console.log(`corpus ${corpusRoot}; ${availableParallelism()} CPUs; load average at start ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
console.log('jobs\trun\twall s\tfiles\terrors\tfiles/s\tworker scan s');
const best = new Map<number, Figure>();
for (let run = 1; run <= repeat; run += 1) {
  for (const jobs of jobList) {
    const figure = await once(jobs);
    console.log(`${jobs}\t${run}\t${figure.seconds.toFixed(1)}\t${figure.files}\t${figure.errors}\t${(figure.files / figure.seconds).toFixed(2)}\t${figure.scanSeconds.toFixed(1)}`);
    const previous = best.get(jobs);
    if (previous === undefined || figure.seconds < previous.seconds) best.set(jobs, figure);
  }
}
const single = best.get(1);
if (single !== undefined) {
  for (const [jobs, figure] of best) {
    if (jobs !== 1) console.log(`speed-up ${jobs} workers vs 1 (best of ${repeat}): ${(single.seconds / figure.seconds).toFixed(2)}×`);
  }
}
console.log(`load average at end ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
