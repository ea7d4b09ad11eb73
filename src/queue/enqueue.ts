/**
 * `apkwitness enqueue`: every input under the folders (the batch's discovery rules,
 * src/batch/discover.ts) goes to the shared library as bytes and a scan job. Each input,
 * in ONE transaction: its bytes (content-addressed, src/queue/blobs.ts), its `inputs`
 * row and its job (graphile-worker's add_job is SQL). A folder of one base and its splits
 * is one input, as in batch: each split stored as a blob, listed in `input_files`, one job. A file already enqueued, under
 * any name, by any machine, is skipped: it is scanned once. Three round trips for a
 * small new file (bytes, chunk, input with its job) besides BEGIN and COMMIT.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type pg from 'pg';
import { discoverInputs, type BatchInput } from '../batch/discover.js';
import { sha256File, splitGroupSha256 } from '../batch/run-batch.js';
import { Progress, type ProgressStream } from '../report/progress.js';
import { safeText } from '../report/terminal.js';
import { createPool, errorText, inTransaction, type PgTarget } from '../store/pg/connection.js';
import { openPgLibrary } from '../store/pg/library.js';
import { pgText } from '../store/pg/write.js';
import { storeBlob } from './blobs.js';
import { DEFAULT_TRIES, QUEUE_SCHEMA, queueUtilities, SCAN_TASK } from './jobs.js';

export interface EnqueueOptions {
  readonly target: PgTarget;
  readonly roots: readonly string[];
  /** Keep the bytes in this shared folder instead of the database. */
  readonly storeFolder?: string;
  /** Tries of a job whose scan crashes (default DEFAULT_TRIES). */
  readonly tries?: number;
  /** Enqueue again the inputs whose scan failed. */
  readonly retryErrors?: boolean;
  readonly progressStream?: ProgressStream;
}

export interface EnqueueSummary {
  /** The database, without password. */
  readonly database: string;
  readonly found: number;
  readonly enqueued: number;
  /** Already in the library's queue (queued, done or failed), or the same bytes as another input of this run. */
  readonly skipped: number;
  /** Bytes stored by this run (inputs whose bytes were stored already count 0). */
  readonly storedBytes: number;
  /** Folders or files that could not be read or stored: one line each. */
  readonly problems: readonly string[];
  /** What discovery decided without an error (a split enqueued without its base), as batch says it. */
  readonly notes: readonly string[];
  readonly milliseconds: number;
}

type Outcome = 'enqueued' | 'skipped';

/** One file of an input: the input itself, or a split of a folder input. */
interface InputFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

async function enqueueOne(
  pool: pg.Pool,
  input: BatchInput,
  sha256: string,
  files: readonly InputFile[],
  options: EnqueueOptions,
): Promise<{ outcome: Outcome; stored: number }> {
  return inTransaction(pool, async (client) => {
    // New bytes: stored, with the input and its job. Known bytes: enqueued already (by
    // any name, any machine), unless their scan failed and --retry-errors asks again.
    let stored = 0;
    for (const file of files)
      if (await storeBlob(client, file.path, file.sha256, file.size, options.storeFolder)) stored += file.size;
    const changed = await client.query<{ created: boolean }>(
      `WITH input AS (
         INSERT INTO inputs (sha256, file_name, path, size) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256) DO UPDATE SET state = 'queued', tool_version = NULL, finished_at = NULL, enqueued_at = now()
           WHERE inputs.state = 'failed' AND $5
         RETURNING sha256, xmax = 0 AS created)
       SELECT created, ${QUEUE_SCHEMA}.add_job($6, json_build_object('sha256', sha256), max_attempts => $7, job_key => sha256) FROM input`,
      [
        sha256,
        pgText(basename(input.path)),
        pgText(input.path),
        input.size,
        options.retryErrors === true,
        SCAN_TASK,
        options.tries ?? DEFAULT_TRIES,
      ],
    );
    if ((changed.rowCount ?? 0) === 0) return { outcome: 'skipped', stored: 0 };
    // A folder of splits: its files, each under its own name (a retried input has them already).
    if (input.files !== undefined && changed.rows[0]?.created === true)
      for (const [ordinal, file] of files.entries())
        await client.query(
          'INSERT INTO input_files (input_sha256, ordinal, file_name, blob_sha256) VALUES ($1, $2, $3, $4)',
          [sha256, ordinal, pgText(basename(file.path)), file.sha256],
        );
    return { outcome: 'enqueued', stored };
  });
}

/** The files of an input with their SHA-256s, and the input's identity (as batch computes it). */
async function hashInput(input: BatchInput): Promise<{ sha256: string; files: InputFile[] }> {
  if (input.files === undefined) {
    const sha256 = await sha256File(input.path);
    return { sha256, files: [{ path: input.path, size: input.size, sha256 }] };
  }
  const files: InputFile[] = [];
  for (const path of input.files) files.push({ path, size: statSync(path).size, sha256: await sha256File(path) });
  return {
    sha256: splitGroupSha256(files.map((file) => ({ name: basename(file.path), sha256: file.sha256 }))),
    files,
  };
}

/** Enqueues every input; per-file problems are reported, never thrown. Throws when the database cannot be used. */
export async function runEnqueue(options: EnqueueOptions): Promise<EnqueueSummary> {
  const started = performance.now();
  const { inputs, problems: found, notes } = discoverInputs(options.roots);
  const problems = [...found];
  const library = await openPgLibrary(options.target, { connections: 2, applicationName: 'apkwitness enqueue' });
  const progress = new Progress(options.progressStream ?? { write: () => true }, inputs.length);
  const counts = { enqueued: 0, skipped: 0, storedBytes: 0 };
  try {
    // graphile-worker's schema, migrated on a pool of its own (it expects node-postgres's default types).
    const queuePool = createPool(options.target, { max: 1, applicationName: 'apkwitness enqueue', defaultTypes: true });
    try {
      const utilities = await queueUtilities(queuePool, (line) => progress.log(`apkwitness: ${safeText(line)}`));
      await utilities.release();
    } finally {
      await queuePool.end();
    }
    for (const problem of problems) progress.log(`apkwitness: ${safeText(problem)}`);
    for (const note of notes) progress.log(`apkwitness: note: ${safeText(note)}`);
    const seen = new Set<string>();
    for (const input of inputs) {
      progress.start(basename(input.path));
      try {
        const { sha256, files } = await hashInput(input);
        if (seen.has(sha256)) {
          counts.skipped += 1;
        } else {
          seen.add(sha256);
          const { outcome, stored } = await enqueueOne(library.pool, input, sha256, files, options);
          counts[outcome] += 1;
          counts.storedBytes += stored;
        }
      } catch (error) {
        const message = `${input.path}: ${errorText(error, options.target)}`;
        problems.push(message);
        progress.log(`apkwitness: ${safeText(message)}`);
      }
      progress.tick();
    }
  } finally {
    progress.finish();
    await library.close();
  }
  return {
    database: options.target.description,
    found: inputs.length,
    ...counts,
    problems,
    notes,
    milliseconds: Math.round(performance.now() - started),
  };
}
