/**
 * Reading the PostgreSQL library: the same questions, answers and order as the SQLite
 * reader (src/store/read.ts), so that the viewer and `search` show the same thing from
 * either library. Only current scans are listed.
 */
import type pg from 'pg';
import type { ScanReport } from '../../scan/scan.js';
import { filterConditions } from '../filters.js';
import { storedReport } from '../stored-report.js';
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
} from '../types.js';

import { MAX_FACET_VALUES, orUndefined, scanInfoOf, type ScanRow } from '../read.js';

/** `?` placeholders (the shared filter SQL) numbered for PostgreSQL from `$first`. */
export function numbered(sql: string, first = 1): string {
  let next = first;
  let quoted = false;
  let out = '';
  for (const character of sql) {
    if (character === "'") quoted = !quoted;
    out += character === '?' && !quoted ? `$${next++}` : character;
  }
  return out;
}

const SCAN_COLUMNS = `s.id, s.package, s.version_code, s.version_name, s.signer_sha256, g.subject, s.label, s.file_name,
  s.input_sha256, s.tool_version, s.scanned_at, s.finding_count, s.total_size`;

export class PgLibraryReader {
  constructor(private readonly pool: pg.Pool) {}

  async listApps(filters: AppFilters = {}, page: AppPage = {}): Promise<LibraryApp[]> {
    const { conditions, parameters } = filterConditions(filters);
    const limit = page.limit === undefined ? null : Math.max(0, Math.trunc(page.limit));
    const offset = Math.max(0, Math.trunc(page.offset ?? 0));
    const restriction =
      conditions.length === 0
        ? ''
        : `AND package IN (SELECT s.package FROM scans s WHERE s.current = 1 AND ${conditions.join(' AND ')})`;
    const sql = numbered(`SELECT package, count(DISTINCT version_id) AS versions, count(*) AS scans,
        string_agg(DISTINCT signer_sha256, ',') AS signers
      FROM scans WHERE current = 1 ${restriction} GROUP BY package ORDER BY package COLLATE "C" LIMIT ? OFFSET ?`);
    const rows = (
      await this.pool.query<{ package: string; versions: number; scans: number; signers: string | null }>(sql, [
        ...parameters,
        limit,
        offset,
      ])
    ).rows;
    return Promise.all(
      rows.map(async (row) => {
        const latest = (
          await this.pool.query<{
            id: number;
            version_code: number | null;
            version_name: string | null;
            label: string | null;
          }>(
            `SELECT id, version_code, version_name, label FROM scans WHERE current = 1 AND package = $1
             ORDER BY version_code IS NULL, version_code DESC, id DESC LIMIT 1`,
            [row.package],
          )
        ).rows[0]!;
        const categories = (
          await this.pool.query<CategoryCount>(
            `SELECT c.category, sum(c.findings) AS findings FROM scan_categories c JOIN scans s ON s.id = c.scan_id
             WHERE s.current = 1 AND s.package = $1 GROUP BY c.category ORDER BY findings DESC, c.category COLLATE "C"`,
            [row.package],
          )
        ).rows;
        return {
          packageName: row.package,
          label: orUndefined(latest.label),
          versions: row.versions,
          scans: row.scans,
          latestScanId: latest.id,
          latestVersionName: orUndefined(latest.version_name),
          latestVersionCode: orUndefined(latest.version_code),
          signers: (row.signers ?? '').split(',').sort(),
          categories,
        };
      }),
    );
  }

  async countApps(filters: AppFilters = {}): Promise<number> {
    const { conditions, parameters } = filterConditions(filters);
    const sql =
      conditions.length === 0
        ? 'SELECT count(DISTINCT package) AS count FROM scans WHERE current = 1'
        : numbered(`SELECT count(DISTINCT package) AS count FROM scans s0 WHERE s0.current = 1 AND s0.package IN
            (SELECT s.package FROM scans s WHERE s.current = 1 AND ${conditions.join(' AND ')})`);
    return (await this.pool.query<{ count: number }>(sql, [...parameters])).rows[0]!.count;
  }

  async getScan(scanId: number): Promise<ScanReport | undefined> {
    const row = (
      await this.pool.query<{ report_json: string }>('SELECT report_json FROM scans WHERE id = $1', [scanId])
    ).rows[0];
    return row === undefined ? undefined : storedReport(row.report_json);
  }

  async getScanInfo(scanId: number): Promise<ScanInfo | undefined> {
    const row = (
      await this.pool.query<ScanRow>(
        `SELECT ${SCAN_COLUMNS} FROM scans s LEFT JOIN signers g ON g.certificate_sha256 = s.signer_sha256 WHERE s.id = $1`,
        [scanId],
      )
    ).rows[0];
    return row === undefined ? undefined : this.toInfo(row);
  }

