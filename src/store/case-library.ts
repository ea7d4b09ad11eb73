/**
 * Opening a case library for the viewer (src/server) and `search`, whichever holds it:
 * the SQLite file of one machine (src/store/library.ts, synchronous) or the PostgreSQL
 * database of many (src/store/pg, asynchronous), behind one interface (CaseLibrary,
 * src/store/types.ts).
 */
import type { Library } from './library.js';
import { openLibrary } from './library.js';
import type { CaseLibrary } from './types.js';

/** A SQLite library behind the common interface (each answer computed synchronously, then resolved). */
export function sqliteCaseLibrary(library: Library): CaseLibrary {
  const answer = <T>(compute: () => T): Promise<T> => {
    try {
      return Promise.resolve(compute());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return {
    description: library.path,
    listApps: (filters, page) => answer(() => library.listApps(filters, page)),
    countApps: (filters) => answer(() => library.countApps(filters)),
    getScan: (scanId) => answer(() => library.getScan(scanId)),
    getScanInfo: (scanId) => answer(() => library.getScanInfo(scanId)),
    versionsOf: (packageName) => answer(() => library.versionsOf(packageName)),
    search: (query, options) => answer(() => library.search(query, options)),
    facets: () => answer(() => library.facets()),
    errors: () => answer(() => library.errors()),
    counts: () => answer(() => library.counts()),
    close: () => answer(() => library.close()),
  };
}

/** Where a library is: a SQLite file (`--library`) or a PostgreSQL database (`--db`). */
export type LibraryLocation =
  { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url?: string };

/** Opens a library for reading (the viewer, search): never migrates, never writes. */
export async function openLibraryForReading(location: LibraryLocation): Promise<CaseLibrary> {
  if (location.kind === 'sqlite') return sqliteCaseLibrary(openLibrary(location.path, { readonly: true }));
  // Loaded only when asked for: a SQLite user does not pay for the PostgreSQL client.
  const { pgTarget } = await import('./pg/connection.js');
  const { openPgLibrary } = await import('./pg/library.js');
  return openPgLibrary(pgTarget(location.url), { readonly: true });
}
