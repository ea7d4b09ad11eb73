/**
 * Child process of scripts/bench-dex.ts: indexes one APK (or a directory of
 * classesN.dex) with the COMPILED code (tsc output, as the CLI ships), so the
 * process's peak RSS is ours, not tsx's. Prints one JSON line.
 *
 *   node scripts/bench-dex-child.mjs DIST (--apk PATH | --directory DIR) [--warm]
 *
 * `coldMs`: the first index in this process (load + build, JIT cold), timed
 * in-process after module loading, so node's start-up is excluded.
 * `peakRssMb`: process peak RSS right after that first index.
 * `warmMs`: with --warm, more indexes in the same process (at least 3, and
 * up to 100 while under 0.5 s in all); the median of the second half, once
 * the JIT has compiled the hot functions (as in a batch run or a server).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, mode, target] = process.argv.slice(2);
const warmRuns = process.argv.includes('--warm');
const MIN_WARM_RUNS = 3;
const MAX_WARM_RUNS = 100;
const WARM_BUDGET_MS = 500;
const codeIndex = await import(pathToFileURL(join(dist, 'model/code-index/index.js')).href);
const code = await import(pathToFileURL(join(dist, 'model/code/index.js')).href);

/** Multidex order of a directory: classes.dex, classes2.dex, ... */
function directorySources(directory) {
  const names = readdirSync(directory)
    .filter((name) => /^classes\d*\.dex$/.test(name))
    .sort((a, b) => Number(a.slice(7, -4) || 1) - Number(b.slice(7, -4) || 1));
  return names.map((name) => code.dexFileSource(name, readFileSync(join(directory, name))).value);
}

function indexOnce() {
  const started = performance.now();
  const sources =
    mode === '--directory' ? directorySources(target) : code.findDexSourcesInApk(readFileSync(target)).value;
  const loaded = performance.now();
  const index = codeIndex.buildCodeIndex(sources).value;
  const done = performance.now();
  return { loadMs: loaded - started, indexMs: done - loaded, totalMs: done - started, statistics: index.statistics() };
}

const cpu = process.cpuUsage();
const first = indexOnce();
const used = process.cpuUsage(cpu);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const warm = [];
const warmStarted = performance.now();
while (
  warmRuns &&
  (warm.length < MIN_WARM_RUNS || (warm.length < MAX_WARM_RUNS && performance.now() - warmStarted < WARM_BUDGET_MS))
)
  warm.push(indexOnce().totalMs);
warm.splice(0, Math.floor(warm.length / 2));
warm.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    coldMs: first.totalMs,
    loadMs: first.loadMs,
    indexMs: first.indexMs,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb,
    warmMs: warm.length > 0 ? warm[Math.floor(warm.length / 2)] : undefined,
    dexFiles: first.statistics.dexFiles,
    references: first.statistics.references,
    methods: first.statistics.methodsDefined,
  }),
);