  async versionsOf(packageName: string): Promise<ScanInfo[]> {
    const rows = (
      await this.pool.query<ScanRow>(
        `SELECT ${SCAN_COLUMNS} FROM scans s LEFT JOIN signers g ON g.certificate_sha256 = s.signer_sha256
         WHERE s.current = 1 AND s.package = $1
         ORDER BY s.signer_sha256, s.version_code IS NULL, s.version_code, s.version_name COLLATE "C", s.id`,
        [packageName],
      )
    ).rows;
    return Promise.all(rows.map((row) => this.toInfo(row)));
  }

  async scanIdFor(inputSha256: string, toolVersion: string): Promise<number | undefined> {
    return (
      await this.pool.query<{ id: number }>('SELECT id FROM scans WHERE input_sha256 = $1 AND tool_version = $2', [
        inputSha256,
        toolVersion,
      ])
    ).rows[0]?.id;
  }

  async errorFor(inputSha256: string, toolVersion: string): Promise<ErrorKind | undefined> {
    return (
      await this.pool.query<{ kind: ErrorKind }>(
        'SELECT kind FROM errors WHERE input_sha256 = $1 AND tool_version = $2',
        [inputSha256, toolVersion],
      )
    ).rows[0]?.kind;
  }

  async errors(): Promise<LibraryError[]> {
    const rows = (
      await this.pool.query<{
        id: number;
        path: string;
        input_sha256: string;
        tool_version: string;
        kind: ErrorKind;
        message: string;
        at: string;
      }>('SELECT id, path, input_sha256, tool_version, kind, message, at FROM errors ORDER BY id')
    ).rows;
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

  async facets(): Promise<Facets> {
    const all = async (sql: string): Promise<Facet[]> =>
      (await this.pool.query<{ value: string; apps: number; scans: number; label?: string | null }>(sql)).rows.map(
        (row) => ({ value: row.value, apps: row.apps, scans: row.scans, ...(row.label ? { label: row.label } : {}) }),
      );
    const [categories, endpoints, signers, sdks] = await Promise.all([
      all(`SELECT c.category AS value, count(DISTINCT s.package) AS apps, count(*) AS scans FROM scan_categories c JOIN scans s ON s.id = c.scan_id
        WHERE s.current = 1 GROUP BY c.category ORDER BY apps DESC, c.category COLLATE "C" LIMIT ${MAX_FACET_VALUES}`),
      all(`SELECT e.host AS value, count(DISTINCT s.package) AS apps, count(DISTINCT s.id) AS scans FROM endpoints e JOIN scans s ON s.id = e.scan_id
        WHERE s.current = 1 GROUP BY e.host ORDER BY apps DESC, e.host COLLATE "C" LIMIT ${MAX_FACET_VALUES}`),
      all(`SELECT s.signer_sha256 AS value, max(g.subject) AS label, count(DISTINCT s.package) AS apps, count(*) AS scans FROM scans s
        LEFT JOIN signers g ON g.certificate_sha256 = s.signer_sha256 WHERE s.current = 1 GROUP BY s.signer_sha256
        ORDER BY apps DESC, s.signer_sha256 COLLATE "C" LIMIT ${MAX_FACET_VALUES}`),
      all(`SELECT k.sdk AS value, count(DISTINCT s.package) AS apps, count(DISTINCT s.id) AS scans FROM sdks k JOIN scans s ON s.id = k.scan_id
        WHERE s.current = 1 GROUP BY k.sdk ORDER BY apps DESC, k.sdk COLLATE "C" LIMIT ${MAX_FACET_VALUES}`),
    ]);
    return { categories, endpoints, signers, sdks };
  }

  async counts(): Promise<{ apps: number; scans: number; findings: number; errors: number }> {
    return (
      await this.pool.query<{ apps: number; scans: number; findings: number; errors: number }>(
        `SELECT (SELECT count(*) FROM scans WHERE current = 1) AS scans, (SELECT count(DISTINCT package) FROM scans WHERE current = 1) AS apps,
          (SELECT count(*) FROM errors) AS errors, (SELECT count(*) FROM findings) AS findings`,
      )
    ).rows[0]!;
  }

  private async toInfo(row: ScanRow): Promise<ScanInfo> {
    const categories = (
      await this.pool.query<CategoryCount>(
        'SELECT category, findings FROM scan_categories WHERE scan_id = $1 ORDER BY findings DESC, category COLLATE "C"',
        [row.id],
      )
    ).rows;
    return scanInfoOf(row, categories);
  }
}
