/**
 * What the case library's API takes and gives (src/store). Stable: the viewer
 * (src/server) and the CLI build on these shapes; add fields, do not rename them.
 */
import type { ScanReport } from '../scan/scan.js';
import type { SearchableString } from './report-strings.js';
import type { PreparedScan } from './prepare.js';

/** A scan to record: the report, where it came from, and extra strings of the app to index. */
export interface ScanRecord {
  readonly report: ScanReport;
  /** SHA-256 of the input file (the whole .apk/.xapk/... as given). */
  readonly inputSha256: string;
  /** File name without folders (the path goes to the files table). */
  readonly fileName: string;
  readonly path?: string;
  readonly size?: number;
  readonly mtimeMs?: number;
  readonly milliseconds?: number;
  /** The app's own strings (string resources); findings' strings are taken from the report. */
  readonly appStrings?: readonly SearchableString[];
}

/** A scan already turned into rows by `prepareScan` (a batch worker does it), with where it came from. */
export interface PreparedScanRecord extends Omit<ScanRecord, 'report' | 'appStrings'> {
  readonly prepared: PreparedScan;
}

export type ErrorKind = 'crash' | 'timeout' | 'oom' | 'format';

export interface ErrorRecord {
  readonly path: string;
  readonly inputSha256: string;
  readonly kind: ErrorKind;
  readonly message: string;
}

export interface LibraryError extends ErrorRecord {
  readonly id: number;
  readonly toolVersion: string;
  readonly at: string;
}

export interface CategoryCount {
  readonly category: string;
  readonly findings: number;
}

/** One app (package) in the library, from its current scans. */
export interface LibraryApp {
  /** '' for inputs without a readable manifest. */
  readonly packageName: string;
  readonly label?: string;
  readonly versions: number;
  readonly scans: number;
  /** The scan with the highest versionCode (then the newest). */
  readonly latestScanId: number;
  readonly latestVersionName?: string;
  readonly latestVersionCode?: number;
  /** Effective signer certificate SHA-256s seen across its versions ('' = unsigned). */
  readonly signers: readonly string[];
  /** Data categories over every current scan, most findings first. */
  readonly categories: readonly CategoryCount[];
}

export interface ScanInfo {
  readonly scanId: number;
  readonly packageName: string;
  readonly versionCode?: number;
  readonly versionName?: string;
  readonly signerSha256: string;
  readonly signerSubject?: string;
  readonly label?: string;
  readonly fileName: string;
  readonly inputSha256: string;
  readonly toolVersion: string;
  readonly scannedAt: string;
  readonly findingCount: number;
  readonly totalSize: number;
  readonly categories: readonly CategoryCount[];
}

export interface SearchFilters {
  /** Only scans with a finding of this data category. */
  readonly category?: string;
  /** Only scans naming this host (exact, or a suffix after a dot, or a prefix of an IP such as `192.168.`). */
  readonly endpoint?: string;
  /** Only scans signed with this certificate (SHA-256, a prefix of at least 8 hex digits is enough), or 'unsigned': only scans of unsigned inputs. */
  readonly signer?: string;
  /** Only scans with this SDK. */
  readonly sdk?: string;
  /** Only this package. */
  readonly packageName?: string;
}

/** Filters of the app list: the search filters (signer may also be 'unsigned'). */
export type AppFilters = SearchFilters;

/** A page of the app list (ordered by package name): skip `offset` apps, list at most `limit` (default all). */
export interface AppPage {
  readonly offset?: number;
  readonly limit?: number;
}

export interface SearchOptions extends SearchFilters {
  /** Most hits returned (default 50, at most 1000). */
  readonly limit?: number;
}

export interface SearchHit {
  readonly scanId: number;
  readonly packageName: string;
  readonly versionName?: string;
  readonly versionCode?: number;
  readonly label?: string;
  readonly fileName: string;
  /** The finding citing the text, when there is one. */
  readonly finding?: {
    readonly id: number;
    readonly ordinal: number;
    readonly ruleId: string;
    readonly code: string;
    readonly category?: string;
    readonly claim: string;
  };
  /** Where the text is: claim, arg:<name>, evidence, label:<locale>, resource, package. */
  readonly source: string;
  /** The matched string (clipped to MAX_STRING_LENGTH when stored). */
  readonly text: string;
  /** Up to ~120 characters around the first match, with … where cut. Untrusted: escape before display. */
  readonly snippet: string;
  /** Offset of the match in `snippet` and its length, in UTF-16 units, for highlighting. */
  readonly matchStart: number;
  readonly matchLength: number;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** True when more hits existed than `limit`. */
  readonly truncated: boolean;
}

export interface Facet {
  readonly value: string;
  /** Distinct packages with it (current scans). */
  readonly apps: number;
  readonly scans: number;
  /** A human label: the signer's subject for signers. */
  readonly label?: string;
}

export interface Facets {
  readonly categories: readonly Facet[];
  readonly endpoints: readonly Facet[];
  readonly signers: readonly Facet[];
  readonly sdks: readonly Facet[];
}

export interface LibraryCounts {
  readonly apps: number;
  readonly scans: number;
  readonly findings: number;
  readonly errors: number;
}

/**
 * What the viewer and `search` ask of a case library, SQLite or PostgreSQL: the same
 * shapes and, for the same contents, the same values (test/store/pg-parity.test.ts).
 * Asynchronous because PostgreSQL is.
 */
export interface CaseLibrary {
  /** The file's path or the database's URL without password: safe to print. */
  readonly description: string;
  /** Apps with a current scan passing every filter. Rejects with InvalidFilterError (a RangeError) for a malformed signer filter. */
  listApps(filters?: AppFilters, page?: AppPage): Promise<LibraryApp[]>;
  countApps(filters?: AppFilters): Promise<number>;
  getScan(scanId: number): Promise<ScanReport | undefined>;
  getScanInfo(scanId: number): Promise<ScanInfo | undefined>;
  versionsOf(packageName: string): Promise<ScanInfo[]>;
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  facets(): Promise<Facets>;
  errors(): Promise<LibraryError[]>;
  counts(): Promise<LibraryCounts>;
  close(): Promise<void>;
}

/** A batch process asking to scan one input (ScanWriter.claim). */
export interface ClaimRequest {
  readonly inputSha256: string;
  readonly toolVersion: string;
  /** `host:pid:nonce` of the asking process. */
  readonly owner: string;
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** Claims made before this (ms since the epoch) are stale: their owner is presumed gone. */
  readonly staleBefore: number;
  readonly retryErrors: boolean;
  /** Whether the process named by another claim still runs. */
  readonly isLive: (owner: string) => boolean;
}

/** 'done': already scanned (or failed) by this version; 'taken': another batch scans it now. */
export type ClaimOutcome = 'claimed' | 'done' | 'taken';
