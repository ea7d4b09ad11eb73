/**
 * Benchmark of the whole scan over the corpus, in one run (issue 5 / issue 6):
 *
 *   npm run bench:scan -- [--limit N] [--androguard-timeout 600] [--skip-androguard]
 *
 * For every APK and bundle of ../shared/corpus, one tool at a time:
 *   scan (in-process)  apkwitness scanApp, every input in ONE node process (model + rules), with the
 *                      V8 settings of a batch worker (src/scan/process-tuning.ts), run twice:
 *                      first and again after the peers, each a first pass in a fresh process; the
 *                      figures use the mean of the two, so that the machine's speed drifting over
 *                      the minutes androguard takes does not favour the tool timed first;
 *   scan (fresh)       `node bin/apkwitness.js scan --json`, a new process per input (needs `npm run build`);
 *   androguard         AnalyzeAPK in ONE python process (bench/androguard_analyze.py), timed inside, interpreter start excluded;
 *   aapt+dexdump       `aapt dump badging` then `dexdump -d` (every dex of the APK), one process each;
 *   floor              read the file and inflate every entry, nested APKs too (bench/floor.ts), in-process.
 * Bundles (.apks/.xapk/.apkm) are given whole to our scan and the floor; the peer tools
 * get each APK inside them (extracted to a temporary folder), their times summed.
 * Prints a TSV row per input, per-tool totals, the median per-input ratio to our scan,
 * and the peak RSS of each tool. Figures are wall-clock on whatever else runs on the machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusApks, repositoryRoot } from '../test/support/corpus.js';
import { inflateFile } from './floor.js';

const SCRIPT = fileURLToPath(import.meta.url);
const ANDROGUARD_SCRIPT = join(repositoryRoot, 'bench', 'androguard_analyze.py');
const CLI = join(repositoryRoot, 'bin', 'apkwitness.js');
const BUNDLE = /\.(apks|xapk|apkm)$/i;
/** The corpus README's AnalyzeAPK figure (median 2.3 s) is for APKs over 100 KB: small ones it barely analyses. */
const LARGE_APK_BYTES = 100 * 1024;
const MAX_OUTPUT_BYTES = 1 << 28;
/** `apkwitness scan` exits 0 (no threshold hit) or 1 (findings over a --fail-on threshold); 2 is an error. */
const CLI_ERROR_EXIT = 2;
/** Issue 3's memory bound is 3 × the input's size plus this (MB as the peak figures count them: MiB). */
const MEMORY_BOUND_BASE_MB = 150;

interface ChildRow {
  readonly path: string;
  readonly ms: number;
  readonly error?: string;
  readonly detail?: number;
}
interface ChildRun {
  readonly rows: Map<string, ChildRow>;
  readonly peakRssMb: number;
  readonly breakdown?: unknown;
}
interface ProcessFigure {
  ms: number;
  peakRssMb: number;
  error?: string;
}

function argument(name: string, fallback: number): number {
  const position = process.argv.indexOf(name);
  return position >= 0 ? Number(process.argv[position + 1]) : fallback;
}

