/**
 * Reading the case library for the viewer and the CLI: apps with their key data
 * categories, versions of a package, one scan's report, facets, errors. Only
 * current scans (the newest apkwitness version's scan of each input) are listed.
 */
import type Database from 'better-sqlite3';
import type { ScanReport } from '../scan/scan.js';
import { filterConditions } from './filters.js';
import { storedReport } from './stored-report.js';
import type {
  AppFilters,
  AppPage,
  CategoryCount,
  Facet,
  Facets,
  LibraryApp,
  LibraryError,
  ScanInfo,
  ErrorKind,
} from './types.js';

/** Facet values returned per kind at most (a library of thousands of apps names many hosts). */
export const MAX_FACET_VALUES = 500;

/** A scan's row as both libraries (SQLite here, PostgreSQL in pg/read.ts) select it. */
export interface ScanRow {
  id: number;
  package: string;
  version_code: number | null;
  version_name: string | null;
  signer_sha256: string;
  subject: string | null;
  label: string | null;
  file_name: string;
  input_sha256: string;
  tool_version: string;
  scanned_at: string;
  finding_count: number;
  total_size: number;
}

export function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

/** A scan's summary from its row and its category counts: one mapping for both libraries. */
export function scanInfoOf(row: ScanRow, categories: CategoryCount[]): ScanInfo {
  return {
    scanId: row.id,
    packageName: row.package,
    versionCode: orUndefined(row.version_code),
    versionName: orUndefined(row.version_name),
    signerSha256: row.signer_sha256,
    signerSubject: orUndefined(row.subject),
    label: orUndefined(row.label),
    fileName: row.file_name,
    inputSha256: row.input_sha256,
    toolVersion: row.tool_version,
    scannedAt: row.scanned_at,
    findingCount: row.finding_count,
    totalSize: row.total_size,
    categories,
  };
}

