/**
 * `apkwitness enqueue`: every input under the folders (the batch's discovery rules,
 * src/batch/discover.ts) goes to the shared library as bytes and a scan job. An input's
 * bytes (content-addressed, src/queue/blobs.ts), its `inputs` row and its job commit
 * together, in one transaction (graphile-worker's add_jobs is SQL). A folder of one base and its splits
 * is one input, as in batch: each split stored as a blob, listed in `input_files`, one job.
 * A file already enqueued, under any name, by any machine, is skipped: it is scanned once.
 * Inputs go in batches (up to 200 inputs or 16 MiB a transaction): a few round trips a
 * batch, not a few a file.
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
import { readSmallFile, storeBlobs } from './blobs.js';
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
  /** A small file's bytes, read once with its hash (readSmallFile). */
  readonly bytes?: Buffer;
}

/** An input with its identity and files, ready to enqueue. */
interface HashedInput {
  readonly input: BatchInput;
  readonly sha256: string;
  readonly files: readonly InputFile[];
}

/** Inputs, and bytes, per transaction: few round trips a file, transactions still short. */
const BATCH_INPUTS = 200;
const BATCH_BYTES = 16 << 20;

/**
 * Enqueues several inputs in ONE transaction. New bytes are stored with their inputs and
 * jobs; known bytes were enqueued already (by any name, any machine), unless their scan
 * failed and --retry-errors asks again. Returns each input's outcome and the bytes it
 * stored. Round trips besides BEGIN and COMMIT: the blobs rows, the small files' bytes,
 * the inputs with their jobs (graphile-worker's add_jobs), the files of split folders.
 */
async function enqueueBatch(
  pool: pg.Pool,
  batch: readonly HashedInput[],
  options: EnqueueOptions,
): Promise<Array<{ outcome: Outcome; stored: number }>> {
  return inTransaction(pool, async (client) => {
    const stored = await storeBlobs(
      client,
      batch.flatMap((item) => item.files),
      options.storeFolder,
    );
    // Keys in sorted order: two enqueues of overlapping folders wait for each other in the same order.
    const sorted = [...batch].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
    const changed = await client.query<{ sha256: string; created: boolean }>(
      `WITH input AS (
         INSERT INTO inputs (sha256, file_name, path, size)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) ORDER BY 1
         ON CONFLICT (sha256) DO UPDATE SET state = 'queued', tool_version = NULL, finished_at = NULL, enqueued_at = now()
           WHERE inputs.state = 'failed' AND $5
         RETURNING sha256, xmax = 0 AS created),
       job AS (
         SELECT count(*) FROM ${QUEUE_SCHEMA}.add_jobs(ARRAY(
           SELECT ROW($6::text, json_build_object('sha256', sha256), NULL::text, NULL::timestamptz, $7::integer, sha256,
             NULL::integer, NULL::text[])::${QUEUE_SCHEMA}.job_spec
           FROM input ORDER BY sha256)))
       SELECT input.sha256, input.created FROM input, job`,
      [
        sorted.map((item) => item.sha256),
        sorted.map((item) => pgText(basename(item.input.path))),
        sorted.map((item) => pgText(item.input.path)),
        sorted.map((item) => item.input.size),
        options.retryErrors === true,
        SCAN_TASK,
        options.tries ?? DEFAULT_TRIES,
      ],
    );
    const created = new Set(changed.rows.filter((row) => row.created).map((row) => row.sha256));
    const enqueued = new Set(changed.rows.map((row) => row.sha256));
    // A folder of splits: its files, each under its own name (a retried input has them already).
    const splits = sorted
      .filter((item) => item.input.files !== undefined && created.has(item.sha256))
      .flatMap((item) =>
        item.files.map((file, ordinal) => [item.sha256, ordinal, pgText(basename(file.path)), file.sha256]),
      );
    if (splits.length > 0)
      await client.query(
        `INSERT INTO input_files (input_sha256, ordinal, file_name, blob_sha256)
         SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[])`,
        [0, 1, 2, 3].map((column) => splits.map((row) => row[column])),
      );
    // Bytes stored count for the first input of the batch that holds them.
    const counted = new Set<string>();
    return batch.map((item) => {
      if (!enqueued.has(item.sha256)) return { outcome: 'skipped', stored: 0 };
      let bytes = 0;
      for (const file of item.files)
        if (stored.has(file.sha256) && !counted.has(file.sha256)) {
          counted.add(file.sha256);
          bytes += file.size;
        }
      return { outcome: 'enqueued', stored: bytes };
    });
  });
}

/** The files of an input with their SHA-256s, and the input's identity (as batch computes it). */
async function hashInput(input: BatchInput): Promise<{ sha256: string; files: InputFile[] }> {
  if (input.files === undefined) {
    const file = await hashFile(input.path, input.size);
    return { sha256: file.sha256, files: [file] };
  }
  const files: InputFile[] = [];
  for (const path of input.files) files.push(await hashFile(path));
  return {
    sha256: splitGroupSha256(files.map((file) => ({ name: basename(file.path), sha256: file.sha256 }))),
    files,
  };
}

/** A file's SHA-256 and size; a small file's bytes too, read once (storeBlobs stores them as hashed). */
async function hashFile(path: string, size?: number): Promise<InputFile> {
  const small = readSmallFile(path);
  if (small !== undefined) return { path, size: small.bytes.length, sha256: small.sha256, bytes: small.bytes };
  return { path, size: size ?? statSync(path).size, sha256: await sha256File(path) };
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
    let pending: HashedInput[] = [];
    let pendingBytes = 0;
    const problem = (input: BatchInput, error: unknown): void => {
      const message = `${input.path}: ${errorText(error, options.target)}`;
      problems.push(message);
      progress.log(`apkwitness: ${safeText(message)}`);
    };
    const flush = async (): Promise<void> => {
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      if (batch.length === 0) return;
      let outcomes: Array<{ outcome: Outcome; stored: number }>;
      try {
        outcomes = await enqueueBatch(library.pool, batch, options);
      } catch (error) {
        if (batch.length === 1) {
          problem(batch[0]!.input, error);
          return;
        }
        // One input spoilt the batch (a file changed while stored, say): each alone, so the problem names its file.
        for (const item of batch) {
          try {
            const [one] = await enqueueBatch(library.pool, [item], options);
            counts[one!.outcome] += 1;
            counts.storedBytes += one!.stored;
          } catch (itemError) {
            problem(item.input, itemError);
          }
        }
        return;
      }
      for (const one of outcomes) {
        counts[one.outcome] += 1;
        counts.storedBytes += one.stored;
      }
    };
    for (const input of inputs) {
      progress.start(basename(input.path));
      try {
        const { sha256, files } = await hashInput(input);
        if (seen.has(sha256)) {
          counts.skipped += 1;
        } else {
          seen.add(sha256);
          pending.push({ input, sha256, files });
          pendingBytes += files.reduce((sum, file) => sum + file.size, 0);
          if (pending.length >= BATCH_INPUTS || pendingBytes >= BATCH_BYTES) await flush();
        }
      } catch (error) {
        problem(input, error);
      }
      progress.tick();
    }
    await flush();
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