function median(values: readonly number[]): number {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** Child mode: run `work` on every path of the list in this one process; JSON lines out. */
function childLoop(listFile: string, work: (path: string) => number): void {
  for (const path of readFileSync(listFile, 'utf8').split('\n').filter(Boolean)) {
    const started = performance.now();
    try {
      const detail = work(path);
      process.stdout.write(`${JSON.stringify({ path, ms: performance.now() - started, detail })}\n`);
    } catch (error) {
      process.stdout.write(
        `${JSON.stringify({ path, ms: performance.now() - started, error: error instanceof Error ? error.message.slice(0, 200) : String(error) })}\n`,
      );
    }
  }
  process.stdout.write(`${JSON.stringify({ peakRssMb: peakRssMb() })}\n`);
}

function runChildLoop(mode: string, listFile: string): ChildRun {
  const result = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', SCRIPT, mode, listFile], {
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  const rows = new Map<string, ChildRow>();
  let peak = Number.NaN;
  let breakdown: unknown;
  for (const line of result.stdout.split('\n').filter(Boolean)) {
    const parsed = JSON.parse(line) as ChildRow & { peakRssMb?: number; breakdown?: unknown };
    if (parsed.breakdown !== undefined) breakdown = parsed.breakdown;
    else if (parsed.peakRssMb !== undefined) peak = parsed.peakRssMb;
    else rows.set(parsed.path, parsed);
  }
  if (result.status !== 0)
    process.stderr.write(
      `${mode} child exited ${String(result.status)}: ${result.stderr.split('\n').slice(0, 3).join(' | ')}\n`,
    );
  return { rows, peakRssMb: peak, breakdown };
}

/** The mean of two passes over the same inputs: per input (an error in either is kept), breakdown and peak. */
function meanOfRuns(first: ChildRun, second: ChildRun): ChildRun {
  const rows = new Map<string, ChildRow>();
  for (const [path, row] of first.rows) {
    const again = second.rows.get(path);
    const error = row.error ?? again?.error;
    rows.set(path, {
      ...row,
      ms: again === undefined ? row.ms : (row.ms + again.ms) / 2,
      ...(error === undefined ? {} : { error }),
    });
  }
  return {
    rows,
    peakRssMb: Math.max(first.peakRssMb, second.peakRssMb),
    breakdown: meanBreakdown(first.breakdown, second.breakdown),
  };
}

/** Numbers averaged key by key, nested objects too; anything else kept from the first. */
function meanBreakdown(first: unknown, second: unknown): unknown {
  if (typeof first === 'number' && typeof second === 'number') return Math.round((first + second) / 2);
  if (first === null || second === null || typeof first !== 'object' || typeof second !== 'object') return first;
  const other = second as Record<string, unknown>;
  return Object.fromEntries(Object.entries(first).map(([key, value]) => [key, meanBreakdown(value, other[key])]));
}

const totalMs = (run: ChildRun): number => [...run.rows.values()].reduce((sum, row) => sum + row.ms, 0);

/** Runs a command under /usr/bin/time for its peak RSS; stdout discarded. */
function timedProcess(
  command: string,
  args: readonly string[],
  okStatus: (status: number | null) => boolean,
): ProcessFigure {
  const rssFile = join(tmpdir(), `apkwitness-bench-rss-${process.pid}`);
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  const ms = performance.now() - started;
  const rss = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
  rmSync(rssFile, { force: true });
  return okStatus(result.status)
    ? { ms, peakRssMb: rss }
    : { ms, peakRssMb: rss, error: `${command} exited ${String(result.status)}` };
}

/** The APK files a peer tool is given for one input: the input, or each APK inside a bundle. */
function peerPaths(input: string, workDirectory: string): string[] {
  if (!BUNDLE.test(input)) return [input];
  const members: string[] = [];
  // Extracted with unzip before any timing starts: the peer tools only ever see plain APK files.
  const listing = spawnSync('unzip', ['-Z1', input], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((name) => name.endsWith('.apk'));
  for (const [index, name] of listing.entries()) {
    const out = join(workDirectory, `${index}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
    const data = spawnSync('unzip', ['-p', input, name], { maxBuffer: MAX_OUTPUT_BYTES }).stdout;
    writeFileSync(out, data);
    members.push(out);
  }
  return members;
}

function sumFigures(figures: readonly ProcessFigure[]): ProcessFigure {
  const failed = figures.find((figure) => figure.error !== undefined);
  return {
    ms: figures.reduce((sum, figure) => sum + figure.ms, 0),
    peakRssMb: Math.max(0, ...figures.map((figure) => figure.peakRssMb)),
    ...(failed ? { error: failed.error } : {}),
  };
}

function runAndroguard(
  paths: readonly string[],
  timeoutSeconds: number,
): { rows: Map<string, ChildRow & { peakRssMb: number }>; startRssMb: number } {
  const result = spawnSync('/usr/bin/python3', [ANDROGUARD_SCRIPT, String(timeoutSeconds)], {
    input: `${paths.join('\n')}\n`,
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  const rows = new Map<string, ChildRow & { peakRssMb: number }>();
  let startRssMb = Number.NaN;
  for (const line of result.stdout.split('\n').filter(Boolean)) {
    const parsed = JSON.parse(line) as Omit<ChildRow, 'error'> & {
      peakRssMb: number;
      ready?: boolean;
      error: string | null;
    };
    if (parsed.ready) startRssMb = parsed.peakRssMb;
    else {
      const { error, ...row } = parsed;
      rows.set(parsed.path, { ...row, ...(error === null ? {} : { error }) });
    }
  }
  if (result.status !== 0)
    process.stderr.write(
      `androguard process exited ${String(result.status)} (signal ${String(result.signal)}): ${result.stderr.split('\n').slice(-3).join(' | ')}\n`,
    );
  return { rows, startRssMb };
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
/** A ratio with two significant digits (0.0072x would print as 0.0x). */
const times = (ratio: number): string => `${Number.isFinite(ratio) ? Number(ratio.toPrecision(2)) : '-'}x`;

function main(): void {
  const limit = argument('--limit', Number.POSITIVE_INFINITY);
  const timeout = argument('--androguard-timeout', 600);
  const inputs = corpusApks()
    .slice(0, limit)
    .map((file) => ({ name: file.name, path: file.path }));
  const work = mkdtempSync(join(tmpdir(), 'apkwitness-bench-'));
  try {
    const listFile = join(work, 'inputs.txt');
    writeFileSync(listFile, inputs.map((input) => input.path).join('\n'));
    process.stderr.write(`${inputs.length} inputs; scan (in-process)…\n`);
    const scanFirst = runChildLoop('--child-scan', listFile);
    process.stderr.write('floor…\n');
    const floor = runChildLoop('--child-floor', listFile);
    const cliBuilt = existsSync(join(repositoryRoot, 'dist', 'cli', 'main.js'));
    process.stderr.write(
      cliBuilt ? 'scan (fresh processes)…\n' : 'dist/ missing: run `npm run build` for the fresh-process figure\n',
    );
    const fresh = new Map<string, ProcessFigure>();
    if (cliBuilt)
      for (const input of inputs)
        fresh.set(
          input.path,
          timedProcess(
            process.execPath,
            [CLI, 'scan', input.path, '--json'],
            (status) => status !== null && status < CLI_ERROR_EXIT,
          ),
        );
    process.stderr.write('aapt + dexdump…\n');
    const members = new Map(inputs.map((input) => [input.path, peerPaths(input.path, work)]));
    const reference = new Map<string, ProcessFigure>();
    for (const input of inputs) {
      reference.set(
        input.path,
        sumFigures(
          (members.get(input.path) ?? []).flatMap((path) => [
            timedProcess('aapt', ['dump', 'badging', path], (status) => status === 0),
            timedProcess('dexdump', ['-d', path], (status) => status === 0),
          ]),
        ),
      );
    }
    process.stderr.write('androguard AnalyzeAPK (one process)…\n');
    const androguard = process.argv.includes('--skip-androguard')
      ? { rows: new Map<string, ChildRow & { peakRssMb: number }>(), startRssMb: Number.NaN }
      : runAndroguard([...members.values()].flat(), timeout);
    process.stderr.write('scan (in-process), again…\n');
    const scanAgain = runChildLoop('--child-scan', listFile);
    const scan = meanOfRuns(scanFirst, scanAgain);
    const androguardOf = (input: string): ProcessFigure | undefined => {
      const rows = (members.get(input) ?? []).map((path) => androguard.rows.get(path));
      if (rows.length === 0 || rows.some((row) => row === undefined)) return undefined;
      return sumFigures(
        rows.map((row) => ({
          ms: row?.ms ?? 0,
          peakRssMb: row?.peakRssMb ?? 0,
          ...(row?.error ? { error: row.error } : {}),
        })),
      );
    };
    report(inputs, scan, floor, fresh, reference, androguardOf, androguard.startRssMb);
    console.log(
      `scan in-process passes: ${seconds(totalMs(scanFirst))} s before the peers, ${seconds(totalMs(scanAgain))} s after them (the figures above use their mean)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function report(
  inputs: ReadonlyArray<{ name: string; path: string }>,
  scan: ChildRun,
  floor: ChildRun,
  fresh: Map<string, ProcessFigure>,
  reference: Map<string, ProcessFigure>,
  androguardOf: (input: string) => ProcessFigure | undefined,
  androguardStartRssMb: number,
): void {
  console.log('input\tbytes\tscan_ms\tfresh_ms\tandroguard_ms\taapt_dexdump_ms\tfloor_ms\tandroguard/scan\tnotes');
  const ratios: number[] = [];
  const freshRatios: number[] = [];
  const largeRatios: number[] = [];
  const totals = { scan: 0, fresh: 0, androguard: 0, reference: 0, floor: 0, scanBoth: 0 };
  for (const input of inputs) {
    const ours = scan.rows.get(input.path);
    const cold = fresh.get(input.path);
    const peer = androguardOf(input.path);
    const tools = reference.get(input.path);
    const base = floor.rows.get(input.path);
    const notes = [
      ours?.error && `scan: ${ours.error}`,
      cold?.error && `fresh: ${cold.error}`,
      peer?.error && `androguard: ${peer.error}`,
      tools?.error && `aapt/dexdump: ${tools.error}`,
    ]
      .filter(Boolean)
      .join('; ');
    totals.scan += ours?.ms ?? 0;
    totals.fresh += cold?.ms ?? 0;
    totals.reference += tools?.ms ?? 0;
    totals.floor += base?.ms ?? 0;
    let ratio = '-';
    if (ours && !ours.error && peer && !peer.error) {
      ratios.push(peer.ms / ours.ms);
      if (statSync(input.path).size > LARGE_APK_BYTES) largeRatios.push(peer.ms / ours.ms);
      if (cold && !cold.error) freshRatios.push(peer.ms / cold.ms);
      totals.androguard += peer.ms;
      totals.scanBoth += ours.ms;
      ratio = (peer.ms / ours.ms).toFixed(1);
    }
    console.log(
      [
        input.name,
        readFileSync(input.path).byteLength,
        ours?.ms.toFixed(1) ?? '-',
        cold?.ms.toFixed(0) ?? '-',
        peer?.ms.toFixed(0) ?? '-',
        tools?.ms.toFixed(0) ?? '-',
        base?.ms.toFixed(1) ?? '-',
        ratio,
        notes,
      ].join('\t'),
    );
  }
  const freshPeak = Math.max(0, ...[...fresh.values()].map((figure) => figure.peakRssMb));
  // Issue 3's memory bound, per input: a fresh `scan --json` peaks below 3 × the file's size + 150 MiB.
  const overBound: string[] = [];
  let checked = 0;
  for (const input of inputs) {
    const figure = fresh.get(input.path);
    if (figure === undefined || figure.error !== undefined) continue;
    checked++;
    const boundMb = (3 * statSync(input.path).size) / 1048576 + MEMORY_BOUND_BASE_MB;
    if (figure.peakRssMb > boundMb)
      overBound.push(`${input.name} ${figure.peakRssMb.toFixed(0)}/${boundMb.toFixed(0)} MB`);
  }
  const referencePeak = Math.max(0, ...[...reference.values()].map((figure) => figure.peakRssMb));
  const androguardPeak = Math.max(0, ...inputs.map((input) => androguardOf(input.path)?.peakRssMb ?? 0));
  console.log(
    `\n${inputs.length} inputs (${inputs.filter((input) => BUNDLE.test(input.name)).length} bundles); androguard finished without error on ${ratios.length}`,
  );
  console.log(
    `totals: scan in-process ${seconds(totals.scan)} s, scan fresh processes ${seconds(totals.fresh)} s, androguard AnalyzeAPK ${seconds(totals.androguard)} s, aapt+dexdump ${seconds(totals.reference)} s, floor ${seconds(totals.floor)} s`,
  );
  console.log(
    `whole corpus where androguard finished: androguard ${seconds(totals.androguard)} s / scan ${seconds(totals.scanBoth)} s = ${times(totals.androguard / totals.scanBoth)} (target 30x)`,
  );
  console.log(
    `median per-input ratio androguard/scan: in-process ${times(median(ratios))}, fresh process ${times(median(freshRatios))}; APKs over 100 KB: in-process ${times(median(largeRatios))}`,
  );
  console.log(
    `scan vs floor: ${times(totals.scan / totals.floor)} the floor; aapt+dexdump/scan ${times(totals.reference / totals.scan)}`,
  );
  console.log(`scan in-process breakdown (milliseconds): ${JSON.stringify(scan.breakdown)}`);
  console.log(
    `peak RSS: scan in-process ${scan.peakRssMb.toFixed(0)} MB (one process, all inputs); scan fresh ${freshPeak.toFixed(0)} MB (largest process); ` +
      `androguard ${androguardPeak.toFixed(0)} MB (one process; ${androguardStartRssMb.toFixed(0)} MB after import); aapt/dexdump ${referencePeak.toFixed(0)} MB; floor ${floor.peakRssMb.toFixed(0)} MB`,
  );
  if (checked > 0)
    console.log(
      `memory bound (3 x size + ${MEMORY_BOUND_BASE_MB} MB, fresh process): ${checked - overBound.length} of ${checked} inputs within` +
        (overBound.length > 0 ? `; over: ${overBound.join(', ')}` : ''),
    );
}

/**
 * The scan the in-process figure times: the compiled build (dist/, what `apkwitness` runs) when present,
 * else the sources through tsx (slower: tsx wraps every function for its names).
 */
async function loadScan(): Promise<{
  scanApp: typeof import('../src/scan/scan.js').scanApp;
  Dictionaries: typeof import('../src/text/dictionaries.js').Dictionaries;
  from: string;
}> {
  const compiled = join(repositoryRoot, 'dist', 'scan', 'scan.js');
  if (existsSync(compiled))
    return {
      ...((await import(compiled)) as typeof import('../src/scan/scan.js')),
      ...((await import(
        join(repositoryRoot, 'dist', 'text', 'dictionaries.js')
      )) as typeof import('../src/text/dictionaries.js')),
      from: 'dist',
    };
  return {
    ...(await import('../src/scan/scan.js')),
    ...(await import('../src/text/dictionaries.js')),
    from: 'src (tsx)',
  };
}

/** Sets the workers' V8 settings, from the build when present (as loadScan chooses the scan). */
async function loadTuning(): Promise<void> {
  const compiled = join(repositoryRoot, 'dist', 'scan', 'process-tuning.js');
  const module = existsSync(compiled)
    ? ((await import(compiled)) as typeof import('../src/scan/process-tuning.js'))
    : await import('../src/scan/process-tuning.js');
  module.tuneForScanning(module.WORKER_V8_FLAGS);
}

const mode = process.argv[2];
if (mode === '--child-scan') {
  // The scan is timed as a worker runs it, app after app: with its V8 settings, set first.
  await loadTuning();
  const { scanApp, Dictionaries, from } = await loadScan();
  const parts = { modelMs: 0, rulesMs: 0, rules: new Map<string, number>() };
  // One set of dictionaries for the process, as the batch's scan worker has.
  const dictionaries = new Dictionaries();
  childLoop(process.argv[3] ?? '', (path) => {
    const { report, run } = scanApp(path, { dictionaries });
    parts.modelMs += run.modelMilliseconds;
    parts.rulesMs += run.rulesMilliseconds;
    for (const timing of run.ruleTimings)
      parts.rules.set(timing.ruleId, (parts.rules.get(timing.ruleId) ?? 0) + timing.milliseconds);
    return report.findings.length;
  });
  process.stdout.write(
    `${JSON.stringify({ breakdown: { from, modelMs: parts.modelMs, rulesMs: parts.rulesMs, rules: Object.fromEntries([...parts.rules].sort((a, b) => b[1] - a[1])) } })}\n`,
  );
} else if (mode === '--child-floor') childLoop(process.argv[3] ?? '', (path) => inflateFile(path).entries);
else main();