export class LibraryReader {
  private readonly statements;
  /** Filtered app-list and app-count statements by their conditions (at most 2 × 2^5 shapes). */
  private readonly filteredStatements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.statements = {
      apps: db.prepare(`SELECT package, count(DISTINCT version_id) AS versions, count(*) AS scans, group_concat(DISTINCT signer_sha256) AS signers
        FROM scans WHERE current = 1 GROUP BY package ORDER BY package LIMIT ? OFFSET ?`),
      appCount: db.prepare('SELECT count(DISTINCT package) FROM scans WHERE current = 1').pluck(),
      latest: db.prepare(`SELECT id, version_code, version_name, label FROM scans WHERE current = 1 AND package = ?
        ORDER BY version_code IS NULL, version_code DESC, id DESC LIMIT 1`),
      appCategories:
        db.prepare(`SELECT c.category, sum(c.findings) AS findings FROM scan_categories c JOIN scans s ON s.id = c.scan_id
        WHERE s.current = 1 AND s.package = ? GROUP BY c.category ORDER BY findings DESC, c.category`),
      scanCategories: db.prepare(
        'SELECT category, findings FROM scan_categories WHERE scan_id = ? ORDER BY findings DESC, category',
      ),
      report: db.prepare('SELECT report_json FROM scans WHERE id = ?').pluck(),
      scanInfo: db.prepare(
        `SELECT s.*, g.subject FROM scans s LEFT JOIN signers g ON g.certificate_sha256 = s.signer_sha256 WHERE s.id = ?`,
      ),
      versionsOf:
        db.prepare(`SELECT s.*, g.subject FROM scans s LEFT JOIN signers g ON g.certificate_sha256 = s.signer_sha256
        WHERE s.current = 1 AND s.package = ? ORDER BY s.signer_sha256, s.version_code IS NULL, s.version_code, s.version_name, s.id`),
      scanFor: db.prepare('SELECT id FROM scans WHERE input_sha256 = ? AND tool_version = ?').pluck(),
      errorFor: db.prepare('SELECT kind FROM errors WHERE input_sha256 = ? AND tool_version = ?').pluck(),
      fileHash: db.prepare('SELECT sha256 FROM files WHERE path = ? AND size = ? AND mtime_ms = ?').pluck(),
      errors: db.prepare('SELECT id, path, input_sha256, tool_version, kind, message, at FROM errors ORDER BY id'),
      categoryFacet:
        db.prepare(`SELECT c.category AS value, count(DISTINCT s.package) AS apps, count(*) AS scans FROM scan_categories c JOIN scans s ON s.id = c.scan_id
        WHERE s.current = 1 GROUP BY c.category ORDER BY apps DESC, value LIMIT ${MAX_FACET_VALUES}`),
      endpointFacet:
        db.prepare(`SELECT e.host AS value, count(DISTINCT s.package) AS apps, count(DISTINCT s.id) AS scans FROM endpoints e JOIN scans s ON s.id = e.scan_id
        WHERE s.current = 1 GROUP BY e.host ORDER BY apps DESC, value LIMIT ${MAX_FACET_VALUES}`),
      signerFacet:
        db.prepare(`SELECT s.signer_sha256 AS value, g.subject AS label, count(DISTINCT s.package) AS apps, count(*) AS scans FROM scans s
        LEFT JOIN signers g ON g.certificate_sha256 = s.signer_sha256 WHERE s.current = 1 GROUP BY s.signer_sha256 ORDER BY apps DESC, value LIMIT ${MAX_FACET_VALUES}`),
      sdkFacet:
        db.prepare(`SELECT k.sdk AS value, count(DISTINCT s.package) AS apps, count(DISTINCT s.id) AS scans FROM sdks k JOIN scans s ON s.id = k.scan_id
        WHERE s.current = 1 GROUP BY k.sdk ORDER BY apps DESC, value LIMIT ${MAX_FACET_VALUES}`),
      counts:
        db.prepare(`SELECT (SELECT count(*) FROM scans WHERE current = 1) AS scans, (SELECT count(DISTINCT package) FROM scans WHERE current = 1) AS apps,
        (SELECT count(*) FROM errors) AS errors, (SELECT count(*) FROM findings) AS findings`),
    };
  }

  /**
   * Every package with its current scans: versions, signers, key data categories. With
   * filters, the packages having at least one current scan that passes all of them (the
   * package is then listed with all its current scans, as without filters).
   */
  listApps(filters: AppFilters = {}, page: AppPage = {}): LibraryApp[] {
    const { conditions, parameters } = filterConditions(filters);
    const limit = page.limit === undefined ? -1 : Math.max(0, Math.trunc(page.limit));
    const offset = Math.max(0, Math.trunc(page.offset ?? 0));
    const rows = (
      conditions.length === 0
        ? this.statements.apps.all(limit, offset)
        : this.filteredApps(conditions).all(...parameters, limit, offset)
    ) as Array<{ package: string; versions: number; scans: number; signers: string | null }>;
    // Latest version and categories only for the rows of this page (a library of thousands of apps).
    return rows.map((row) => {
      const latest = this.statements.latest.get(row.package) as {
        id: number;
        version_code: number | null;
        version_name: string | null;
        label: string | null;
      };
      return {
        packageName: row.package,
        label: orUndefined(latest.label),
        versions: row.versions,
        scans: row.scans,
        latestScanId: latest.id,
        latestVersionName: orUndefined(latest.version_name),
        latestVersionCode: orUndefined(latest.version_code),
        signers: (row.signers ?? '').split(',').sort(),
        categories: this.statements.appCategories.all(row.package) as CategoryCount[],
      };
    });
  }

  /** How many apps `listApps(filters)` lists without a page. */
  countApps(filters: AppFilters = {}): number {
    const { conditions, parameters } = filterConditions(filters);
    if (conditions.length === 0) return this.statements.appCount.get() as number;
    return this.filteredStatement(
      `count:${conditions.join('|')}`,
      () => `SELECT count(DISTINCT package) FROM scans s0 WHERE s0.current = 1 AND s0.package IN
      (SELECT s.package FROM scans s WHERE s.current = 1 AND ${conditions.join(' AND ')})`,
    )
      .pluck()
      .get(...parameters) as number;
  }

  private filteredApps(conditions: readonly string[]): Database.Statement {
    return this.filteredStatement(
      conditions.join('|'),
      () => `SELECT package, count(DISTINCT version_id) AS versions, count(*) AS scans, group_concat(DISTINCT signer_sha256) AS signers
        FROM scans WHERE current = 1 AND package IN (SELECT s.package FROM scans s WHERE s.current = 1 AND ${conditions.join(' AND ')})
        GROUP BY package ORDER BY package LIMIT ? OFFSET ?`,
    );
  }

  private filteredStatement(key: string, sql: () => string): Database.Statement {
    let statement = this.filteredStatements.get(key);
    if (statement === undefined) {
      statement = this.db.prepare(sql());
      this.filteredStatements.set(key, statement);
    }
    return statement;
  }

  /** The scan's report exactly as the scan produced it, or undefined. */
  getScan(scanId: number): ScanReport | undefined {
    const json = this.statements.report.get(scanId) as string | undefined;
    return json === undefined ? undefined : storedReport(json);
  }

  getScanInfo(scanId: number): ScanInfo | undefined {
    const row = this.statements.scanInfo.get(scanId) as ScanRow | undefined;
    return row === undefined ? undefined : this.toInfo(row);
  }

  /** The current scans of a package, grouped by signer, then by versionCode ascending. */
  versionsOf(packageName: string): ScanInfo[] {
    return (this.statements.versionsOf.all(packageName) as ScanRow[]).map((row) => this.toInfo(row));
  }

  /** The scan id of this input by this tool version, if it was analysed. */
  scanIdFor(inputSha256: string, toolVersion: string): number | undefined {
    return this.statements.scanFor.get(inputSha256, toolVersion) as number | undefined;
  }

  /** The error kind recorded for this input by this tool version, if any. */
  errorFor(inputSha256: string, toolVersion: string): ErrorKind | undefined {
    return this.statements.errorFor.get(inputSha256, toolVersion) as ErrorKind | undefined;
  }

  /** The SHA-256 recorded for a path whose size and mtime have not changed since. */
  knownHash(path: string, size: number, mtimeMs: number): string | undefined {
    return this.statements.fileHash.get(path, size, Math.trunc(mtimeMs)) as string | undefined;
  }

  errors(): LibraryError[] {
    const rows = this.statements.errors.all() as Array<{
      id: number;
      path: string;
      input_sha256: string;
      tool_version: string;
      kind: ErrorKind;
      message: string;
      at: string;
    }>;
    return rows.map((row) => ({
      id: row.id,
      path: row.path,
      inputSha256: row.input_sha256,
      toolVersion: row.tool_version,
      kind: row.kind,
      message: row.message,
      at: row.at,
    }));
  }

  facets(): Facets {
    const all = (statement: Database.Statement): Facet[] =>
      (statement.all() as Array<{ value: string; apps: number; scans: number; label?: string | null }>).map((row) => ({
        value: row.value,
        apps: row.apps,
        scans: row.scans,
        ...(row.label ? { label: row.label } : {}),
      }));
    return {
      categories: all(this.statements.categoryFacet),
      endpoints: all(this.statements.endpointFacet),
      signers: all(this.statements.signerFacet),
      sdks: all(this.statements.sdkFacet),
    };
  }

  counts(): { apps: number; scans: number; findings: number; errors: number } {
    return this.statements.counts.get() as { apps: number; scans: number; findings: number; errors: number };
  }

  private toInfo(row: ScanRow): ScanInfo {
    return scanInfoOf(row, this.statements.scanCategories.all(row.id) as CategoryCount[]);
  }
}
