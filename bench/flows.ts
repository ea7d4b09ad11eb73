/**
 * DroidBench 3.0 flow benchmark (issue 13):
 *
 *   node --import tsx bench/flows.ts [--jobs 2] [--timeout 60] [--category GeneralJava,...] [--json out.json] [--apps]
 *
 * Scans every APK of ../shared/benchmarks/droidbench with the batch worker pool (the same
 * in-process scan as `apkwitness batch`, one child process per worker, a 60 s limit per app:
 * a timeout or crash kills that worker only and counts the app as failed, reporting 0), then
 * scores by the benchmark README's rule (bench/flows-score.ts): precision, recall and F1 per
 * category, over issue 13's six categories, and over all scored apps (also with the published
 * re-counts where the README lists them); time per app; failed apps; and for every reported
 * flow whether its first and last evidence land on the call sites callsites.tsv marks.
 * `--json` writes the same as one machine-readable object; `--apps` prints a row per app.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WorkerPool } from '../src/batch/pool.js';
import {
  ISSUE_13_CATEGORIES,
  droidBenchRoot,
  flowsOfReport,
  readCallsites,
  readTruth,
  score,
  type AppResult,
  type Rates,
  type Score,
} from './flows-score.js';

const DEFAULT_TIMEOUT_SECONDS = 60;
const WORKER_MEMORY_MEGABYTES = 4096;

function option(name: string): string | undefined {
  const position = process.argv.indexOf(name);
  return position >= 0 ? process.argv[position + 1] : undefined;
}

function apkFiles(directory: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) out.push(...apkFiles(path));
    else if (name.endsWith('.apk')) out.push(path);
  }
  return out;
}

/** Scans the benchmark's APKs (all, or those of `categories`) in a worker pool; results in benchmark order. */
export async function runDroidBench(
  options: { jobs?: number; timeoutSeconds?: number; categories?: readonly string[]; root?: string } = {},
): Promise<AppResult[]> {
  const root = options.root ?? droidBenchRoot;
  const apks = apkFiles(join(root, 'apk'))
    .map((path) => ({ path, apk: relative(root, path) }))
    .filter(({ apk }) => options.categories === undefined || options.categories.includes(apk.split('/')[1] ?? ''));
  const pool = new WorkerPool({
    jobs: options.jobs ?? 2,
    timeoutMilliseconds: (options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    memoryMegabytes: WORKER_MEMORY_MEGABYTES,
  });
  try {
    return await Promise.all(
      apks.map(async ({ path, apk }): Promise<AppResult> => {
        const started = performance.now();
        const outcome = await pool.run(path);
        if (!outcome.ok)
          return {
            apk,
            ok: false,
            milliseconds: performance.now() - started,
            error: `${outcome.kind}: ${outcome.message}`,
            flows: [],
          };
        const report = JSON.parse(outcome.prepared.reportJson) as Parameters<typeof flowsOfReport>[0];
        return { apk, ok: true, milliseconds: outcome.milliseconds, flows: flowsOfReport(report) };
      }),
    );
  } finally {
    pool.close();
  }
}

const fixed = (value: number): string => value.toFixed(2);

function rateRow(name: string, rates: Rates): string {
  return [
    name,
    rates.apps,
    rates.tp,
    rates.fp,
    rates.fn,
    fixed(rates.precision),
    fixed(rates.recall),
    fixed(rates.f1),
    rates.failed,
  ].join('\t');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor((sorted.length - 1) / 2)] as number);
}

function print(result: Score, printApps: boolean): void {
  if (printApps) {
    console.log('apk\texpected\treported\ttp\tfp\tfn\tms\tends\terror');
    for (const app of result.apps) {
      const ends = app.ends.map((check) => `${check.first[0]}${check.last[0]}`).join(',');
      console.log(
        [
          app.apk,
          app.expected,
          app.reported,
          app.tp,
          app.fp,
          app.fn,
          app.milliseconds.toFixed(0),
          ends,
          app.error ?? '',
        ].join('\t'),
      );
    }
    console.log('');
  }
  console.log('category\tapps\tTP\tFP\tFN\tprecision\trecall\tF1\tfailed');
  for (const [category, rates] of result.byCategory) {
    const mark = (ISSUE_13_CATEGORIES as readonly string[]).includes(category) ? ' *' : '';
    console.log(rateRow(`${category}${mark}`, rates));
  }
  console.log(rateRow('issue 13 (*)', result.issue13));
  console.log(rateRow('all scored', result.overall));
  console.log(rateRow('all, re-counts', result.overallRecount));
  const times = result.apps.map((app) => app.milliseconds);
  const slowest = result.apps.reduce((a, b) => (b.milliseconds > a.milliseconds ? b : a), result.apps[0]!);
  console.log(
    `\ntime per app: median ${median(times).toFixed(0)} ms, max ${slowest.milliseconds.toFixed(0)} ms (${slowest.apk}), total ${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`,
  );
  const failed = result.apps.filter((app) => !app.ok);
  console.log(`failed apps: ${failed.length}${failed.map((app) => `\n  ${app.apk}: ${app.error ?? ''}`).join('')}`);
  console.log(
    `flow ends on marked call sites: ${result.ends.onMarkedCalls} of ${result.ends.checked} checked (${result.ends.elsewhere} elsewhere; ends of apps without marks unchecked)`,
  );
  for (const app of result.apps)
    for (const check of app.ends)
      if (check.first === 'elsewhere' || check.last === 'elsewhere')
        console.log(`  ${app.apk}: first ${check.first}, last ${check.last}`);
}

function toJson(result: Score): unknown {
  return {
    benchmark: 'DroidBench 3.0',
    rule: 'per app TP=min(reported,expected), FP=max(0,reported-expected), FN=max(0,expected-reported); sums over apps',
    categories: Object.fromEntries(result.byCategory),
    issue13: result.issue13,
    overall: result.overall,
    overallRecount: result.overallRecount,
    ends: result.ends,
    apps: result.apps,
  };
}

async function main(): Promise<void> {
  const categories = option('--category')?.split(',');
  const started = performance.now();
  const results = await runDroidBench({
    jobs: Number(option('--jobs') ?? 2),
    timeoutSeconds: Number(option('--timeout') ?? DEFAULT_TIMEOUT_SECONDS),
    ...(categories === undefined ? {} : { categories }),
  });
  const result = score(results, readTruth(), readCallsites());
  print(result, process.argv.includes('--apps'));
  console.log(`wall clock: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const jsonPath = option('--json');
  if (jsonPath !== undefined) writeFileSync(jsonPath, `${JSON.stringify(toJson(result), null, 2)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) await main();
