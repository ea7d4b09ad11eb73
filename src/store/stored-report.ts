/**
 * A report as the library stored it (`scans.report_json`), SQLite or PostgreSQL. `skipped`
 * came within findings schema 3: a scan stored before it lists nothing skipped.
 */
import type { ScanReport } from '../scan/scan.js';

export function storedReport(json: string): ScanReport {
  const report = JSON.parse(json) as Omit<ScanReport, 'skipped'> & { skipped?: ScanReport['skipped'] };
  return { ...report, skipped: report.skipped ?? [] };
}
