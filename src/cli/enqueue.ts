/**
 * `apkwitness enqueue`: put every app under folders into the shared PostgreSQL library's
 * queue, bytes included, for `apkwitness worker`s on any machine (docs/scale-out.md).
 */
import { safeText } from '../report/terminal.js';
import { DB_HELP, parseCommandArguments, UsageError } from './arguments.js';
import type { Io } from './io.js';
import { DEFAULT_TRIES } from '../queue/jobs.js';

export const ENQUEUE_HELP = `Usage: apkwitness enqueue <folder|file>... [--db <url>] [--store <folder>] [--tries N] [--retry-errors] [--json]

Finds every .apk, .xapk, .apks and .apkm file under the folders (as apkwitness batch
does: each file is one app, a bundle's splits stay together, a folder of one base and its
splits is one app), stores its bytes in the PostgreSQL library (content-addressed by
SHA-256, streamed; each split on its own) and adds one scan job per app.
Workers on any machine that reaches the database take the jobs (apkwitness worker).
A file already enqueued, under any name and by any machine, is skipped: it is scanned once.

Options:
  --db <url>           the PostgreSQL library (default: DATABASE_URL, else the PG* variables)
  --store <folder>     keep the bytes as files in this folder, which every worker mounts,
                       instead of in the database (<folder>/<ab>/<sha256>)
  --tries N            tries of a scan that crashes, runs out of memory or time (default ${DEFAULT_TRIES})
  --retry-errors       enqueue again the files whose scan failed
  --json               print the summary as JSON on stdout
  -h, --help           this help

${DB_HELP}

A progress bar with ETA is drawn on stderr when it is a terminal. Exit codes: 0 every file
enqueued (or skipped), 2 some file could not be read or stored (listed), or the database
could not be used.
`;

export async function runEnqueueCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArguments(args, {
    db: { type: 'string' },
    store: { type: 'string' },
    tries: { type: 'string' },
    'retry-errors': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(ENQUEUE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('enqueue needs at least one folder (try apkwitness help enqueue)');
  const triesText = values.tries as string | undefined;
  if (triesText !== undefined && (!/^\d{1,3}$/.test(triesText) || Number(triesText) < 1))
    throw new UsageError(`--tries must be a whole number from 1 to 999, not '${triesText}'`);
  const { pgTarget, ConnectionError } = await import('../store/pg/connection.js');
  let target;
  try {
    target = pgTarget(values.db as string | undefined);
  } catch (error) {
    if (error instanceof ConnectionError) throw new UsageError(error.message);
    throw error;
  }
  const { runEnqueue } = await import('../queue/enqueue.js');
  let summary;
  try {
    summary = await runEnqueue({
      target,
      roots: positionals,
      ...(values.store === undefined ? {} : { storeFolder: values.store as string }),
      tries: triesText === undefined ? DEFAULT_TRIES : Number(triesText),
      retryErrors: values['retry-errors'] === true,
      progressStream: io.stderr,
    });
  } catch (error) {
    io.stderr.write(`apkwitness: ${safeText(target.description)}: ${safeText((error as Error).message)}\n`);
    return 2;
  }
  if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else
    io.stdout.write(
      [
        `${summary.found} files: ${summary.enqueued} enqueued, ${summary.skipped} skipped (already enqueued), ${summary.problems.length} problems — ${(summary.milliseconds / 1000).toFixed(1)} s, ${(summary.storedBytes / 1e6).toFixed(1)} MB stored`,
        ...summary.problems.map((problem) => `  unreadable ${safeText(problem)}`),
        ...summary.notes.map((note) => `  note: ${safeText(note)}`),
        `library: ${safeText(summary.database)}`,
        '',
      ].join('\n'),
    );
  return summary.problems.length > 0 ? 2 : 0;
}
