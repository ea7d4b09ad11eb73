/**
 * `apkwitness status`: the shared library's queue, counted by input (app), never by try.
 */
import { safeText } from '../report/terminal.js';
import { DB_HELP, parseCommandArguments, UsageError } from './arguments.js';
import type { Io } from './io.js';

/** Failures listed in the text output (--json lists them all). */
const FAILURES_SHOWN = 50;

export const STATUS_HELP = `Usage: apkwitness status [--db <url>] [--json]

Where the queue of the PostgreSQL library stands: how many inputs (apps) are queued,
running (a worker holds the job), done and failed (with each failure's error), counted
by input, never by try; and the workers seen lately with the seconds since each one's
last heartbeat.

Options:
  --db <url>    the PostgreSQL library (default: DATABASE_URL, else the PG* variables)
  --json        print {"queued", "running", "done", "failed", "retrying", "failures", "workers"} as JSON
  -h, --help    this help

${DB_HELP}

Exit codes: 0 the status was read, 2 the database could not be read.
`;

export async function runStatusCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArguments(args, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(STATUS_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`status takes no arguments, not '${positionals[0]}'`);
  const { pgTarget, ConnectionError, errorText } = await import('../store/pg/connection.js');
  let target;
  try {
    target = pgTarget(values.db as string | undefined);
  } catch (error) {
    if (error instanceof ConnectionError) throw new UsageError(error.message);
    throw error;
  }
  const { openPgLibrary } = await import('../store/pg/library.js');
  const { queueStatus } = await import('../queue/status.js');
  let status;
  try {
    const library = await openPgLibrary(target, {
      readonly: true,
      connections: 1,
      applicationName: 'apkwitness status',
    });
    try {
      status = await queueStatus(library.pool, target.description);
    } finally {
      await library.close();
    }
  } catch (error) {
    io.stderr.write(`apkwitness: ${safeText(target.description)}: ${safeText(errorText(error, target))}\n`);
    return 2;
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  const lines = [
    safeText(status.database),
    `queued ${status.queued}, running ${status.running}, done ${status.done}, failed ${status.failed}${status.retrying > 0 ? ` (${status.retrying} of the queued failed once and will be tried again)` : ''}${status.settling > 0 ? `; ${status.settling} finished, their jobs closed at the next sweep` : ''}`,
  ];
  if (status.failures.length > 0) {
    lines.push('failed:');
    for (const failure of status.failures.slice(0, FAILURES_SHOWN))
      lines.push(`  ${failure.kind.padEnd(7)} ${safeText(failure.path)}: ${safeText(failure.message, 300)}`);
    if (status.failures.length > FAILURES_SHOWN)
      lines.push(`  … ${status.failures.length - FAILURES_SHOWN} more (--json lists them all)`);
  }
  lines.push(status.workers.length === 0 ? 'no worker seen lately' : 'workers:');
  for (const worker of status.workers)
    lines.push(
      `  ${safeText(worker.host)} pid ${worker.pid}: last heartbeat ${worker.silentSeconds} s ago, scanning ${worker.running}`,
    );
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
