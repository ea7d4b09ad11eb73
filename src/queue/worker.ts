/**
 * `apkwitness worker`: takes scan jobs from the shared library's queue until stopped,
 * on any machine that reaches the database (docs/scale-out.md).
 *
 * For each job: the input's bytes come from the database (or the shared folder), are
 * written to a private temporary folder under the input's own file name (reports name
 * files by base name: the same bytes give the same report as `batch`), and are scanned in
 * a child process of the batch's pool (src/batch/pool.ts: time and memory limits; a crash
 * ends the child, never this process). The scan, or the error, is recorded in one
 * transaction together with the input's new state.
 *
 * Faults:
 *   - Lease. graphile-worker keeps a job locked by a dead worker for 4 hours. Each worker
 *     here writes a heartbeat (every lease / 6) listing the queue worker ids it runs, and
 *     every worker gives back to the queue (forceUnlockWorkers) the jobs locked longer than
 *     the lease by an id that no live heartbeat lists: a worker killed mid-scan has its
 *     job taken by another after the lease (default 30 s). The database's clock decides.
 *   - A scan that crashes, exhausts its heap or its time: the job is tried again later
 *     (graphile-worker's back-off) up to its tries (enqueue --tries, default 3); the last
 *     failure is recorded as the input's error. A format error is final at once. A job
 *     whose worker died on every try is recorded failed by the sweep.
 *   - Each input is recorded at most once per apkwitness version: UNIQUE (input_sha256,
 *     tool_version) in `scans`; a worker that finds it recorded (another worker took the
 *     job after a lease lapse) marks the input done and moves on.
 *   - The database restarting: recording retries (transient errors) until it succeeds or
 *     the worker stops; a queue runner that gives up is replaced (its jobs released).
 *   - Start and stop end whatever the database does: a start that fails once the scan
 *     processes run ends them, and the connections, before it reports; a stop closes the
 *     connections still busy after STOP_WAIT_MILLISECONDS and says so (exit 2).
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { run, type Job, type JobHelpers, type Runner, type WorkerEvents, type WorkerUtils } from 'graphile-worker';
import { WorkerPool, type TaskOutcome } from '../batch/pool.js';
import { toolVersion } from '../version.js';
import {
  createPool,
  errorText,
  inTransaction,
  isTransient,
  type ClosablePool,
  type PgTarget,
} from '../store/pg/connection.js';
import { openPgLibrary, type PgLibrary } from '../store/pg/library.js';
import { AlreadyRecordedError, recordPreparedScan, writeError } from '../store/pg/write.js';
import type { ErrorKind } from '../store/index.js';
import { fetchBlob } from './blobs.js';
import { queueLogger, queueUtilities, scanPayload, SCAN_TASK } from './jobs.js';

/** Jobs in hand per scan process (as batch's lanes, src/batch/run-batch.ts). */
const LANES_PER_SCAN = 2;
/** Default lease: a job of a worker silent this long goes to another worker. */
export const DEFAULT_LEASE_SECONDS = 30;
/** Heartbeats per lease: a worker misses several before it counts as gone. */
const HEARTBEATS_PER_LEASE = 6;
/** Shortest heartbeat interval (tests use leases of a second or two). */
const MINIMUM_HEARTBEAT_MILLISECONDS = 200;
/** Heartbeat rows older than this many leases are removed (the worker is long gone). */
const FORGET_AFTER_LEASES = 10;
/** Back-off between tries of recording while the database is away. */
const RETRY_MILLISECONDS = [100, 250, 500, 1000, 2000, 4000];
/** A queue runner that stopped on its own is started again after this long. */
const RUNNER_RESTART_MILLISECONDS = 1000;
/** Tries, and the wait between them, to give an interrupted job its try back once graphile-worker has released it. */
const GIVE_BACK_ROUNDS = 50;
const GIVE_BACK_WAIT_MILLISECONDS = 100;
/**
 * How long a stop waits for the database (jobs given back, the heartbeat row removed)
 * before it closes the connections itself: a query that never returns (a server that
 * stopped answering, a lock never granted) must not keep the process forever.
 */
