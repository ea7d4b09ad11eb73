/**
 * `apkwitness status`: where the shared library's queue stands, counted by input (one
 * APK or bundle: one app), never by try: queued, running (a worker holds its job), done,
 * failed (with each failure's error), and the workers seen lately.
 */
import type pg from 'pg';
import type { ErrorKind } from '../store/index.js';
import { QUEUE_SCHEMA, SCAN_TASK } from './jobs.js';

/** Failures listed at most (the counts cover them all). */
const MAX_LISTED_FAILURES = 10_000;

interface QueueFailure {
  readonly path: string;
  readonly sha256: string;
  readonly kind: ErrorKind;
  readonly message: string;
  readonly at: string;
}

interface QueueWorkerRow {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** Seconds since its last heartbeat. */
  readonly silentSeconds: number;
  /** Inputs it is scanning. */
  readonly running: number;
}

export interface QueueStatus {
  readonly database: string;
  readonly queued: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
  /** Of the queued: inputs whose scan failed at least once and will be tried again. */
  readonly retrying: number;
  /**
   * Inputs finished (done or failed) whose job is still in the queue: a worker recorded the
   * scan and lost its connection before it could close the job. The next sweep after the
   * lease closes it; `worker --until-empty` waits for that.
   */
  readonly settling: number;
  readonly failures: readonly QueueFailure[];
  readonly workers: readonly QueueWorkerRow[];
}

export async function queueStatus(pool: pg.Pool, database: string): Promise<QueueStatus> {
  const hasQueue =
    (await pool.query<{ name: string | null }>('SELECT to_regclass($1)::text AS name', [`${QUEUE_SCHEMA}.jobs`]))
      .rows[0]?.name != null;
  const jobs = hasQueue
    ? `LEFT JOIN ${QUEUE_SCHEMA}.jobs j ON j.key = i.sha256 AND j.task_identifier = '${SCAN_TASK}'`
    : 'LEFT JOIN (SELECT NULL::text AS key, NULL::timestamptz AS locked_at, 0 AS attempts, 0 AS max_attempts) j ON false';
  const counts = (
    await pool.query<{
      queued: number;
      running: number;
      done: number;
      failed: number;
      retrying: number;
      settling: number;
    }>(
      `SELECT
         count(*) FILTER (WHERE i.state = 'queued' AND j.locked_at IS NULL) AS queued,
         count(*) FILTER (WHERE i.state = 'queued' AND j.locked_at IS NOT NULL) AS running,
         count(*) FILTER (WHERE i.state = 'done') AS done,
         count(*) FILTER (WHERE i.state = 'failed') AS failed,
         count(*) FILTER (WHERE i.state = 'queued' AND j.locked_at IS NULL AND j.attempts > 0) AS retrying,
         count(*) FILTER (WHERE i.state <> 'queued' AND j.key IS NOT NULL AND j.attempts < j.max_attempts) AS settling
       FROM inputs i ${jobs}`,
    )
  ).rows[0]!;
  const failures = (
    await pool.query<{ path: string; sha256: string; kind: ErrorKind; message: string; at: string }>(
      `SELECT e.path, i.sha256, e.kind, e.message, e.at FROM inputs i
       JOIN errors e ON e.input_sha256 = i.sha256 AND e.tool_version = i.tool_version
       WHERE i.state = 'failed' ORDER BY i.finished_at, i.sha256 LIMIT ${MAX_LISTED_FAILURES}`,
    )
  ).rows;
  const workers = (
    await pool.query<{ id: string; host: string; pid: number; silent: number; running: number }>(
      `SELECT id, host, pid, round(extract(epoch FROM now() - heartbeat_at))::integer AS silent,
         cardinality(running) AS running FROM workers ORDER BY host, pid, id`,
    )
  ).rows;
  return {
    database,
    ...counts,
    failures: failures.map((row) => ({ ...row })),
    workers: workers.map((row) => ({
      id: row.id,
      host: row.host,
      pid: row.pid,
      silentSeconds: row.silent,
      running: row.running,
    })),
  };
}
