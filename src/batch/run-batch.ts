/**
 * A batch: find the inputs, hash them, skip those this apkwitness version already
 * analysed (or failed on), scan the rest in the worker pool and record each result
 * in the library as it arrives (one transaction per file; this process is the only
 * writer). Largest files first, so that the longest scans do not end up alone at the tail.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { closeSync, createReadStream } from 'node:fs';
import { openRegularFile } from '../model/bundle/index.js';
import { basename } from 'node:path';
import { toolVersion } from '../version.js';
import { openLibrary, type ErrorKind, type Library } from '../store/index.js';
import { Progress, type ProgressStream } from '../report/progress.js';
import { safeText } from '../report/terminal.js';
import { discoverInputs, type BatchInput } from './discover.js';
import { WorkerPool } from './pool.js';

/** Files in flight per worker: one scanning, one queued behind it. */
const LANES_PER_WORKER = 2;

export interface BatchOptions {
  readonly libraryPath: string;
  readonly roots: readonly string[];
  readonly jobs: number;
  readonly timeoutMilliseconds: number;
  readonly memoryMegabytes: number;
  /** Scan again the files that failed with this version (default: skip them too). */
  readonly retryErrors?: boolean;
  /** Extra environment for workers (tests). */
  readonly workerEnv?: NodeJS.ProcessEnv;
  /** V8 flags for the workers instead of the default (bench/batch.ts --worker-flags). */
  readonly workerV8Flags?: readonly string[];
  /** Where the progress bar and per-file error lines go (stderr). */
  readonly progressStream?: ProgressStream;
}

export interface BatchFileError {
  readonly path: string;
  readonly kind: ErrorKind;
  readonly message: string;
}

export interface BatchSummary {
  readonly library: string;
  readonly toolVersion: string;
  /** Input files found under the folders. */
  readonly found: number;
  /** Scanned and recorded in this run. */
  readonly analysed: number;
  /** Already in the library for this version (scan or error), or the same bytes as another input of this run. */
  readonly skipped: number;
  /** Of those, the files another batch on the same library was scanning (or scanned meanwhile). */
  readonly byOtherBatch: number;
  /** Files that failed in this run. */
  readonly errors: readonly BatchFileError[];
  /** Folders or files that could not be listed or read. */
  readonly problems: readonly string[];
  /** Decisions worth a line that are not errors (a split scanned without its base). */
  readonly notes: readonly string[];
  readonly milliseconds: number;
}

/** The SHA-256 of a regular file (input-file.ts refuses anything else), up to the size fstat gave. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const { fd, stats } = openRegularFile(path);
  if (stats.size === 0) {
    closeSync(fd);
    return hash.digest('hex');
  }
  for await (const chunk of createReadStream('', { fd, start: 0, end: stats.size - 1, autoClose: true }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The identity of an input: the SHA-256 of its bytes; for a folder of splits, the SHA-256 of
 * its files' names and hashes (sorted), so that the same splits in another folder are the same app.
 */
export async function inputSha256(input: BatchInput): Promise<string> {
  if (input.files === undefined) return sha256File(input.path);
  const files: Array<{ name: string; sha256: string }> = [];
  for (const file of input.files) files.push({ name: basename(file), sha256: await sha256File(file) });
  return splitGroupSha256(files);
}

/** The identity of a folder of splits from its files' names and SHA-256s (in any order). */
export function splitGroupSha256(files: ReadonlyArray<{ readonly name: string; readonly sha256: string }>): string {
  const parts = files.map(({ name, sha256 }) => `${name}\u0000${sha256}\n`).sort();
  return createHash('sha256').update(parts.join('')).digest('hex');
}

interface Counters {
  analysed: number;
  skipped: number;
  byOtherBatch: number;
  errors: BatchFileError[];
  problems: string[];
}

/** `host:pid:nonce`: names this batch process in the library's claims. */
function ownerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Whether the batch process named `owner` still runs: on this host, signal 0 tells; on
 * another host (a library on a shared disk) it is presumed alive until its claim is stale.
 */
export function ownerIsLive(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname()) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A claim older than this many timeouts is stale (its process hung or was killed on another host). */
const STALE_CLAIM_TIMEOUTS = 2;
/** …and never younger than this. */
const MINIMUM_STALE_CLAIM_MILLISECONDS = 60_000;

class BatchRun {
  private readonly version = toolVersion();
  private readonly owner = ownerName();
  /** Input hashes taken by this run (the same bytes under two names are scanned once). */
  private readonly claimed = new Set<string>();
  private readonly counters: Counters = { analysed: 0, skipped: 0, byOtherBatch: 0, errors: [], problems: [] };

  constructor(
    private readonly library: Library,
    private readonly pool: WorkerPool,
    private readonly progress: Progress,
    private readonly options: BatchOptions,
  ) {}

