/**
 * Argument parsing on node:util parseArgs (Node 20 has it built in), with one-line
 * usage errors: the CLI stays thin and dependency-free.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from './suggest.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseCommandArguments(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return {
      values: parsed.values as Record<string, string | boolean | string[] | undefined>,
      positionals: parsed.positionals,
    };
  } catch (error) {
    const message = (error as Error).message;
    // Node's own message tells to "place it after '--'": for a typo, the option meant is more useful.
    const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(message)?.[1];
    if (unknown !== undefined) {
      const known = Object.entries(options).flatMap(([name, option]) => [
        `--${name}`,
        ...(option.short === undefined ? [] : [`-${option.short}`]),
      ]);
      throw new UsageError(`unknown option '${unknown}'${didYouMean(unknown, known)}`);
    }
    throw new UsageError(message.split('\n')[0] ?? 'invalid arguments');
  }
}

/** The case library used by batch, search and serve when --library is not given. */
export const DEFAULT_LIBRARY = 'apkwitness-library.sqlite';

/** The library a reading command (search, serve) opens: `--db <postgres URL>` or `--library <file>`. */
export type LibraryChoice =
  { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

export function libraryChoice(values: Record<string, unknown>): LibraryChoice {
  const db = values.db as string | undefined;
  const library = values.library as string | undefined;
  if (db !== undefined && library !== undefined)
    throw new UsageError('give either --library (a SQLite file) or --db (a PostgreSQL database), not both');
  if (db !== undefined) return { kind: 'postgres', url: db };
  return { kind: 'sqlite', path: library ?? DEFAULT_LIBRARY };
}

/** The paragraph on `--db` in the help of every command that takes it. */
export const DB_HELP = `The PostgreSQL database is a URL, postgres://user@host:port/database; the parts it
leaves out come from PGHOST, PGPORT, PGUSER and PGDATABASE (--db postgres:// takes them
all from there). Give the password in PGPASSWORD or ~/.pgpass rather than in the URL:
other users of the machine can read command lines. It is never printed.`;
