/**
 * The shared library's scale-out figures (issue 17, docs/scale-out.md):
 *
 *   node --import tsx bench/scale-out.ts [--dist] [--repeat N] [--noop-jobs N] [--queue-only]
 *
 *   1. the corpus scanned by 1, then 2 local worker processes (one scan at a time each)
 *      against one PostgreSQL: jobs/s, CPU seconds per job of the workers (scan children
 *      included) and of the PostgreSQL server, and the CPU scaling (cores kept busy with 2
 *      workers / with 1);
 *   2. the same corpus through `batch` with 1 worker into SQLite: CPU seconds per file,
 *      against which the queue's CPU per job is compared (goal: within 10%);
 *   3. the queue's own overhead per job, enqueue + dequeue + record with a scan that does
 *      nothing (tiny generated APKs; --noop-jobs, default 1000), against the median scan
 *      time of the corpus (goal: under 5%);
 *   4. a model of N worker machines from the measured per-job costs: where PostgreSQL's
 *      CPU, or its write volume, becomes the limit.
 *
 * PostgreSQL: DATABASE_URL or the PG* variables (scripts/postgres-cluster.sh). The
 * server's CPU is read from /proc (its postmaster and the processes it started). --dist runs
 * the compiled build (npm run build), as `apkwitness worker` runs. Figures depend on what
 * else runs on the machine: the load average is printed at the start and the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type * as BatchModule from '../src/batch/run-batch.js';
import type * as EnqueueModule from '../src/queue/enqueue.js';
import type * as WorkerModule from '../src/queue/worker.js';
import type * as ConnectionModule from '../src/store/pg/connection.js';
import type * as StoreModule from '../src/store/index.js';
import type * as ScanModule from '../src/scan/scan.js';
import { corpusRoot, repositoryRoot } from '../test/support/corpus.js';
import { writeTinyApks } from '../test/support/tiny-apk.js';

const fromDist = process.argv.includes('--dist');
const base = fromDist ? '../dist' : '../src';
const { runBatch } = (await import(`${base}/batch/run-batch.js`)) as typeof BatchModule;
const { runEnqueue } = (await import(`${base}/queue/enqueue.js`)) as typeof EnqueueModule;
const { QueueWorker } = (await import(`${base}/queue/worker.js`)) as typeof WorkerModule;
const { pgTarget, createPool } = (await import(`${base}/store/pg/connection.js`)) as typeof ConnectionModule;
const { openLibrary, prepareScan } = (await import(`${base}/store/index.js`)) as typeof StoreModule;
const { scanApp } = (await import(`${base}/scan/scan.js`)) as typeof ScanModule;

function option(name: string, fallback: string): string {
  const position = process.argv.indexOf(name);
  return position >= 0 ? (process.argv[position + 1] ?? fallback) : fallback;
}
const repeat = Number(option('--repeat', '1'));
const noopJobs = Number(option('--noop-jobs', '1000'));
/** Only part 3, the queue alone (quick to repeat while working on the queue). */
const queueOnly = process.argv.includes('--queue-only');
const USER_HZ = 100;

/** utime, stime, cutime, cstime and the parent of a process, from /proc/<pid>/stat; undefined when it is gone. */
function processStat(pid: string): { cpu: number; parent: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime + stime, and cutime + cstime: the postmaster reaps the backends of closed connections.
    const cpu = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / USER_HZ;
    return { cpu, parent: Number(fields[1]) };
  } catch {
    return undefined; // ended while read
  }
}

/**
 * CPU seconds of the server the benchmark uses: its postmaster and every process it started
 * (user + system, ended backends included), from /proc. Other clusters on the machine (other
 * people's tests) are left out: their processes come and go and would make the sum jump.
 */
function postgresCpuSeconds(): number {
  let total = processStat(String(postmaster))?.cpu ?? 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = processStat(name);
    if (stat?.parent === postmaster) total += stat.cpu;
  }
  return total;
}

/** CPU seconds of this process's reaped descendants (cutime + cstime). */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  return (Number(fields[13]) + Number(fields[14])) / USER_HZ;
}

