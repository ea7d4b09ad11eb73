/**
 * Shared pieces of the store tests: a fresh library in a temporary folder, and the demo
 * app's report (scanned once per test file: about a second).
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { scanApp, type ScanReport } from '../../src/scan/scan.js';
import { dictionaries } from '../support/dictionaries.js';
import { repositoryRoot } from '../support/corpus.js';

export const demoPath = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');
export const hostileStringsPath = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-strings.apk');

/** A temporary folder removed when the test file ends. */
export function temporaryFolder(prefix = 'apkwitness-store-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const reports = new Map<string, ScanReport>();
export function reportOf(path: string): ScanReport {
  let report = reports.get(path);
  if (report === undefined) {
    report = scanApp(path, { dictionaries }).report;
    reports.set(path, report);
  }
  return report;
}

/** The demo's report as apkwitness wrote it before schema version 3 (test/fixtures/v2/field-survey.json). */
export function v2ReportOfDemo(): ScanReport & { findings: Array<ScanReport['findings'][number] & { claim: string }> } {
  return JSON.parse(readFileSync(join(repositoryRoot, 'test', 'fixtures', 'v2', 'field-survey.json'), 'utf8')) as never;
}

/** A copy of a report claiming another version (the grouping of versions is what is tested, not the scan). */
export function asVersion(report: ScanReport, versionCode: number, versionName: string): ScanReport {
  return { ...report, app: { ...report.app, versionCode, versionName } };
}
