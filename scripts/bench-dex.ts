/**
 * Benchmark of the code index.
 *
 *   node --import tsx scripts/bench-dex.ts [--corpus] [--synthetic] [--limit N]
 *        [--dex-count 50] [--dex-bytes 10000000] [--androguard-timeout 600]
 *
 * --corpus: for every corpus APK, in the same run and one process at a time,
 *   the wall time and peak RSS of (a) our load (zip + dex) and index build in a
 *   fresh node process, (b) androguard's AnalyzeAPK in a fresh python3 process
 *   (analysis time measured inside, import time excluded; peak RSS of the
 *   whole process). Prints a table, the median time ratio and peak memories.
 * --synthetic: writes a synthetic multidex app (default 50 dex files of ~10 MB
 *   under /tmp), checks a sample with dexdump, and times indexing it.
 * With neither flag both run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDex } from '../src/formats/dex/index.js';
import { buildCodeIndex, loadDexSourcesFromApk, type DexSource } from '../src/model/code-index/index.js';
import { corpusApks, corpusRoot } from '../test/support/corpus.js';
import { buildSyntheticDex } from './bench-dex-synthetic.js';

const SCRIPT = fileURLToPath(import.meta.url);
const SYNTHETIC_DIRECTORY = '/tmp/apkwitness-synthetic-multidex';
/** The README's androguard figure (median 2.3 s) is for APKs over 100 KB. */
const LARGE_APK_BYTES = 100 * 1024;
const corpusPath = (name: string): string => join(corpusRoot, name);
const ANDROGUARD_SCRIPT = `
import sys, time, resource, json, logging
try:
    from loguru import logger
    logger.remove()
except Exception:
    pass
logging.disable(logging.CRITICAL)
from androguard.misc import AnalyzeAPK
before = resource.getrusage(resource.RUSAGE_SELF)
cpu_before = before.ru_utime + before.ru_stime
start = time.perf_counter()
a, d, dx = AnalyzeAPK(sys.argv[1])
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"ms": elapsed * 1000, "cpuMs": (usage.ru_utime + usage.ru_stime - cpu_before) * 1000, "peakRssMb": usage.ru_maxrss / 1024,
                  "classes": sum(1 for _ in dx.get_classes())}))
`;

interface OurResult { loadMs: number; indexMs: number; totalMs: number; cpuMs: number; peakRssMb: number; dexFiles: number; references: number; methods: number }

function argument(name: string, fallback: number): number {
  const position = process.argv.indexOf(name);
  return position >= 0 ? Number(process.argv[position + 1]) : fallback;
}

/** CPU time (user + system) of this process since `since`; robust to a busy machine, unlike wall time. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Child mode: index one APK and print JSON. */
function indexApk(path: string): OurResult {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const sources = loadDexSourcesFromApk(new Uint8Array(readFileSync(path))).value;
  const loaded = performance.now();
  const index = buildCodeIndex(sources).value;
  const done = performance.now();
  const statistics = index.statistics();
  return { loadMs: loaded - started, indexMs: done - loaded, totalMs: done - started, cpuMs: cpuMsSince(cpu), peakRssMb: peakRssMb(), dexFiles: statistics.dexFiles, references: statistics.references, methods: statistics.methodsDefined };
}

/** Child mode: index every classesN.dex of a directory, in multidex order. */
function indexDirectory(directory: string): OurResult {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const names = readdirSync(directory).filter((name) => /^classes\d*\.dex$/.test(name))
    .sort((a, b) => Number(a.slice(7, -4) || 1) - Number(b.slice(7, -4) || 1));
  const sources: DexSource[] = names.map((name) => ({ name, dex: readDex(new Uint8Array(readFileSync(join(directory, name))), 0, { verifyIntegrity: false }).value }));
  const loaded = performance.now();
  const index = buildCodeIndex(sources).value;
  const done = performance.now();
  const statistics = index.statistics();
  return { loadMs: loaded - started, indexMs: done - loaded, totalMs: done - started, cpuMs: cpuMsSince(cpu), peakRssMb: peakRssMb(), dexFiles: statistics.dexFiles, references: statistics.references, methods: statistics.methodsDefined };
}

