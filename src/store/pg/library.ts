/**
 * The case library on PostgreSQL (docs/scale-out.md): the SQLite library's data model and
 * questions (src/store/pg/schema.ts says where they differ), shared by every machine of a
 * lab. Opened with a connection target (src/store/pg/connection.ts); writing opens
 * migrate the schema, read-only opens (the viewer, search) never change the database.
 */
import type { ScanReport } from '../../scan/scan.js';
import type {
  AppFilters,
  CaseLibrary,
  LibraryCounts,
  AppPage,
  ErrorRecord,
  Facets,
  LibraryApp,
  LibraryError,
  PreparedScanRecord,
  ScanInfo,
  SearchOptions,
  SearchResult,
} from '../types.js';
import { createPool, errorText, inTransaction, type ClosablePool, type PgTarget } from './connection.js';
import { migratePg, pgSchemaVersion, PG_LATEST_SCHEMA_VERSION } from './schema.js';
import { PgLibraryReader } from './read.js';
import { searchPg } from './search.js';
import { recordPreparedScan, writeError } from './write.js';

export interface PgOpenOptions {
  /** Never migrate, never write (the viewer, search). */
  readonly readonly?: boolean;
  /** Connections in the pool (default 4). */
  readonly connections?: number;
  readonly applicationName?: string;
}

export class PgLibrary implements CaseLibrary {
  private readonly reader: PgLibraryReader;

  constructor(
    readonly pool: ClosablePool,
    readonly target: PgTarget,
    readonly readonly: boolean,
  ) {
    this.reader = new PgLibraryReader(pool);
  }

  get description(): string {
    return this.target.description;
  }

  listApps(filters: AppFilters = {}, page: AppPage = {}): Promise<LibraryApp[]> {
    return this.reader.listApps(filters, page);
  }
  countApps(filters: AppFilters = {}): Promise<number> {
    return this.reader.countApps(filters);
  }
  getScan(scanId: number): Promise<ScanReport | undefined> {
    return this.reader.getScan(scanId);
  }
  getScanInfo(scanId: number): Promise<ScanInfo | undefined> {
    return this.reader.getScanInfo(scanId);
  }
  versionsOf(packageName: string): Promise<ScanInfo[]> {
    return this.reader.versionsOf(packageName);
  }
  search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    return searchPg(this.pool, query, options);
  }
  facets(): Promise<Facets> {
    return this.reader.facets();
  }
  errors(): Promise<LibraryError[]> {
    return this.reader.errors();
  }
  counts(): Promise<LibraryCounts> {
    return this.reader.counts();
  }
  scanIdFor(inputSha256: string, toolVersion: string): Promise<number | undefined> {
    return this.reader.scanIdFor(inputSha256, toolVersion);
  }

  /** Records one prepared scan in its own transaction; returns its id (AlreadyRecordedError if present). */
  writePreparedScan(record: PreparedScanRecord): Promise<number> {
    this.assertWritable();
    return recordPreparedScan(this.pool, record);
  }

  writeError(record: ErrorRecord, toolVersion: string): Promise<void> {
    this.assertWritable();
    return inTransaction(this.pool, (client) => writeError(client, record, toolVersion));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Closes, waiting at most `milliseconds` for queries in flight (ClosablePool.endWithin); true when in time. */
  closeWithin(milliseconds: number): Promise<boolean> {
    return this.pool.endWithin(milliseconds);
  }

  private assertWritable(): void {
    if (this.readonly) throw new Error(`library ${this.description} is open read-only`);
  }
}

/**
 * Connects (and, unless read-only, migrates). Throws with a one-line message, the
 * password removed, when the server cannot be reached or the database is not a library
 * this program can read.
 */
export async function openPgLibrary(target: PgTarget, options: PgOpenOptions = {}): Promise<PgLibrary> {
  const readonly = options.readonly === true;
  const pool = createPool(target, {
    max: options.connections ?? 4,
    ...(options.applicationName === undefined ? {} : { applicationName: options.applicationName }),
  });
  try {
    const client = await pool.connect();
    try {
      if (readonly) {
        const version = await pgSchemaVersion(client);
        if (version !== PG_LATEST_SCHEMA_VERSION) {
          throw new Error(
            version === 0
              ? 'not an apkwitness library (enqueue into it, or run a worker, to create one)'
              : version > PG_LATEST_SCHEMA_VERSION
                ? `library schema version ${version} is newer than this apkwitness knows (${PG_LATEST_SCHEMA_VERSION}): upgrade apkwitness`
                : `library schema version ${version}, this apkwitness reads ${PG_LATEST_SCHEMA_VERSION}: run apkwitness enqueue or worker once to migrate`,
          );
        }
      } else {
        await migratePg(client);
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(errorText(error, target), { cause: error });
  }
  return new PgLibrary(pool, target, readonly);
}
