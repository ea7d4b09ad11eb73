/**
 * `apkwitness batch`: scan every app under folders into the case library.
 */
import { availableParallelism } from 'node:os';
import { runBatch, type BatchSummary } from '../batch/run-batch.js';
import { safeText } from '../report/terminal.js';
import { DEFAULT_LIBRARY, parseCommandArguments, UsageError } from './arguments.js';
import type { Io } from './io.js';

const DEFAULT_TIMEOUT_SECONDS = 300;
const DEFAULT_MEMORY_MB = 2048;
/** Below this a worker cannot even load the rules. */
const MIN_MEMORY_MB = 64;

export const BATCH_HELP = `Usage: apkwitness batch <folder|file>... [--library <path>] [--jobs N] [--timeout-seconds S] [--memory-mb M] [--retry-errors] [--json]

Scans every .apk, .xapk, .apks and .apkm file under the folders (each file is one app; a
folder whose APKs are one base and its splits is one app; a split without its base is
scanned on its own, with a note)
on all cores into the case library (docs/library.md). Each file runs in a worker process
with a time and memory limit: a crash, hang or out-of-memory becomes an error entry for
that file and the batch goes on. Files already analysed by this apkwitness version (same
SHA-256) are skipped, so an interrupted batch resumes where it stopped.

Two batches may run on one library at once (they share the files by claims in it).

Options:
  --library <path>       the library file (default ${DEFAULT_LIBRARY}; created if missing)
  --jobs N               worker processes (default: the number of CPUs, here ${availableParallelism()})
  --timeout-seconds S    time limit per file (default ${DEFAULT_TIMEOUT_SECONDS})
  --memory-mb M          heap limit per worker (default ${DEFAULT_MEMORY_MB})
  --retry-errors         scan again the files that failed with this version
  --json                 print the summary as JSON on stdout
  -h, --help             this help

A progress bar with ETA is drawn on stderr when it is a terminal; each failed file gets
one line there. Exit codes: 0 every file analysed (or skipped), 2 some file failed (listed,
and recorded in the library's errors) or the batch could not run.
`;

function positiveInteger(value: string | undefined, name: string, fallback: number, minimum = 1): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < minimum)
    throw new UsageError(`--${name} must be an integer ≥ ${minimum}, not '${value}'`);
  return Number(value);
}

function summaryText(summary: BatchSummary): string {
  const lines = [
    `${summary.found} files: ${summary.analysed} analysed, ${summary.skipped} skipped (already in the library${summary.byOtherBatch > 0 ? `, ${summary.byOtherBatch} by another batch running on it` : ''}), ${summary.errors.length} errors — ${(summary.milliseconds / 1000).toFixed(1)} s`,
    ...summary.errors.map(
      (error) => `  ${error.kind.padEnd(7)} ${safeText(error.path)}: ${safeText(error.message, 300)}`,
    ),
    ...summary.problems.map((problem) => `  not scanned: ${safeText(problem)}`),
    ...summary.notes.map((note) => `  note: ${safeText(note)}`),
    `library: ${safeText(summary.library)}`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function runBatchCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArguments(args, {
    library: { type: 'string' },
    jobs: { type: 'string' },
    'timeout-seconds': { type: 'string' },
    'memory-mb': { type: 'string' },
    'retry-errors': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(BATCH_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('batch needs at least one folder (try apkwitness help batch)');
  const libraryPath = (values.library as string | undefined) ?? DEFAULT_LIBRARY;
  let summary: BatchSummary;
  try {
    summary = await runBatch({
      libraryPath,
      roots: positionals,
      jobs: positiveInteger(values.jobs as string | undefined, 'jobs', availableParallelism()),
      timeoutMilliseconds:
        positiveInteger(values['timeout-seconds'] as string | undefined, 'timeout-seconds', DEFAULT_TIMEOUT_SECONDS) *
        1000,
      memoryMegabytes: positiveInteger(
        values['memory-mb'] as string | undefined,
        'memory-mb',
        DEFAULT_MEMORY_MB,
        MIN_MEMORY_MB,
      ),
      retryErrors: values['retry-errors'] === true,
      progressStream: io.stderr,
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    io.stderr.write(`apkwitness: ${safeText(libraryPath)}: ${safeText((error as Error).message)}\n`);
    return 2;
  }
  if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else io.stdout.write(summaryText(summary));
  return summary.errors.length > 0 || summary.problems.length > 0 ? 2 : 0;
}
