/**
 * `diffReports(old, new)`: what changed between two versions of an app, as data
 * (docs/diff-schema.md, docs/diff.md). A pure function of the two scan reports:
 * the same reports always give the same diff, in the same order.
 */
import type { ScanReport } from '../scan/scan.js';
import { diffApp } from './app.js';
import { diffFindings, severityCounts } from './findings.js';
import { diffForms } from './forms.js';
import { diffAssets, diffCategories, diffEndpoints, diffLabels, diffPermissions, diffSdks } from './views.js';
import { DIFF_SCHEMA_VERSION, type DiffSide, type ReportDiff } from './types.js';

export * from './types.js';
function side(report: ScanReport): DiffSide {
  return {
    ...(report.app.packageName !== undefined ? { packageName: report.app.packageName } : {}),
    ...(report.app.versionName !== undefined ? { versionName: report.app.versionName } : {}),
    ...(report.app.versionCode !== undefined ? { versionCode: report.app.versionCode } : {}),
    toolVersion: report.tool.version,
    apks: report.apks.map((apk) => ({ name: apk.name, sha256: apk.sha256, size: apk.size })),
  };
}

function failures(report: ScanReport): string[] {
  return report.ruleFailures.map((failure) => `${failure.ruleId}: ${failure.message}`);
}

export function diffReports(oldReport: ScanReport, newReport: ScanReport): ReportDiff {
  const before = oldReport.findings;
  const after = newReport.findings;
  const app = diffApp(oldReport, newReport);
  const findings = diffFindings(before, after);
  const categories = diffCategories(before, after);
  const unchanged =
    app.fields.length === 0 &&
    app.labels.added.length + app.labels.removed.length + app.labels.changed.length === 0 &&
    !app.signerChanged &&
    app.keyRotation === undefined &&
    app.signers.added.length + app.signers.removed.length === 0 &&
    findings.added.length + findings.removed.length + findings.changed.length === 0 &&
    JSON.stringify(failures(oldReport)) === JSON.stringify(failures(newReport));
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    old: side(oldReport),
    new: side(newReport),
    summary: {
      unchanged,
      signerChanged: app.signerChanged,
      keyRotated: app.keyRotation?.verified === true,
      versionChanged:
        oldReport.app.versionCode !== newReport.app.versionCode ||
        oldReport.app.versionName !== newReport.app.versionName,
      findingsAdded: findings.added.length,
      findingsRemoved: findings.removed.length,
      findingsChanged: findings.changed.length,
      addedBySeverity: severityCounts(findings.added),
      removedBySeverity: severityCounts(findings.removed),
      categoriesAppeared: categories.appeared,
      categoriesDisappeared: categories.disappeared,
    },
    app,
    permissions: diffPermissions(before, after),
    categories,
    forms: diffForms(before, after),
    labels: diffLabels(before, after),
    endpoints: diffEndpoints(before, after),
    sdks: diffSdks(before, after),
    assets: diffAssets(before, after),
    findings,
    ruleFailures: { old: failures(oldReport), new: failures(newReport) },
  };
}
