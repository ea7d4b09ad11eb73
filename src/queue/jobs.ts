/**
 * The job queue: graphile-worker (https://worker.graphile.org) in the library's own
 * database, chosen over pg-boss for the reasons and figures in docs/scale-out.md. One
 * task, `apkwitness_scan`, whose payload names an input by its SHA-256; the job key is
 * that SHA-256 too, so an input has at most one job.
 */
import type pg from 'pg';
import { Logger, makeWorkerUtils, type LogLevel, type WorkerUtils } from 'graphile-worker';

/** LogLevel.ERROR (the enum is not among the module's named exports Node can see). */
const ERROR_LEVEL = 'error' as LogLevel;

export const SCAN_TASK = 'apkwitness_scan';
/** Tries of a job whose scan crashed, ran out of memory or time, before its error is final. */
export const DEFAULT_TRIES = 3;
/** graphile-worker's schema. */
export const QUEUE_SCHEMA = 'graphile_worker';

export interface ScanPayload {
  readonly sha256: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The payload of a scan job, checked: jobs come from a shared database. */
export function scanPayload(payload: unknown): ScanPayload {
  const sha256 = (payload as { sha256?: unknown } | null)?.sha256;
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw new Error('scan job without a SHA-256 in its payload');
  return { sha256 };
}

/** graphile-worker's messages, kept off the terminal except errors, which go to `log` as one line each. */
export function queueLogger(log: (line: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (level === ERROR_LEVEL) log(`queue: ${message.split('\n')[0] ?? message}`);
  });
}

/** graphile-worker's utilities on our pool, its schema migrated. */
export async function queueUtilities(pool: pg.Pool, log: (line: string) => void): Promise<WorkerUtils> {
  const utilities = await makeWorkerUtils({ pgPool: pool, logger: queueLogger(log) });
  await utilities.migrate();
  return utilities;
}
