/**
 * Reading a report saved with `apkwitness scan --json`: schema version 3 as it is, version 2
 * upgraded (src/report/upgrade-v2.ts). The file is untrusted input: anything not shaped like our
 * report is refused with one line naming the file; arguments that do not fit their code's
 * declaration are carried, never rendered with the code's template (src/report/claim.ts).
 */
import { SCHEMA_VERSION, type ScanReport } from '../scan/scan.js';
import type { Finding } from '../findings/types.js';
import { safeText } from './terminal.js';
import { upgradeFindingV2, type FindingV2 } from './upgrade-v2.js';

/** The schema version older reports are upgraded from. */
const UPGRADABLE_SCHEMA_VERSION = 2;
const SCALAR_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'boolean']);
const EVIDENCE_KINDS: ReadonlySet<string> = new Set(['code', 'xml', 'resource', 'bytes']);

/** Parsed JSON before it is checked: any field may be missing or null. */
type Untrusted<T> = { [K in keyof T]?: T[K] | null };

/** Nesting accepted in an argument (the declared types are at most 4 deep). */
const MAX_ARGUMENT_DEPTH = 8;

/** True when `value` is an argument value as findings carry them: JSON without null, bounded depth. */
function isArgValue(value: unknown, depth = 0): boolean {
  if (SCALAR_TYPES.has(typeof value)) return true;
  if (typeof value !== 'object' || value === null || depth >= MAX_ARGUMENT_DEPTH) return false;
  const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return items.every((item) => isArgValue(item, depth + 1));
}

/** A file that is not a report this apkwitness reads; the message is one line starting with the file name. */
export class SavedReportError extends Error {}

/** Every finding of the report upgraded to version 3; the report says version 3 (version 2 listed nothing skipped). */
export function upgradeReportV2(
  report: Omit<ScanReport, 'findings' | 'schemaVersion' | 'skipped'> & { findings: FindingV2[] },
): ScanReport {
  return { ...report, schemaVersion: SCHEMA_VERSION, findings: report.findings.map(upgradeFindingV2), skipped: [] };
}

/** A skipped part as reports list them: four strings. */
function isSkippedPart(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const part = value as Record<string, unknown>;
  return ['apk', 'source', 'code', 'detail'].every((key) => typeof part[key] === 'string');
}

export function readSavedReport(text: string, file: string): ScanReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SavedReportError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const report = parsed as (Untrusted<Omit<ScanReport, 'findings'>> & { findings?: unknown }) | null;
  if (typeof report !== 'object' || report === null || !('schemaVersion' in report))
    throw new SavedReportError(`${file}: not an apkwitness scan report (no schemaVersion)`);
  const version: unknown = report.schemaVersion;
  if (version !== SCHEMA_VERSION && version !== UPGRADABLE_SCHEMA_VERSION)
    throw new SavedReportError(
      `${file}: scan report schemaVersion ${String(version)}, this apkwitness reads ${UPGRADABLE_SCHEMA_VERSION} and ${SCHEMA_VERSION} (scan the app again)`,
    );
  if (
    typeof report.app !== 'object' ||
    report.app === null ||
    !Array.isArray(report.app.labels) ||
    !Array.isArray(report.app.signers) ||
    !Array.isArray(report.apks) ||
    !Array.isArray(report.findings) ||
    !Array.isArray(report.ruleFailures)
  ) {
    throw new SavedReportError(`${file}: scan report lacks app, apks, findings or ruleFailures`);
  }
  for (const item of report.findings as unknown[]) {
    const finding = item as (Untrusted<Finding> & { claim?: unknown }) | null;
    if (
      typeof finding !== 'object' ||
      finding === null ||
      typeof finding.ruleId !== 'string' ||
      typeof finding.code !== 'string' ||
      typeof finding.topic !== 'string' ||
      (version === UPGRADABLE_SCHEMA_VERSION && typeof finding.claim !== 'string') ||
      typeof finding.args !== 'object' ||
      finding.args === null ||
      Array.isArray(finding.args) ||
      !Array.isArray(finding.evidence)
    ) {
      throw new SavedReportError(`${file}: a finding lacks ruleId, code, topic, claim, args or evidence`);
    }
    // Version 2 arguments were scalars; the upgrade reads them as such.
    if (
      version === UPGRADABLE_SCHEMA_VERSION &&
      Object.values(finding.args).some((value) => !SCALAR_TYPES.has(typeof value))
    )
      throw new SavedReportError(
        `${file}: finding ${safeText(finding.code, 80)} has an argument that is not a string, number or boolean`,
      );
    // Version 3 arguments are JSON values without null (src/findings/types.ts ArgValue).
    if (!isArgValue(finding.args))
      throw new SavedReportError(
        `${file}: finding ${safeText(finding.code, 80)} has an argument that is null or nested too deep`,
      );
    for (const evidence of finding.evidence as unknown[]) {
      const place = evidence as { kind?: unknown; entry?: unknown } | null;
      if (
        typeof place !== 'object' ||
        place === null ||
        !EVIDENCE_KINDS.has(place.kind as string) ||
        typeof place.entry !== 'string'
      ) {
        throw new SavedReportError(`${file}: finding ${safeText(finding.code, 80)} has evidence of no known kind`);
      }
    }
  }
  if (version === UPGRADABLE_SCHEMA_VERSION)
    return upgradeReportV2(report as unknown as Parameters<typeof upgradeReportV2>[0]);
  // `skipped` came within version 3: a report saved before it has none.
  const skipped: unknown = (report as { skipped?: unknown }).skipped ?? [];
  if (!Array.isArray(skipped) || !skipped.every(isSkippedPart))
    throw new SavedReportError(`${file}: skipped is not a list of skipped parts (apk, source, code, detail)`);
  return { ...(report as unknown as ScanReport), skipped: skipped as ScanReport['skipped'] };
}
