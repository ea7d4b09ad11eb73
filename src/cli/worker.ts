/**
 * `apkwitness worker`: scan jobs from the shared PostgreSQL library's queue until
 * stopped (docs/scale-out.md). SIGTERM or SIGINT: finish the scans in hand, record them,
 * exit; a second signal: stop at once, the jobs in hand go back to the queue untried.
 */
import { availableParallelism } from 'node:os';
import { safeText } from '../report/terminal.js';
import { DB_HELP, parseCommandArguments, UsageError } from './arguments.js';
import type { Io } from './io.js';
import { DEFAULT_LEASE_SECONDS, QueueWorker, type WorkerSummary } from '../queue/worker.js';
import { queueStatus } from '../queue/status.js';

const DEFAULT_TIMEOUT_SECONDS = 300;
const DEFAULT_MEMORY_MB = 2048;
const MIN_MEMORY_MB = 64;
/** How often --until-empty looks at the queue. */
const EMPTY_CHECK_MILLISECONDS = 500;

export const WORKER_HELP = `Usage: apkwitness worker [--db <url>] [--concurrency N] [--lease-seconds S] [--timeout-seconds S] [--memory-mb M] [--store <folder>] [--until-empty] [--json]

Takes scan jobs from the PostgreSQL library's queue (filled by apkwitness enqueue) and
records each scan in the library, until stopped. Run one per machine, on as many
machines as reach the database. Each scan runs in a child process with a time and
memory limit, as in apkwitness batch.

A worker that dies (kill -9, a lost machine) has its jobs taken by another after the
lease. A scan that crashes, runs out of memory or time is tried again (enqueue --tries,
default 3), then recorded as the input's error; an unreadable file fails at once.

Options:
  --db <url>             the PostgreSQL library (default: DATABASE_URL, else the PG* variables)
  --concurrency N        scans at once (default: the number of CPUs, here ${availableParallelism()})
  --lease-seconds S      a silent worker's jobs go to others after S seconds (default ${DEFAULT_LEASE_SECONDS})
  --timeout-seconds S    time limit per scan (default ${DEFAULT_TIMEOUT_SECONDS})
  --memory-mb M          heap limit per scan process (default ${DEFAULT_MEMORY_MB})
  --store <folder>       where this machine mounts the shared folder of enqueue --store
                         (default: the path enqueue was given)
  --until-empty          stop once nothing is queued, running or left in the queue (scripts, CI)
  --json                 print the summary as JSON on stdout when stopped
  -h, --help             this help

${DB_HELP}

Signals: SIGTERM or SIGINT finishes the scans in hand and exits; a second one exits at
once, giving the jobs in hand back to the queue untried.

Exit codes: 0 stopped; 2 the database could not be used, the stop did not finish in
time (a query or a connection that did not answer: closed after 10 s), or (with
--until-empty) an input this worker finished failed.
`;

function whole(value: string | undefined, name: string, fallback: number, minimum = 1): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < minimum)
    throw new UsageError(`--${name} must be a whole number ≥ ${minimum}, not '${value}'`);
  return Number(value);
}

export async function runWorkerCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArguments(args, {
    db: { type: 'string' },
    concurrency: { type: 'string' },
    'lease-seconds': { type: 'string' },
    'timeout-seconds': { type: 'string' },
    'memory-mb': { type: 'string' },
    store: { type: 'string' },
    'until-empty': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(WORKER_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`worker takes no arguments, not '${positionals[0]}'`);
  const concurrency = whole(values.concurrency as string | undefined, 'concurrency', availableParallelism());
  const leaseSeconds = whole(values['lease-seconds'] as string | undefined, 'lease-seconds', DEFAULT_LEASE_SECONDS);
  const timeoutSeconds = whole(
    values['timeout-seconds'] as string | undefined,
    'timeout-seconds',
    DEFAULT_TIMEOUT_SECONDS,
  );
  const memoryMegabytes = whole(
    values['memory-mb'] as string | undefined,
    'memory-mb',
    DEFAULT_MEMORY_MB,
    MIN_MEMORY_MB,
  );
  const { pgTarget, ConnectionError, errorText } = await import('../store/pg/connection.js');
  let target;
  try {
    target = pgTarget(values.db as string | undefined);
  } catch (error) {
    if (error instanceof ConnectionError) throw new UsageError(error.message);
    throw error;
  }
  const log = (line: string): void => void io.stderr.write(`apkwitness worker: ${safeText(line)}\n`);
  let worker: QueueWorker | undefined;
  let signals = 0;
  const act = (running: QueueWorker): void => {
    if (signals === 1) {
      log('stopping: finishing the scans in hand (signal again to stop at once)');
      running.stop();
    } else {
      log('stopping now: the jobs in hand go back to the queue');
      running.abort();
    }
  };
  // Set before the start, which writes the first heartbeat and starts the runner: a signal
  // that arrives meanwhile is acted on once the worker exists, not by the default action.
  const onSignal = (): void => {
    signals += 1;
    if (worker !== undefined) act(worker);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    worker = await QueueWorker.start({
      target,
      concurrency,
      leaseSeconds,
      timeoutMilliseconds: timeoutSeconds * 1000,
      memoryMegabytes,
      ...(values.store === undefined ? {} : { storeFolder: values.store as string }),
      log,
    });
  } catch (error) {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    io.stderr.write(`apkwitness: ${safeText(target.description)}: ${safeText(errorText(error, target))}\n`);
    return 2;
  }
  const started = worker;
  log(`${started.id} on ${target.description}: ${concurrency} at once, lease ${leaseSeconds} s`);
  if (signals > 0) act(started);
  let emptyTimer: NodeJS.Timeout | undefined;
  if (values['until-empty'] === true) {
    const { createPool } = await import('../store/pg/connection.js');
    const pool = createPool(target, { max: 1, applicationName: 'apkwitness worker' });
    let checking = false;
    emptyTimer = setInterval(() => {
      if (checking) return;
      checking = true;
      queueStatus(pool, target.description)
        .then((status) => {
          if (status.queued === 0 && status.running === 0 && status.settling === 0) {
            clearInterval(emptyTimer);
            started.stop();
          }
        })
        .catch(() => {
          // The database is away: look again at the next tick.
        })
        .finally(() => {
          checking = false;
        });
    }, EMPTY_CHECK_MILLISECONDS);
    void started.finished.then(() => pool.endWithin(EMPTY_CHECK_MILLISECONDS));
  }
  let summary: WorkerSummary;
  try {
    summary = await started.finished;
  } finally {
    clearInterval(emptyTimer);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  if (summary.stopProblem !== undefined) log(`stop did not finish in time: ${summary.stopProblem}`);
  if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else
    io.stdout.write(
      `${summary.done} done, ${summary.failed} failed, ${summary.retried} to be tried again — ${(summary.milliseconds / 1000).toFixed(1)} s (worker ${safeText(summary.workerId)}, ${safeText(summary.database)})\n`,
    );
  return summary.stopProblem !== undefined || (values['until-empty'] === true && summary.failed > 0) ? 2 : 0;
}