const STOP_WAIT_MILLISECONDS = 10_000;
/** After the scans in hand, how long a stop waits for the queue runner (its own queries). */
const RUNNER_STOP_MARGIN_MILLISECONDS = 60_000;
/** What `within` returns for work that did not settle in time. */
const TIMED_OUT = Symbol('timed out');
/**
 * A job's input, its split files, and its blob's head with the first chunk: one round
 * trip. Named, so that each connection plans it once: planned on every call it cost the
 * server more than running it (pg_stat_statements: 0.15 ms of planning, 0.04 ms of
 * execution a job).
 */
const READ_INPUT = {
  name: 'apkwitness_read_input',
  text: `SELECT i.file_name, i.path, i.state,
      (SELECT json_agg(json_build_array(f.file_name, f.blob_sha256) ORDER BY f.ordinal)
       FROM input_files f WHERE f.input_sha256 = i.sha256) AS files,
      b.size AS size_stored, b.stored_in, b.chunks, c.data AS first
    FROM inputs i
    LEFT JOIN blobs b ON b.sha256 = i.sha256 AND i.state = 'queued'
    LEFT JOIN blob_chunks c ON c.sha256 = b.sha256 AND c.ordinal = 0
    WHERE i.sha256 = $1`,
};
/** The name of a file written for scanning when the enqueued name cannot be used as one. */
const FALLBACK_FILE_NAME = 'input.apk';

/** Scans one file; the batch pool's contract (never rejects). */
export type Scanner = (path: string) => Promise<TaskOutcome>;

export interface QueueWorkerOptions {
  readonly target: PgTarget;
  /** Scans at once (child processes). */
  readonly concurrency: number;
  readonly leaseSeconds: number;
  readonly timeoutMilliseconds: number;
  readonly memoryMegabytes: number;
  /** Where the shared folder of `enqueue --store` is mounted on this machine, when not where enqueue saw it. */
  readonly storeFolder?: string;
  /** Extra environment for the scan children (tests set the fault hook). */
  readonly workerEnv?: NodeJS.ProcessEnv;
  /** Replaces the scan children (bench/scale-out.ts measures the queue alone with a scan that does nothing). */
  readonly scanner?: Scanner;
  /** One line per event worth a line: a failed input, a lost connection. */
  readonly log: (line: string) => void;
  /** Called after each input is finished (done or failed), for progress. */
  readonly onFinished?: (outcome: FinishedInput) => void;
}

export interface FinishedInput {
  readonly sha256: string;
  readonly fileName: string;
  readonly state: 'done' | 'failed' | 'retry';
  readonly kind?: ErrorKind;
  readonly message?: string;
}

export interface WorkerSummary {
  readonly database: string;
  readonly workerId: string;
  readonly done: number;
  readonly failed: number;
  /** Failures that will be tried again (by this or another worker). */
  readonly retried: number;
  readonly milliseconds: number;
  /** Set when the stop did not finish in time (what it waited for): its connections were closed, their work left undone. */
  readonly stopProblem?: string;
}

/** `work`'s value, or TIMED_OUT when it has not settled within `milliseconds` (it goes on; its result is dropped). */
async function within<T>(work: Promise<T>, milliseconds: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, milliseconds));
  });
  // A rejection after the deadline is nobody's to handle.
  work.catch(() => {});
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

interface InputRow {
  readonly file_name: string;
  readonly path: string;
  readonly state: string;
  /** A folder of splits: [file name, blob SHA-256] per split, in order; null for one file. */
  readonly files: Array<[string, string]> | null;
  /** The blob of a one-file input (null for a folder of splits, or an input no longer queued). */
  readonly size_stored: number | null;
  readonly stored_in: string | null;
  readonly chunks: number | null;
  readonly first: Buffer | null;
}

/** A failed try that graphile-worker should try again. */
class RetryableScanError extends Error {}
/** The worker was told to stop now: the job goes back to the queue, its try not counted. */
class InterruptedError extends Error {}