function runChild(mode: string, path: string): OurResult | undefined {
  const result = spawnSync(process.execPath, ['--max-old-space-size=16384', '--import', 'tsx', SCRIPT, mode, path], { encoding: 'utf8', maxBuffer: 1 << 24 });
  try {
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as OurResult;
  } catch {
    process.stderr.write(`our index failed on ${path}: ${result.stderr.split('\n').slice(0, 3).join(' | ')}\n`);
    return undefined;
  }
}

function runAndroguard(path: string, timeoutSeconds: number): { ms: number; cpuMs: number; peakRssMb: number; wallMs: number } | undefined {
  const started = performance.now();
  const result = spawnSync('/usr/bin/python3', ['-c', ANDROGUARD_SCRIPT, path], { encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  try {
    const parsed = JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as { ms: number; cpuMs: number; peakRssMb: number };
    return { ...parsed, wallMs };
  } catch {
    return undefined;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function benchCorpus(): void {
  const limit = argument('--limit', Number.POSITIVE_INFINITY);
  const timeout = argument('--androguard-timeout', 600);
  const rows: { name: string; ours: OurResult; warmMs: number; androguard: ReturnType<typeof runAndroguard> }[] = [];
  const apks = corpusApks().filter((file) => file.name.endsWith('.apk')).slice(0, limit);
  // Warm (in-process) figures: a batch run or a long-lived process indexes with compiled
  // code, as CPython always runs androguard; the cold column starts a fresh node per APK.
  for (const apk of apks.slice(0, 8)) indexApk(apk.path);
  console.log('apk\tdex\treferences\tours_ms\tours_cpu_ms\tours_rss_mb\tours_warm_ms\tandroguard_ms\tandroguard_cpu_ms\tandroguard_rss_mb\tratio\tcpu_ratio\twarm_ratio');
  for (const apk of apks) {
    const ours = runChild('--one', apk.path);
    if (ours === undefined || ours.dexFiles === 0) continue;
    const warmMs = indexApk(apk.path).totalMs;
    const androguard = runAndroguard(apk.path, timeout);
    rows.push({ name: apk.name, ours, warmMs, androguard });
    const ratio = androguard === undefined ? 'failed' : (androguard.ms / ours.totalMs).toFixed(1);
    const cpuRatio = androguard === undefined ? 'failed' : (androguard.cpuMs / ours.cpuMs).toFixed(1);
    const warmRatio = androguard === undefined ? 'failed' : (androguard.ms / warmMs).toFixed(1);
    console.log([apk.name, ours.dexFiles, ours.references, ours.totalMs.toFixed(0), ours.cpuMs.toFixed(0), ours.peakRssMb.toFixed(0), warmMs.toFixed(1),
      androguard?.ms.toFixed(0) ?? 'failed', androguard?.cpuMs.toFixed(0) ?? '-', androguard?.peakRssMb.toFixed(0) ?? '-', ratio, cpuRatio, warmRatio].join('\t'));
  }
  const compared = rows.filter((row) => row.androguard !== undefined);
  const ratios = compared.map((row) => (row.androguard?.ms ?? 0) / row.ours.totalMs);
  console.log(`\nAPKs with dex: ${rows.length}; androguard finished on ${compared.length}`);
  console.log(`median time: ours ${median(rows.map((row) => row.ours.totalMs)).toFixed(0)} ms, androguard ${median(compared.map((row) => row.androguard?.ms ?? 0)).toFixed(0)} ms; median ratio androguard/ours ${median(ratios).toFixed(1)}x`);
  console.log(`warm (in-process) median: ours ${median(rows.map((row) => row.warmMs)).toFixed(1)} ms; median ratio androguard/ours ${median(compared.map((row) => (row.androguard?.ms ?? 0) / row.warmMs)).toFixed(1)}x`);
  const cpuRatios = compared.map((row) => (row.androguard?.cpuMs ?? 0) / row.ours.cpuMs);
  console.log(`median CPU time: ours ${median(rows.map((row) => row.ours.cpuMs)).toFixed(0)} ms, androguard ${median(compared.map((row) => row.androguard?.cpuMs ?? 0)).toFixed(0)} ms; median ratio ${median(cpuRatios).toFixed(1)}x`);
  const large = compared.filter((row) => statSync(corpusPath(row.name)).size > LARGE_APK_BYTES);
  console.log(`APKs over 100 KB (${large.length}): median ratio androguard/ours wall ${median(large.map((row) => (row.androguard?.ms ?? 0) / row.ours.totalMs)).toFixed(1)}x, CPU ${median(large.map((row) => (row.androguard?.cpuMs ?? 0) / row.ours.cpuMs)).toFixed(1)}x, warm ${median(large.map((row) => (row.androguard?.ms ?? 0) / row.warmMs)).toFixed(1)}x`);
  console.log(`peak RSS: ours median ${median(rows.map((row) => row.ours.peakRssMb)).toFixed(0)} MB, max ${Math.max(...rows.map((row) => row.ours.peakRssMb)).toFixed(0)} MB; ` +
    `androguard median ${median(compared.map((row) => row.androguard?.peakRssMb ?? 0)).toFixed(0)} MB, max ${Math.max(...compared.map((row) => row.androguard?.peakRssMb ?? 0)).toFixed(0)} MB`);
}

function benchSynthetic(): void {
  const dexCount = argument('--dex-count', 50);
  const dexBytes = argument('--dex-bytes', 10_000_000);
  rmSync(SYNTHETIC_DIRECTORY, { recursive: true, force: true });
  mkdirSync(SYNTHETIC_DIRECTORY, { recursive: true });
  const started = performance.now();
  let total = 0;
  const methods: number[] = [];
  for (let dex = 0; dex < dexCount; dex++) {
    const built = buildSyntheticDex(dex, dexCount, dexBytes);
    writeFileSync(join(SYNTHETIC_DIRECTORY, dex === 0 ? 'classes.dex' : `classes${dex + 1}.dex`), built.bytes);
    total += built.bytes.length;
    methods.push(built.methods);
  }
  console.log(`synthetic app: ${dexCount} dex files, ${(total / 1e6).toFixed(0)} MB, written in ${((performance.now() - started) / 1000).toFixed(1)} s to ${SYNTHETIC_DIRECTORY}`);
  // dexdump's verifier (sorted ids, map, checksum) on a sample, and its method count.
  for (const dex of [...new Set([0, Math.floor(dexCount / 2), dexCount - 1])]) {
    const name = dex === 0 ? 'classes.dex' : `classes${dex + 1}.dex`;
    const listing = execFileSync('/usr/bin/dexdump', ['-d', join(SYNTHETIC_DIRECTORY, name)], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const listed = (listing.match(/^\s+insns size\s+:/gm) ?? []).length;
    console.log(`dexdump -d ${name}: accepted, ${listed} methods with code (expected ${methods[dex]})${listed === methods[dex] ? '' : ' MISMATCH'}`);
  }
  const result = runChild('--directory', SYNTHETIC_DIRECTORY);
  if (result === undefined) return;
  console.log(`index: load ${(result.loadMs / 1000).toFixed(1)} s + build ${(result.indexMs / 1000).toFixed(1)} s = ${(result.totalMs / 1000).toFixed(1)} s wall, ${(result.cpuMs / 1000).toFixed(1)} s CPU; ` +
    `${result.methods} methods, ${result.references} references; peak RSS ${result.peakRssMb.toFixed(0)} MB`);
}

const mode = process.argv[2];
if (mode === '--one') {
  console.log(JSON.stringify(indexApk(process.argv[3] ?? '')));
} else if (mode === '--directory') {
  console.log(JSON.stringify(indexDirectory(process.argv[3] ?? '')));
} else {
  const corpus = process.argv.includes('--corpus');
  const synthetic = process.argv.includes('--synthetic');
  if (corpus || !synthetic) benchCorpus();
  if (synthetic || !corpus) benchSynthetic();
}
