/**
 * The case library: one SQLite file holding every scan of a lab's apps (docs/library.md).
 *
 * Durability: WAL journal with synchronous=NORMAL. In WAL mode NORMAL never corrupts
 * the database; a committed transaction survives the process being killed (the WAL is
 * written before COMMIT returns), and only an operating-system crash or power loss can
 * roll back the last commits, which a batch then simply scans again. FULL would add an
 * fsync per scan for no gain in that trade (https://sqlite.org/pragma.html#pragma_synchronous).
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { FormatError } from '../formats/diagnostics.js';
import { requireRegularFile } from '../model/bundle/index.js';
import {
  LATEST_SCHEMA_VERSION,
  LibraryVersionError,
  migrate,
  schemaVersion,
  type Migration,
  MIGRATIONS,
} from './schema.js';
import { LibraryReader } from './read.js';
import { LibrarySearch } from './search.js';
import { ScanWriter } from './write.js';
import type {
  AppFilters,
  AppPage,
  ErrorRecord,
  Facets,
  PreparedScanRecord,
  LibraryApp,
  LibraryError,
  ScanInfo,
  ScanRecord,
  SearchOptions,
  SearchResult,
  ErrorKind,
  ClaimOutcome,
  ClaimRequest,
} from './types.js';
import type { ScanReport } from '../scan/scan.js';

export interface OpenOptions {
  /** Open for reading only (the viewer, search): never migrates, never writes. */
  readonly readonly?: boolean;
  /** Migrations to apply (tests stop at an older version); default all. */
  readonly migrations?: readonly Migration[];
}

/** Page cache of a writing connection (negative cache_size = KiB). */
const WRITER_CACHE_KIBIBYTES = 65_536;
/** How long a reader or writer waits for the other's lock before failing. */
const BUSY_TIMEOUT_MILLISECONDS = 10_000;

export class Library {
  private readerInstance: LibraryReader | undefined;
  private searcherInstance: LibrarySearch | undefined;
  private writerInstance: ScanWriter | undefined;

  constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly readonly: boolean,
  ) {}

  // Statements are prepared on first use: a library opened at an older version (tests) has not the tables yet.
  private get reader(): LibraryReader {
    this.readerInstance ??= new LibraryReader(this.db);
    return this.readerInstance;
  }
  private get searcher(): LibrarySearch {
    this.searcherInstance ??= new LibrarySearch(this.db);
    return this.searcherInstance;
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  // Writing (batch).
  writeScan(record: ScanRecord): number {
    return this.writer().writeScan(record);
  }
  writePreparedScan(record: PreparedScanRecord): number {
    return this.writer().writePrepared(record);
  }
  writeError(record: ErrorRecord, toolVersion: string): void {
    this.writer().writeError(record, toolVersion);
  }
  recordFile(path: string, sha256: string, size: number, mtimeMs: number): void {
    this.writer().recordFile(path, sha256, size, mtimeMs);
  }
  /** Claims an input for one batch process (two batches on one library share the work). */
  claim(request: ClaimRequest): ClaimOutcome {
    return this.writer().claim(request);
  }
  releaseClaim(inputSha256: string, toolVersion: string, owner: string): void {
    this.writer().releaseClaim(inputSha256, toolVersion, owner);
  }

  // Reading (viewer, CLI).
  /** Apps with a current scan passing every filter (none: all apps). Throws InvalidFilterError (a RangeError) for a malformed signer filter. */
  listApps(filters: AppFilters = {}, page: AppPage = {}): LibraryApp[] {
    return this.reader.listApps(filters, page);
  }
  /** How many apps `listApps(filters)` lists without a page. */
  countApps(filters: AppFilters = {}): number {
    return this.reader.countApps(filters);
  }
  getScan(scanId: number): ScanReport | undefined {
    return this.reader.getScan(scanId);
  }
  getScanInfo(scanId: number): ScanInfo | undefined {
    return this.reader.getScanInfo(scanId);
  }
  versionsOf(packageName: string): ScanInfo[] {
    return this.reader.versionsOf(packageName);
  }
  search(query: string, options: SearchOptions = {}): SearchResult {
    return this.searcher.search(query, options);
  }
  facets(): Facets {
    return this.reader.facets();
  }
  errors(): LibraryError[] {
    return this.reader.errors();
  }
  counts(): { apps: number; scans: number; findings: number; errors: number } {
    return this.reader.counts();
  }
  scanIdFor(inputSha256: string, toolVersion: string): number | undefined {
    return this.reader.scanIdFor(inputSha256, toolVersion);
  }
  errorFor(inputSha256: string, toolVersion: string): ErrorKind | undefined {
    return this.reader.errorFor(inputSha256, toolVersion);
  }
  knownHash(path: string, size: number, mtimeMs: number): string | undefined {
    return this.reader.knownHash(path, size, mtimeMs);
  }

  /** `PRAGMA integrity_check`: 'ok' or the problems found. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as Array<{ integrity_check: string }>)
      .map((row) => row.integrity_check)
      .join('\n');
  }

  close(): void {
    this.db.close();
  }

  private writer(): ScanWriter {
    if (this.readonly) throw new Error(`library ${this.path} is open read-only`);
    this.writerInstance ??= new ScanWriter(this.db);
    return this.writerInstance;
  }
}

/**
 * Opens (and creates, and migrates) a library file. Read-only opening requires an
 * existing library at the current schema version.
 */
export function openLibrary(path: string, options: OpenOptions = {}): Library {
  const readonly = options.readonly === true;
  // SQLite would block forever opening a FIFO and read a device until killed: only a regular
  // file (or, for writing, no file yet) is a library. Callers name the path in front.
  if (readonly || existsSync(path)) {
    try {
      requireRegularFile(path);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      const message = error.message.startsWith(path)
        ? error.message.slice(path.length).replace(/^(:\s*|\s+is\s+)/, '')
        : error.message;
      throw new Error(message, { cause: error });
    }
  }
  const db = new Database(path, readonly ? { readonly: true, fileMustExist: true } : {});
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MILLISECONDS}`);
    if (readonly) {
      const version = schemaVersion(db);
      if (version !== LATEST_SCHEMA_VERSION) {
        throw new LibraryVersionError(
          version === 0
            ? `${path} is not an apkwitness library`
            : version > LATEST_SCHEMA_VERSION
              ? `library schema version ${version} is newer than this apkwitness knows (${LATEST_SCHEMA_VERSION}): upgrade apkwitness`
              : `library schema version ${version}, this apkwitness reads ${LATEST_SCHEMA_VERSION}: open it once with a writing command (batch) to migrate`,
        );
      }
    } else {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // FTS5 merges index segments on every commit; a larger page cache than the default
      // 2 MB keeps them in memory (measured 10-20% less time recording the corpus).
      db.pragma(`cache_size = -${WRITER_CACHE_KIBIBYTES}`);
      db.pragma('foreign_keys = ON');
      migrate(db, options.migrations ?? MIGRATIONS);
    }
    return new Library(db, path, readonly);
  } catch (error) {
    db.close();
    throw error;
  }
}