function safeFileName(name: string): string {
  const base = basename(name);
  return base === '' || base === '.' || base === '..' || base.includes('\u0000') ? FALLBACK_FILE_NAME : base;
}

export class QueueWorker {
  readonly id = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private runner: Runner | undefined;
  private readonly poolIds = new Set<string>();
  private readonly running = new Map<string, Job>();
  /** Inputs in hand whose scan has begun: a worker that dies holding a job spent its try only then. */
  private readonly scanning = new Set<string>();
  private readonly interruptedJobs = new Map<string, number>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private interrupted = false;
  /** A queue runner being replaced (replaceRunner): a stop waits for it, then stops the new runner. */
  private replacement: Promise<void> | undefined;
  private readonly counts = { done: 0, failed: 0, retried: 0 };
  private readonly started = performance.now();
  private readonly temporary = mkdtempSync(join(tmpdir(), 'apkwitness-worker-'));
  /** Empty folders of `temporary`, one per job in hand (takeFolder). */
  private readonly freeFolders: string[] = [];
  private foldersMade = 0;
  private readonly pool: WorkerPool | undefined;
  private readonly scanner: Scanner;
  private readonly version = toolVersion();
  private finish!: (summary: WorkerSummary) => void;
  /** Resolves when the worker has stopped (after stop() or abort()). */
  readonly finished: Promise<WorkerSummary>;

