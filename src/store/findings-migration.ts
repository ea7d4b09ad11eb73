/**
 * Migration 5 (src/store/schema.ts): scans stored with findings of report schema version 2 (or
 * 1, whose findings had the same shape) rewritten as version 3 writes them (docs/findings-schema.md,
 * "Changes from version 2", src/report/upgrade-v2.ts): the report JSON, each finding row's code,
 * arguments and claim (rendered again from the upgraded arguments: the text v2 wrote, on every
 * corpus report), and the `arg:<name>` source of the searchable strings whose argument was
 * renamed. The strings themselves stay: a search finds what it found before.
 */
import type Database from 'better-sqlite3';
import { reportJson, renderClaim } from '../report/claim.js';
import { upgradeReportV2 } from '../report/read-report.js';
import type { FindingV2 } from '../report/upgrade-v2.js';
import type { ScanReport } from '../scan/scan.js';

const UPGRADED_SCHEMA_VERSION = 3;

/** The v3 argument a v2 argument's strings now belong to, for the arguments v3 renamed or folded. */
function sourceOf(oldCode: string, oldName: string): string | undefined {
  if (oldCode === 'forms.field-asks-for') {
    if (/^choices\[[^\]]*\](\.gloss)?$/.test(oldName)) return 'choices';
    if (/^[^[\]]+\[[^\]]*\](\.gloss)?$/.test(oldName)) return 'texts';
  }
  if (oldCode === 'labels.string-array' && /^items\[[^\]]*\](\.gloss)?$/.test(oldName)) return 'byLocale';
  return undefined;
}

export function upgradeStoredFindings(db: Database.Database): void {
  const scans = db.prepare('SELECT id FROM scans WHERE schema_version < ? ORDER BY id').pluck();
  const report = db.prepare('SELECT report_json FROM scans WHERE id = ?').pluck();
  const updateScan = db.prepare('UPDATE scans SET schema_version = ?, report_json = ? WHERE id = ?');
  const findingIds = db.prepare('SELECT ordinal, id FROM findings WHERE scan_id = ?');
  const updateFinding = db.prepare('UPDATE findings SET code = ?, args_json = ?, claim = ? WHERE id = ?');
  const sources = db
    .prepare("SELECT DISTINCT source FROM strings WHERE finding_id = ? AND source LIKE 'arg:%'")
    .pluck();
  const rename = db.prepare('UPDATE strings SET source = ? WHERE finding_id = ? AND source = ?');
  for (const scanId of scans.all(UPGRADED_SCHEMA_VERSION) as number[]) {
    const old = JSON.parse(report.get(scanId) as string) as Omit<ScanReport, 'findings'> & { findings: FindingV2[] };
    const upgraded = upgradeReportV2(old);
    const claims = upgraded.findings.map((finding) => renderClaim(finding));
    const ids = new Map(
      (findingIds.all(scanId) as Array<{ ordinal: number; id: number }>).map((row) => [row.ordinal, row.id]),
    );
    upgraded.findings.forEach((finding, ordinal) => {
      const id = ids.get(ordinal);
      if (id === undefined) return;
      updateFinding.run(finding.code, JSON.stringify(finding.args), claims[ordinal], id);
      const oldCode = old.findings[ordinal]?.code ?? '';
      for (const source of sources.all(id) as string[]) {
        const renamed = sourceOf(oldCode, source.slice('arg:'.length));
        if (renamed !== undefined) rename.run(`arg:${renamed}`, id, source);
      }
    });
    updateScan.run(UPGRADED_SCHEMA_VERSION, JSON.stringify(reportJson(upgraded, claims)), scanId);
  }
}