function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client(process.env.DATABASE_URL ? { connectionString: process.env.DATABASE_URL } : {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The server's postmaster: the parent of a backend (the server runs on this machine). */
async function findPostmaster(): Promise<number> {
  const client = new pg.Client(process.env.DATABASE_URL ? { connectionString: process.env.DATABASE_URL } : {});
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const parent = processStat(String(backend))?.parent;
    if (parent === undefined)
      throw new Error('the PostgreSQL server must run on this machine (its CPU is read from /proc)');
    return parent;
  } finally {
    await client.end();
  }
}
const postmaster = await findPostmaster();

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `apkwitness_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = process.env.DATABASE_URL
    ? Object.assign(new URL(process.env.DATABASE_URL), { pathname: `/${name}` }).toString()
    : `postgres:///${name}`;
  try {
    return await work(url);
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function walBytes(url: string): Promise<number> {
  const pool = createPool(pgTarget(url), { max: 1 });
  try {
    return (await pool.query<{ lsn: number }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS lsn")).rows[0]!
      .lsn;
  } finally {
    await pool.end();
  }
}

interface WorkerRun {
  readonly workers: number;
  readonly jobs: number;
  readonly failed: number;
  readonly seconds: number;
  readonly workerCpu: number;
  readonly postgresCpu: number;
  readonly walBytes: number;
  readonly scanMilliseconds: readonly number[];
}

/** W worker processes (one scan at a time each) drain the corpus, enqueued beforehand. */
async function workerRun(workers: number): Promise<WorkerRun> {
  return withDatabase(async (url) => {
    const target = pgTarget(url);
    await runEnqueue({ target, roots: [corpusRoot] });
    const wal = await walBytes(url);
    const childrenBefore = childrenCpuSeconds();
    const postgresBefore = postgresCpuSeconds();
    const started = performance.now();
    const entry = fromDist
      ? [join(repositoryRoot, 'bin', 'apkwitness.js')]
      : ['--import', 'tsx', join(repositoryRoot, 'test', 'batch', 'cli-entry.ts')];
    await Promise.all(
      Array.from(
        { length: workers },
        () =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              [...entry, 'worker', '--db', url, '--concurrency', '1', '--until-empty', '--json'],
              { stdio: ['ignore', 'ignore', 'inherit'] },
            );
            child.once('exit', (code) =>
              code === 0 || code === 2 ? resolve() : reject(new Error(`worker exit ${code}`)),
            );
          }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const workerCpu = childrenCpuSeconds() - childrenBefore;
    const postgresCpu = postgresCpuSeconds() - postgresBefore;
    const written = (await walBytes(url)) - wal;
    const pool = createPool(target, { max: 1 });
    try {
      const counts = (
        await pool.query<{ done: number; failed: number }>(
          "SELECT count(*) FILTER (WHERE state = 'done') AS done, count(*) FILTER (WHERE state = 'failed') AS failed FROM inputs",
        )
      ).rows[0]!;
      const scans = (await pool.query<{ milliseconds: number }>('SELECT milliseconds FROM scans')).rows;
      return {
        workers,
        jobs: counts.done + counts.failed,
        failed: counts.failed,
        seconds,
        workerCpu,
        postgresCpu,
        walBytes: written,
        scanMilliseconds: scans.map((row) => row.milliseconds),
      };
    } finally {
      await pool.end();
    }
  });
}

interface BatchRun {
  readonly files: number;
  readonly seconds: number;
  readonly cpu: number;
  readonly scanMilliseconds: readonly number[];
}

async function batchRun(): Promise<BatchRun> {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-bench-scale-'));
  try {
    const own = ownCpuSeconds();
    const children = childrenCpuSeconds();
    const libraryPath = join(folder, 'library.sqlite');
    const summary = await runBatch({
      libraryPath,
      roots: [corpusRoot],
      jobs: 1,
      timeoutMilliseconds: 600_000,
      memoryMegabytes: 2048,
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the workers be reaped
    const cpu = ownCpuSeconds() - own + childrenCpuSeconds() - children;
    const library = openLibrary(libraryPath, { readonly: true });
    const scanMilliseconds = library.db.prepare('SELECT milliseconds FROM scans').pluck().all() as number[];
    library.close();
    return {
      files: summary.analysed + summary.errors.length,
      seconds: summary.milliseconds / 1000,
      cpu,
      scanMilliseconds,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface NoopRun {
  readonly jobs: number;
  readonly enqueueSeconds: number;
  readonly drainSeconds: number;
  readonly ownCpu: number;
  readonly postgresCpu: number;
  /** Of which enqueue's. */
  readonly enqueueCpu: number;
  readonly enqueuePostgresCpu: number;
  readonly walBytes: number;
}

/** The queue alone: enqueue, dequeue and record with a scan that returns a prepared tiny report at once. */
async function noopRun(jobs: number): Promise<NoopRun> {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-bench-noop-'));
  try {
    const paths = writeTinyApks(folder, jobs);
    const prepared = prepareScan(scanApp(paths[0]!).report);
    return await withDatabase(async (url) => {
      const target = pgTarget(url);
      const wal = await walBytes(url);
      const own = ownCpuSeconds();
      const postgres = postgresCpuSeconds();
      const enqueueStarted = performance.now();
      await runEnqueue({ target, roots: [folder] });
      const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
      const enqueueCpu = ownCpuSeconds() - own;
      const enqueuePostgresCpu = postgresCpuSeconds() - postgres;
      const drainStarted = performance.now();
      let finished = 0;
      const worker = await QueueWorker.start({
        target,
        concurrency: 1,
        leaseSeconds: 30,
        timeoutMilliseconds: 60_000,
        memoryMegabytes: 512,
        scanner: () => Promise.resolve({ ok: true, prepared, milliseconds: 0 }),
        log: (line) => console.error(`worker: ${line}`),
        onFinished: () => {
          finished += 1;
          if (finished === jobs) worker.stop();
        },
      });
      await worker.finished;
      const drainSeconds = (performance.now() - drainStarted) / 1000;
      return {
        jobs,
        enqueueSeconds,
        drainSeconds,
        enqueueCpu,
        enqueuePostgresCpu,
        ownCpu: ownCpuSeconds() - own,
        postgresCpu: postgresCpuSeconds() - postgres,
        walBytes: (await walBytes(url)) - wal,
      };
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const milliseconds = (seconds: number): string => `${(seconds * 1000).toFixed(1)} ms`;
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

console.log(
  `${fromDist ? 'compiled build (dist/)' : 'sources through tsx'}; corpus ${corpusRoot}; ${availableParallelism()} CPUs; load average at start ${load()}`,
);
const best = new Map<number, WorkerRun>();
let bestBatch: BatchRun | undefined;
let bestNoop: NoopRun | undefined;
for (let run = 1; run <= repeat; run += 1) {
  for (const workers of queueOnly ? [] : [1, 2]) {
    const figure = await workerRun(workers);
    console.log(
      `run ${run}, ${workers} worker(s): ${figure.jobs} jobs (${figure.failed} failed) in ${figure.seconds.toFixed(1)} s = ${(figure.jobs / figure.seconds).toFixed(2)} jobs/s; CPU per job: workers ${milliseconds(figure.workerCpu / figure.jobs)}, PostgreSQL ${milliseconds(figure.postgresCpu / figure.jobs)}; ${((figure.workerCpu + figure.postgresCpu) / figure.seconds).toFixed(2)} cores busy; WAL ${(figure.walBytes / figure.jobs / 1024).toFixed(0)} KiB per job`,
    );
    const previous = best.get(workers);
    if (previous === undefined || figure.seconds < previous.seconds) best.set(workers, figure);
  }
  const batch = queueOnly ? undefined : await batchRun();
  if (batch !== undefined)
    console.log(
      `run ${run}, batch 1 worker (SQLite): ${batch.files} files in ${batch.seconds.toFixed(1)} s; CPU per file ${milliseconds(batch.cpu / batch.files)} (parent and workers)`,
    );
  if (batch !== undefined && (bestBatch === undefined || batch.seconds < bestBatch.seconds)) bestBatch = batch;
  const noop = await noopRun(noopJobs);
  console.log(
    `run ${run}, queue alone (${noop.jobs} no-op jobs): enqueue ${milliseconds(noop.enqueueSeconds / noop.jobs)}/job, dequeue + record ${milliseconds(noop.drainSeconds / noop.jobs)}/job wall; CPU ${milliseconds(noop.ownCpu / noop.jobs)}/job here, ${milliseconds(noop.postgresCpu / noop.jobs)}/job PostgreSQL (enqueue's share ${milliseconds(noop.enqueueCpu / noop.jobs)} + ${milliseconds(noop.enqueuePostgresCpu / noop.jobs)}); WAL ${(noop.walBytes / noop.jobs / 1024).toFixed(1)} KiB/job`,
  );
  if (
    bestNoop === undefined ||
    noop.enqueueSeconds + noop.drainSeconds < bestNoop.enqueueSeconds + bestNoop.drainSeconds
  )
    bestNoop = noop;
}
if (queueOnly) {
  console.log(`load average at end ${load()}`);
  process.exit(0);
}

const one = best.get(1)!;
const two = best.get(2)!;
const busy = (figure: WorkerRun): number => (figure.workerCpu + figure.postgresCpu) / figure.seconds;
const medianScan = median(one.scanMilliseconds) / 1000;
const perJob = (figure: WorkerRun): number => (figure.workerCpu + figure.postgresCpu) / figure.jobs;
console.log(`\nbest of ${repeat}:`);
console.log(
  `throughput: 1 worker ${(one.jobs / one.seconds).toFixed(2)} jobs/s, 2 workers ${(two.jobs / two.seconds).toFixed(2)} jobs/s (${(one.seconds / two.seconds).toFixed(2)}×)`,
);
console.log(
  `CPU scaling (cores busy, workers + PostgreSQL): 1 worker ${busy(one).toFixed(2)}, 2 workers ${busy(two).toFixed(2)}: ${(busy(two) / busy(one)).toFixed(2)}× (goal ≥ 1.8×; on ${availableParallelism()} cores at most ${(availableParallelism() / busy(one)).toFixed(2)}×)`,
);
if (bestBatch !== undefined) {
  const batchPerFile = bestBatch.cpu / bestBatch.files;
  console.log(
    `CPU per job: queue ${milliseconds(perJob(one))} (workers ${milliseconds(one.workerCpu / one.jobs)} + PostgreSQL ${milliseconds(one.postgresCpu / one.jobs)}) vs batch ${milliseconds(batchPerFile)}: ${((perJob(one) / batchPerFile - 1) * 100).toFixed(1)}% (goal within 10%)`,
  );
}
if (bestNoop !== undefined) {
  const overhead = (bestNoop.enqueueSeconds + bestNoop.drainSeconds) / bestNoop.jobs;
  console.log(
    `queue overhead per job (enqueue + dequeue + record, no-op scan): ${milliseconds(overhead)} wall vs median corpus scan ${milliseconds(medianScan)}: ${((overhead / medianScan) * 100).toFixed(1)}% (goal < 5%); CPU ${milliseconds((bestNoop.ownCpu + bestNoop.postgresCpu) / bestNoop.jobs)} (PostgreSQL ${milliseconds(bestNoop.postgresCpu / bestNoop.jobs)}): ${(((bestNoop.ownCpu + bestNoop.postgresCpu) / bestNoop.jobs / medianScan) * 100).toFixed(1)}% of the median scan`,
  );
}
// A model of N machines: each worker machine of k cores finishes k / c_w jobs/s (c_w: the
// workers' CPU per job); the database server of P cores serves at most P / c_pg jobs/s
// (c_pg: PostgreSQL's CPU per job), and writes WAL at w bytes per job.
const workerCpuPerJob = one.workerCpu / one.jobs;
const postgresCpuPerJob = one.postgresCpu / one.jobs;
const walPerJob = one.walBytes / one.jobs;
console.log(
  `model: per job c_w = ${milliseconds(workerCpuPerJob)} on a worker machine, c_pg = ${milliseconds(postgresCpuPerJob)} and ${(walPerJob / 1024).toFixed(0)} KiB of WAL on the database server`,
);
for (const [machines, cores] of [
  [1, 8],
  [4, 8],
  [16, 8],
  [64, 8],
] as const) {
  const workerLimit = (machines * cores) / workerCpuPerJob;
  for (const databaseCores of [8, 32]) {
    const databaseLimit = databaseCores / postgresCpuPerJob;
    const rate = Math.min(workerLimit, databaseLimit);
    console.log(
      `  ${machines} machine(s) × ${cores} cores, database ${databaseCores} cores: ${rate.toFixed(0)} jobs/s (${workerLimit < databaseLimit ? 'workers' : 'PostgreSQL CPU'} the limit), WAL ${((rate * walPerJob) / 1e6).toFixed(1)} MB/s`,
    );
  }
}
console.log(`load average at end ${load()}`);