  private constructor(
    private readonly library: PgLibrary,
    /** graphile-worker's own pool: it expects PostgreSQL's default type parsing (ids as strings). */
    private readonly queuePool: ClosablePool,
    private readonly utilities: WorkerUtils,
    private readonly options: QueueWorkerOptions,
  ) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
    if (options.scanner !== undefined) {
      this.scanner = options.scanner;
    } else {
      const pool = new WorkerPool({
        jobs: options.concurrency,
        timeoutMilliseconds: options.timeoutMilliseconds,
        memoryMegabytes: options.memoryMegabytes,
        env: options.workerEnv,
      });
      this.pool = pool;
      this.scanner = (path) => pool.run(path);
    }
  }

  /** Connects (migrating the library and the queue), registers, and starts taking jobs. */
  static async start(options: QueueWorkerOptions): Promise<QueueWorker> {
    const library = await openPgLibrary(options.target, {
      connections: options.concurrency * LANES_PER_SCAN + 2,
      applicationName: 'apkwitness worker',
    });
    const queuePool = createPool(options.target, {
      max: options.concurrency * LANES_PER_SCAN + 3,
      applicationName: 'apkwitness worker queue',
      defaultTypes: true,
    });
    let utilities: WorkerUtils;
    try {
      utilities = await queueUtilities(queuePool, options.log);
    } catch (error) {
      await Promise.all([library.closeWithin(STOP_WAIT_MILLISECONDS), queuePool.endWithin(STOP_WAIT_MILLISECONDS)]);
      throw new Error(errorText(error, options.target), { cause: error });
    }
    const worker = new QueueWorker(library, queuePool, utilities, options);
    try {
      // The scan processes first: a heartbeat then means a worker ready to scan.
      await worker.warmUp();
      await worker.heartbeat();
      await worker.startRunner();
    } catch (error) {
      // The database went away while starting (a restart): no job was taken. The scan
      // processes, the connections and the folder go too, or the process would live on.
      await worker.release(performance.now() + STOP_WAIT_MILLISECONDS);
      throw new Error(errorText(error, options.target), { cause: error });
    }
    worker.heartbeatTimer = setInterval(() => void worker.tick(), worker.heartbeatMilliseconds);
    return worker;
  }

  /**
   * Starts the scan processes before any job is taken: each loads its modules (seconds on
   * a busy machine), and jobs taken meanwhile would sit locked without progress, their
   * try counted if the worker were stopped then. The pool starts a process when asked to
   * scan; a path that does not exist is answered at once, once the process is ready.
   */
  private async warmUp(): Promise<void> {
    if (this.pool === undefined) return;
    const nothing = join(this.temporary, 'no-such-input.apk');
    const pool = this.pool;
    await Promise.all(Array.from({ length: this.options.concurrency }, () => pool.run(nothing)));
  }

  get database(): string {
    return this.library.description;
  }

  /** Graceful stop (SIGTERM): no new job; the jobs in hand finish and are recorded. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    void this.shutdown();
  }

  /** Stop now (a second SIGTERM or SIGINT): scans are killed, their jobs go back to the queue untried. */
  abort(): void {
    this.interrupted = true;
    this.pool?.close();
    this.stop();
  }

  // Read through methods: these change while a handler awaits, which narrowing cannot see.
  private isStopping(): boolean {
    return this.stopping;
  }
  private isInterrupted(): boolean {
    return this.interrupted;
  }

  private get heartbeatMilliseconds(): number {
    return Math.max(MINIMUM_HEARTBEAT_MILLISECONDS, (this.options.leaseSeconds * 1000) / HEARTBEATS_PER_LEASE);
  }

  /**
   * The stop: the runner ends (the scans in hand finish), interrupted jobs get their try
   * back, the worker leaves. Every wait is bounded: what did not finish in time is named
   * in the summary's `stopProblem`, and the connections are closed anyway.
   */
  private async shutdown(): Promise<void> {
    const problems: string[] = [];
    // A runner being replaced is started (or given up) first, then stopped like any other.
    const runnerWait = this.options.timeoutMilliseconds + RUNNER_STOP_MARGIN_MILLISECONDS;
    const runnerDeadline = performance.now() + runnerWait;
    if (this.replacement !== undefined && (await within(this.replacement, runnerWait)) === TIMED_OUT)
      problems.push(`the queue runner's replacement did not start or give up within ${runnerWait / 1000} s`);
    try {
      const runner = this.runner;
      if (runner !== undefined && (await within(runner.stop(), runnerDeadline - performance.now())) === TIMED_OUT)
        problems.push(`the queue runner did not stop within ${runnerWait / 1000} s`);
    } catch (error) {
      // A runner that ended on its own answers "already stopped".
      if (!/already stopped/i.test(errorText(error, undefined)))
        this.options.log(`queue runner: ${errorText(error, this.options.target)}`);
    }
    clearInterval(this.heartbeatTimer);
    // No job is in hand any more: the scan processes are not needed.
    this.pool?.close();
    const deadline = performance.now() + STOP_WAIT_MILLISECONDS;
    if ((await within(this.giveBackInterrupted(), deadline - performance.now())) === TIMED_OUT)
      problems.push(
        `giving back ${this.interruptedJobs.size} interrupted job(s) took more than ${STOP_WAIT_MILLISECONDS / 1000} s`,
      );
    problems.push(...(await this.release(deadline)));
    this.finish({
      database: this.library.description,
      workerId: this.id,
      ...this.counts,
      milliseconds: Math.round(performance.now() - this.started),
      ...(problems.length === 0 ? {} : { stopProblem: problems.join('; ') }),
    });
  }

  /**
   * Interrupted jobs were failed by graphile-worker with a try counted: gives the try back,
   * to run them now. graphile-worker releases a failed job without waiting for it, so it may
   * still be locked for a moment (rescheduleJobs leaves locked jobs alone).
   */
  private async giveBackInterrupted(): Promise<void> {
    for (let round = 0; this.interruptedJobs.size > 0 && round < GIVE_BACK_ROUNDS; round += 1) {
      for (const [id, attempts] of [...this.interruptedJobs]) {
        try {
          // graphile-worker's SQL function itself: its JavaScript wrapper turns attempts 0 into "unchanged".
          const updated = await this.queuePool.query(
            'SELECT id FROM graphile_worker.reschedule_jobs($1::bigint[], run_at := now(), attempts := $2::int)',
            [[id], Math.max(0, attempts - 1)],
          );
          if ((updated.rowCount ?? 0) > 0) this.interruptedJobs.delete(id);
        } catch (error) {
          this.options.log(`could not give back job ${id}: ${errorText(error, this.options.target)}`);
          this.interruptedJobs.delete(id);
        }
      }
      if (this.interruptedJobs.size > 0) await sleep(GIVE_BACK_WAIT_MILLISECONDS);
    }
  }

  /**
   * Leaves, by `deadline` (performance.now()): the heartbeat row removed, the scan
   * processes ended, the connections closed (those still busy at the deadline closed
   * anyway), the temporary folder removed. Returns what did not finish in time.
   */
  private async release(deadline: number): Promise<string[]> {
    const problems: string[] = [];
    const seconds = STOP_WAIT_MILLISECONDS / 1000;
    this.pool?.close();
    const left = (): number => Math.max(0, deadline - performance.now());
    try {
      const removed = this.library.pool.query('DELETE FROM workers WHERE id = $1', [this.id]);
      if ((await within(removed, left())) === TIMED_OUT)
        problems.push(`removing the worker's heartbeat took more than ${seconds} s`);
    } catch {
      // The database is away: the row ages out, and the lease frees nothing of ours (we hold nothing now).
    }
    await within(Promise.resolve(this.utilities.release()), left()).catch(() => {});
    // The connections get what is left of the wait, and at least a moment to say goodbye.
    const ends = await Promise.all([
      this.queuePool.endWithin(Math.max(left(), GIVE_BACK_WAIT_MILLISECONDS)),
      this.library.closeWithin(Math.max(left(), GIVE_BACK_WAIT_MILLISECONDS)),
    ]);
    if (ends.includes(false)) problems.push(`connections still busy after ${seconds} s were closed`);
    rmSync(this.temporary, { recursive: true, force: true });
    return problems;
  }

  private async startRunner(): Promise<void> {
    const events = new EventEmitter() as WorkerEvents;
    // Jobs are locked by the pool's id: the heartbeat lists it from the moment the pool exists.
    events.on('pool:create', ({ workerPool }) => {
      this.poolIds.add(workerPool.id);
    });
    const runner = await run({
      pgPool: this.queuePool,
      // Two jobs in hand per scan process: while one is scanned, the other's bytes are
      // fetched or its scan recorded, so the scan process does not wait for the database.
      concurrency: this.options.concurrency * LANES_PER_SCAN,
      noHandleSignals: true,
      pollInterval: Math.min(2000, this.options.leaseSeconds * 250),
      logger: queueLogger(this.options.log),
      events,
      taskList: { [SCAN_TASK]: (payload, helpers) => this.handle(payload, helpers) },
      // Graceful stop waits for the scans in hand; abort() ends them itself.
      gracefulShutdownAbortTimeout: this.options.timeoutMilliseconds + 60_000,
    });
    this.runner = runner;
    // graphile-worker ends its pool when it cannot complete a job (a lost connection); start another.
    runner.promise.then(
      () => this.replaceRunner(runner, 'stopped'),
      (error: unknown) => this.replaceRunner(runner, errorText(error, this.options.target)),
    );
  }

  /**
   * Replaces the queue runner: after it ended on its own (graphile-worker ends its pool
   * when it cannot complete a job), or when it holds a job it never received (the lock
   * was taken just as the connection dropped: `recycleIfLockInDoubt`). The old runner's
   * jobs in hand finish first; then its locks are released (jobs recorded meanwhile
   * complete at once when taken again) and a new runner starts.
   */
  private replaceRunner(old: Runner, why: string, stopOld = false): Promise<void> {
    if (this.stopping || this.runner !== old || this.replacement !== undefined) return Promise.resolve();
    const replacement = this.replace(old, why, stopOld).finally(() => {
      this.replacement = undefined;
    });
    this.replacement = replacement;
    return replacement;
  }

  private async replace(old: Runner, why: string, stopOld: boolean): Promise<void> {
    this.options.log(`queue runner ${stopOld ? 'replaced' : 'ended'} (${why}); starting another`);
    if (stopOld) await old.stop().catch(() => {});
    const oldIds = [...this.poolIds];
    for (;;) {
      if (this.isStopping()) return;
      try {
        await this.utilities.forceUnlockWorkers(oldIds);
        for (const id of oldIds) this.poolIds.delete(id);
        await this.startRunner();
        return;
      } catch (error) {
        this.options.log(`queue runner: ${errorText(error, this.options.target)}; trying again`);
        await sleep(RUNNER_RESTART_MILLISECONDS);
      }
    }
  }

  /** A job locked by our runner for longer than the lease that no handler of ours holds: the runner is replaced. */
  private async recycleIfLockInDoubt(): Promise<void> {
    const runner = this.runner;
    if (runner === undefined || this.poolIds.size === 0 || this.replacement !== undefined || this.stopping) return;
    const locked = await this.library.pool.query<{ key: string }>(
      `SELECT key FROM graphile_worker.jobs
       WHERE task_identifier = $1 AND locked_by = ANY($2) AND locked_at < now() - make_interval(secs => $3)`,
      [SCAN_TASK, [...this.poolIds], this.options.leaseSeconds],
    );
    if (locked.rows.some((row) => !this.running.has(row.key)))
      void this.replaceRunner(runner, 'it holds a job it never received: the connection dropped as it took it', true);
  }

  /** One heartbeat, then the sweep of abandoned jobs. Errors are logged once per outage, never thrown. */
  private lastTickError: string | undefined;
  private async tick(): Promise<void> {
    try {
      await this.heartbeat();
      await this.sweep();
      await this.recycleIfLockInDoubt();
      if (this.lastTickError !== undefined) this.options.log('database reachable again');
      this.lastTickError = undefined;
    } catch (error) {
      const text = errorText(error, this.options.target);
      if (text !== this.lastTickError) this.options.log(`heartbeat: ${text}`);
      this.lastTickError = text;
    }
  }

  private async heartbeat(): Promise<void> {
    await this.library.pool.query(
      `INSERT INTO workers (id, host, pid, queue_worker_ids, running, scanning) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), queue_worker_ids = excluded.queue_worker_ids,
         running = excluded.running, scanning = excluded.scanning`,
      [this.id, hostname(), process.pid, [...this.poolIds], [...this.running.keys()], [...this.scanning]],
    );
  }

  /**
   * Gives back to the queue the jobs locked longer than the lease by queue workers that
   * no live heartbeat lists, with their try given back too when their last heartbeat says
   * the scan had not begun (a worker killed while starting up took jobs it never scanned);
   * records as failed the inputs whose every try ended that way.
   */
  private async sweep(): Promise<void> {
    const lease = this.options.leaseSeconds;
    const pool = this.library.pool;
    const abandoned = await pool.query<{ id: number; locked_by: string; attempts: number; unscanned: boolean }>(
      `SELECT j.id, j.locked_by, j.attempts,
         coalesce((SELECT NOT (j.key = ANY(w.scanning)) FROM workers w WHERE j.locked_by = ANY(w.queue_worker_ids) LIMIT 1), false) AS unscanned
       FROM graphile_worker.jobs j
       WHERE j.task_identifier = $1 AND j.locked_at < now() - make_interval(secs => $2)
         AND NOT EXISTS (SELECT 1 FROM workers w
           WHERE w.heartbeat_at >= now() - make_interval(secs => $2) AND j.locked_by = ANY(w.queue_worker_ids))`,
      [SCAN_TASK, lease],
    );
    if (abandoned.rows.length > 0) {
      const silent = [...new Set(abandoned.rows.map((row) => row.locked_by))];
      await this.utilities.forceUnlockWorkers(silent);
      for (const job of abandoned.rows.filter((row) => row.unscanned && row.attempts > 0)) {
        // reschedule_jobs leaves a job alone if another worker locked it meanwhile: its try then counts.
        await this.queuePool.query('SELECT graphile_worker.reschedule_jobs($1::bigint[], attempts := $2::int)', [
          [String(job.id)],
          job.attempts - 1,
        ]);
      }
      this.options.log(
        `gave back ${abandoned.rows.length} job(s) of ${silent.length} worker(s) silent for more than ${lease} s`,
      );
    }
    const exhausted = await pool.query<{ id: number; key: string; attempts: number; last_error: string | null }>(
      `SELECT j.id, j.key, j.attempts, j.last_error FROM graphile_worker.jobs j JOIN inputs i ON i.sha256 = j.key
       WHERE j.task_identifier = $1 AND j.locked_at IS NULL AND j.attempts >= j.max_attempts AND i.state = 'queued'`,
      [SCAN_TASK],
    );
    for (const job of exhausted.rows) {
      const message = `the worker scanning it stopped or lost the database on each of ${job.attempts} tries${job.last_error ? ` (last error: ${job.last_error.split('\n')[0]})` : ''}`;
      const recorded = await this.recordFailure(job.key, 'crash', message);
      if (recorded) {
        this.counts.failed += 1;
        await this.utilities.completeJobs([String(job.id)]);
      }
    }
    await pool.query('DELETE FROM workers WHERE heartbeat_at < now() - make_interval(secs => $1)', [
      lease * FORGET_AFTER_LEASES,
    ]);
  }

  /**
   * Writes an input's bytes to `path`: its blob, or for a folder of splits (input_files)
   * a folder of that name holding each split under its own file name, as batch scans it.
   */
  private async fetchInput(sha256: string, input: InputRow, path: string): Promise<void> {
    if (input.files === null) {
      // The blob's head came with the input: a one-chunk APK costs no further round trip.
      await fetchBlob(
        this.library.pool,
        sha256,
        path,
        this.options.storeFolder,
        input.size_stored === null
          ? undefined
          : { size: input.size_stored, stored_in: input.stored_in, chunks: input.chunks ?? 0, first: input.first },
      );
      return;
    }
    mkdirSync(path);
    const names = new Set<string>();
    for (const [ordinal, [fileName, blobSha256]] of input.files.entries()) {
      // Names were unique in the enqueued folder; a crafted row must not overwrite another split.
      let name = safeFileName(fileName);
      if (names.has(name)) name = `${ordinal}-${name}`;
      names.add(name);
      await fetchBlob(this.library.pool, blobSha256, join(path, name), this.options.storeFolder);
    }
  }

  /** The task handler: one input, start to finish. Throws to have graphile-worker try again later. */
  private async handle(payload: unknown, helpers: JobHelpers): Promise<void> {
    const { sha256 } = scanPayload(payload);
    const job = helpers.job;
    if (this.interrupted) {
      this.interruptedJobs.set(job.id, job.attempts);
      throw new InterruptedError('worker stopped before the scan');
    }
    this.running.set(sha256, job);
    // A folder per job in hand: the file keeps the input's own name, and two lanes may hold files of one name.
    const folder = this.takeFolder();
    let path: string | undefined;
    let fetched = false;
    try {
      // The input, its split files, and its blob's head with the first chunk: one round trip.
      const input = (await this.library.pool.query<InputRow>({ ...READ_INPUT, values: [sha256] })).rows[0];
      // Done (or failed) already: a job given back after a lease lapse, or enqueued twice.
      if (input === undefined || input.state !== 'queued') return;
      path = join(folder, safeFileName(input.file_name));
      await this.fetchInput(sha256, input, path);
      fetched = true;
      const started = performance.now();
      this.scanning.add(sha256);
      const outcome = await this.scanner(path);
      if (this.isInterrupted() && !outcome.ok) {
        this.interruptedJobs.set(job.id, job.attempts);
        throw new InterruptedError('worker stopped during the scan');
      }
      if (outcome.ok) {
        // Recorded already: by this worker just before a connection dropped, or by another after a lease lapse.
        if (await this.recordScan(sha256, input, outcome, performance.now() - started)) this.counts.done += 1;
        this.options.onFinished?.({ sha256, fileName: input.file_name, state: 'done' });
        return;
      }
      const final = outcome.kind === 'format' || job.attempts >= job.max_attempts;
      if (!final) {
        this.counts.retried += 1;
        this.options.onFinished?.({
          sha256,
          fileName: input.file_name,
          state: 'retry',
          kind: outcome.kind,
          message: outcome.message,
        });
        throw new RetryableScanError(`${outcome.kind}: ${outcome.message}`);
      }
      const message =
        outcome.kind === 'format' ? outcome.message : `${outcome.message} (try ${job.attempts} of ${job.max_attempts})`;
      await this.recordFailure(sha256, outcome.kind, message, input.path);
      this.counts.failed += 1;
      this.options.onFinished?.({
        sha256,
        fileName: input.file_name,
        state: 'failed',
        kind: outcome.kind,
        message,
      });
    } catch (error) {
      if (error instanceof RetryableScanError || error instanceof InterruptedError) throw error;
      // Our own failure (the bytes, the database): tried again, and recorded on the last try.
      const text = errorText(error, this.options.target);
      if (job.attempts >= job.max_attempts && !this.isInterrupted()) {
        await this.recordFailure(sha256, 'crash', `could not be scanned or recorded: ${text}`).catch(() => {});
        this.counts.failed += 1;
        return;
      }
      throw new Error(text, { cause: error });
    } finally {
      this.running.delete(sha256);
      this.scanning.delete(sha256);
      if (path !== undefined) rmSync(path, { force: true, recursive: true });
      // A failed fetch may leave a partial copy beside the file: that folder is not used again.
      if (path === undefined || fetched) this.freeFolders.push(folder);
      else rmSync(folder, { recursive: true, force: true });
    }
  }

  /** An empty folder of our temporary one, made once and used again: creating and removing one a job costs milliseconds on some file systems. */
  private takeFolder(): string {
    const free = this.freeFolders.pop();
    if (free !== undefined) return free;
    const folder = join(this.temporary, `lane-${this.foldersMade}`);
    this.foldersMade += 1;
    mkdirSync(folder);
    return folder;
  }

  /**
   * Records the scan and marks the input done, in one transaction; waits out a database
   * restart. Returns false when the input was recorded already (nothing written).
   */
  private async recordScan(
    sha256: string,
    input: InputRow,
    outcome: Extract<TaskOutcome, { ok: true }>,
    milliseconds: number,
  ): Promise<boolean> {
    return this.withRetries(async () => {
      try {
        await recordPreparedScan(
          this.library.pool,
          { prepared: outcome.prepared, inputSha256: sha256, fileName: input.file_name, milliseconds },
          { inputDone: true },
        );
        return true;
      } catch (error) {
        if (!(error instanceof AlreadyRecordedError)) throw error;
        await inTransaction(this.library.pool, (client) => this.markInput(client, sha256, 'done'));
        return false;
      }
    });
  }

  /** Records an input's error and marks it failed, unless it is done or failed already. Returns true when recorded. */
  private async recordFailure(sha256: string, kind: ErrorKind, message: string, path?: string): Promise<boolean> {
    return this.withRetries(() =>
      inTransaction(this.library.pool, async (client) => {
        const row = (
          await client.query<{ path: string; state: string }>(
            'SELECT path, state FROM inputs WHERE sha256 = $1 FOR UPDATE',
            [sha256],
          )
        ).rows[0];
        if (row === undefined || row.state !== 'queued') return false;
        await writeError(client, { path: path ?? row.path, inputSha256: sha256, kind, message }, this.version);
        await this.markInput(client, sha256, 'failed');
        this.options.log(`${row.path}: ${kind}: ${message}`);
        return true;
      }),
    );
  }

  private async markInput(client: pg.ClientBase, sha256: string, state: 'done' | 'failed'): Promise<void> {
    await client.query(
      'UPDATE inputs SET state = $2, tool_version = $3, finished_at = now() WHERE sha256 = $1 AND state = $4',
      [sha256, state, this.version, 'queued'],
    );
  }

  /** Runs `work` again after transient errors (a restarting server, a deadlock) until it succeeds or the worker aborts. */
  private async withRetries<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (!isTransient(error) || this.interrupted) throw error;
        if (attempt === 0) this.options.log(`database: ${errorText(error, this.options.target)}; trying again`);
        await sleep(RETRY_MILLISECONDS[Math.min(attempt, RETRY_MILLISECONDS.length - 1)]);
      }
    }
  }
}
