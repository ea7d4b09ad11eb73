/**
 * `apkwitness enqueue`: every input under the folders (the batch's discovery rules,
 * src/batch/discover.ts) goes to the shared library as bytes and a scan job. Each input,
 * in ONE transaction: its bytes (content-addressed, src/queue/blobs.ts), its `inputs`
 * row and its job (graphile-worker's add_job is SQL). A file already enqueued, under
 * any name, by any machine, is skipped: it is scanned once. Three round trips for a
 * small new file (bytes, chunk, input with its job) besides BEGIN and COMMIT.
 */
import { basename } from 'node:path';
import type pg from 'pg';
import { discoverInputs, type BatchInput } from '../batch/discover.js';
import { sha256File } from '../batch/run-batch.js';
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
  readonly milliseconds: number;
}

type Outcome = 'enqueued' | 'skipped';

async function enqueueOne(
  pool: pg.Pool,
  input: BatchInput,
  sha256: string,
  options: EnqueueOptions,
): Promise<{ outcome: Outcome; stored: number }> {
  return inTransaction(pool, async (client) => {
    // New bytes: stored, with the input and its job. Known bytes: enqueued already (by
    // any name, any machine), unless their scan failed and --retry-errors asks again.
    const stored = await storeBlob(client, input.path, sha256, input.size, options.storeFolder);
    const changed = await client.query(
      `WITH input AS (
         INSERT INTO inputs (sha256, file_name, path, size) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256) DO UPDATE SET state = 'queued', tool_version = NULL, finished_at = NULL, enqueued_at = now()
           WHERE inputs.state = 'failed' AND $5
         RETURNING sha256)
       SELECT ${QUEUE_SCHEMA}.add_job($6, json_build_object('sha256', sha256), max_attempts => $7, job_key => sha256) FROM input`,
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
    return (changed.rowCount ?? 0) > 0
      ? { outcome: 'enqueued', stored: stored ? input.size : 0 }
      : { outcome: 'skipped', stored: 0 };
  });
}

/** Enqueues every input; per-file problems are reported, never thrown. Throws when the database cannot be used. */
export async function runEnqueue(options: EnqueueOptions): Promise<EnqueueSummary> {
  const started = performance.now();
  const { inputs, problems: found } = discoverInputs(options.roots);
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
    const seen = new Set<string>();
    for (const input of inputs) {
      progress.start(basename(input.path));
      try {
        const sha256 = await sha256File(input.path);
        if (seen.has(sha256)) {
          counts.skipped += 1;
        } else {
          seen.add(sha256);
          const { outcome, stored } = await enqueueOne(library.pool, input, sha256, options);
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
    milliseconds: Math.round(performance.now() - started),
  };
}