  async process(input: BatchInput): Promise<void> {
    this.progress.start(basename(input.path));
    let sha256 = this.library.knownHash(input.path, input.size, input.mtimeMs);
    if (sha256 === undefined) {
      try {
        sha256 = await inputSha256(input);
      } catch (error) {
        this.counters.problems.push(`${input.path}: ${(error as Error).message}`);
        this.progress.log(`apkwitness: ${safeText(input.path)}: ${safeText((error as Error).message)}`);
        return;
      }
    }
    const already =
      this.library.scanIdFor(sha256, this.version) !== undefined ||
      (!this.options.retryErrors && this.library.errorFor(sha256, this.version) !== undefined);
    if (already || this.claimed.has(sha256)) {
      this.library.recordFile(input.path, sha256, input.size, input.mtimeMs);
      this.counters.skipped += 1;
      return;
    }
    this.claimed.add(sha256);
    // Another batch on the same library (a second terminal, a cron job) may be at this file:
    // a claim in the library, taken under SQLite's write lock, gives each file to one of them.
    const now = Date.now();
    const claim = this.library.claim({
      inputSha256: sha256,
      toolVersion: this.version,
      owner: this.owner,
      now,
      staleBefore:
        now - Math.max(MINIMUM_STALE_CLAIM_MILLISECONDS, STALE_CLAIM_TIMEOUTS * this.options.timeoutMilliseconds),
      retryErrors: this.options.retryErrors === true,
      isLive: ownerIsLive,
    });
    if (claim !== 'claimed') {
      this.library.recordFile(input.path, sha256, input.size, input.mtimeMs);
      this.counters.skipped += 1;
      if (claim === 'taken') this.counters.byOtherBatch += 1;
      return;
    }
    try {
      await this.scanClaimed(input, sha256);
    } finally {
      this.library.releaseClaim(sha256, this.version, this.owner);
    }
  }

  private async scanClaimed(input: BatchInput, sha256: string): Promise<void> {
    const outcome = await this.pool.run(input.path);
    if (outcome.ok) {
      try {
        this.library.writePreparedScan({
          prepared: outcome.prepared,
          inputSha256: sha256,
          fileName: basename(input.path),
          path: input.path,
          size: input.size,
          mtimeMs: input.mtimeMs,
          milliseconds: outcome.milliseconds,
        });
        this.counters.analysed += 1;
        return;
      } catch (error) {
        // Recorded meanwhile by another batch whose claim this one took over as stale: not a crash.
        if (this.library.scanIdFor(sha256, this.version) !== undefined) {
          this.counters.skipped += 1;
          this.counters.byOtherBatch += 1;
          return;
        }
        this.fail(input, sha256, 'crash', `could not be recorded: ${(error as Error).message}`);
        return;
      }
    }
    this.fail(input, sha256, outcome.kind, outcome.message);
  }

  summary(found: number, started: number, problems: readonly string[], notes: readonly string[]): BatchSummary {
    return {
      library: this.options.libraryPath,
      toolVersion: this.version,
      found,
      analysed: this.counters.analysed,
      skipped: this.counters.skipped,
      byOtherBatch: this.counters.byOtherBatch,
      errors: this.counters.errors,
      problems: [...problems, ...this.counters.problems],
      notes,
      milliseconds: Math.round(performance.now() - started),
    };
  }

  private fail(input: BatchInput, sha256: string, kind: ErrorKind, message: string): void {
    this.library.writeError({ path: input.path, inputSha256: sha256, kind, message }, this.version);
    this.library.recordFile(input.path, sha256, input.size, input.mtimeMs);
    this.counters.errors.push({ path: input.path, kind, message });
    this.progress.log(`apkwitness: ${safeText(input.path)}: ${kind}: ${safeText(message)}`);
  }
}

/** Runs a batch to the end; per-file failures are recorded, never thrown. Throws only when the library cannot be opened. */
export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  const { inputs, problems, notes } = discoverInputs(options.roots);
  inputs.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
  const library = openLibrary(options.libraryPath);
  const pool = new WorkerPool({
    jobs: options.jobs,
    timeoutMilliseconds: options.timeoutMilliseconds,
    memoryMegabytes: options.memoryMegabytes,
    env: options.workerEnv,
    ...(options.workerV8Flags === undefined ? {} : { v8Flags: options.workerV8Flags }),
  });
  const stream = options.progressStream ?? { write: () => true };
  const progress = new Progress(stream, inputs.length);
  const run = new BatchRun(library, pool, progress, options);
  for (const problem of problems) progress.log(`apkwitness: ${safeText(problem)}`);
  for (const note of notes) progress.log(`apkwitness: note: ${safeText(note)}`);
  try {
    let next = 0;
    // Two lanes per worker: while a worker scans one file of a lane, the other lane has
    // hashed its next file and queued it, so the worker never waits for this process.
    const lane = async (): Promise<void> => {
      while (next < inputs.length) {
        const input = inputs[next++] as BatchInput;
        await run.process(input);
        progress.tick();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.jobs) * LANES_PER_WORKER }, lane));
  } finally {
    progress.finish();
    pool.close();
    library.close();
  }
  return run.summary(inputs.length, started, problems, notes);
}
