/**
 * The library a reading command names (`--library <file>` or `--db <url>`) as the
 * commands print it: the file's path, or the database's URL without its password; and
 * messages with that password removed. The PostgreSQL client is loaded only for --db.
 */
import type { LibraryChoice } from './arguments.js';

export interface ChosenLibrary {
  /** Safe to print. */
  readonly name: string;
  /** A message with the database password (if any) replaced by ***. */
  readonly redact: (message: string) => string;
}

/** Throws (a one-line message) for a --db value that is not a postgres:// URL. */
export async function chosenLibrary(choice: LibraryChoice): Promise<ChosenLibrary> {
  if (choice.kind === 'sqlite') return { name: choice.path, redact: (message) => message };
  const { pgTarget, redact } = await import('../store/pg/connection.js');
  const target = pgTarget(choice.url);
  return { name: target.description, redact: (message) => redact(message, target) };
}
