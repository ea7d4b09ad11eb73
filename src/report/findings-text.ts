/**
 * Readable summary of a scan: findings grouped by data category (vocabulary order),
 * then by topic for findings without a category; each claim with its evidence.
 * Every app-controlled string goes through safeText.
 */
import type { Evidence, Finding } from '../findings/types.js';
import { DATA_CATEGORIES } from '../findings/vocabulary.js';
import { FINDING_TOPICS } from '../scan/run.js';
import type { ScanReport } from '../scan/scan.js';
import { safeText } from './terminal.js';
import { renderClaim } from './claim.js';

/** Evidence lines printed per finding in the text view (JSON has them all). */
const TEXT_EVIDENCE_LIMIT = 3;
const CONFIDENCE_ORDER = { high: 0, medium: 1, low: 2 } as const;

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

function renderEvidence(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'code':
      return `${safeText(evidence.entry)} ${safeText(evidence.className)}.${safeText(evidence.method)} |${evidence.codeOffset.toString(16).padStart(4, '0')} @${hex(evidence.fileOffset)} → ${safeText(evidence.target, 200)}`;
    case 'xml':
      return `${safeText(evidence.entry)} line ${evidence.line} <${safeText(evidence.element)}${evidence.attribute ? ` ${safeText(evidence.attribute)}` : ''}> @${hex(evidence.offset)}`;
    case 'resource':
      return `${safeText(evidence.entry)} ${hex(evidence.resourceId)} ${safeText(evidence.name)}${evidence.locale ? ` [${safeText(evidence.locale)}]` : ''}${evidence.value !== undefined ? ` = ${safeText(evidence.value, 200)}` : ''}`;
    case 'bytes':
      return `${safeText(evidence.entry)} bytes ${hex(evidence.start)}–${hex(evidence.end)}${evidence.description ? ` (${safeText(evidence.description, 200)})` : ''}`;
  }
}

function renderFinding(finding: Finding): string[] {
  const lines = [`  [${finding.confidence}] ${safeText(renderClaim(finding), 500)}  (${finding.ruleId})`];
  for (const evidence of finding.evidence.slice(0, TEXT_EVIDENCE_LIMIT))
    lines.push(`      ${renderEvidence(evidence)}`);
  if (finding.evidence.length > TEXT_EVIDENCE_LIMIT)
    lines.push(`      … ${finding.evidence.length - TEXT_EVIDENCE_LIMIT} more (see --json)`);
  return lines;
}

function sorted(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => CONFIDENCE_ORDER[a.confidence] - CONFIDENCE_ORDER[b.confidence]);
}

export function renderScanText(report: ScanReport): string {
  const lines: string[] = [];
  for (const apk of report.apks) {
    lines.push(
      `${safeText(apk.packageName ?? '(no package)')} ${safeText(apk.versionName ?? '')} — ${safeText(apk.name)}${apk.splitName ? ` (split ${safeText(apk.splitName)})` : ''}`,
    );
    lines.push(
      `  sha256 ${apk.sha256}, ${apk.size} bytes, ${apk.dexFiles} dex, ${apk.xmlResources} res XML, ${apk.assets} other files`,
    );
  }
  lines.push('');
  const categories = DATA_CATEGORIES.filter((category) =>
    report.findings.some((finding) => finding.category === category),
  );
  if (categories.length > 0) lines.push('What the app can collect, by data category:', '');
  for (const category of categories) {
    const group = report.findings.filter((finding) => finding.category === category);
    lines.push(`${category} (${group.length})`);
    for (const finding of sorted(group)) lines.push(...renderFinding(finding));
    lines.push('');
  }
  for (const topic of FINDING_TOPICS) {
    const group = report.findings.filter((finding) => finding.category === undefined && finding.topic === topic);
    if (group.length === 0) continue;
    lines.push(`${topic} (${group.length})`);
    for (const finding of sorted(group)) lines.push(...renderFinding(finding));
    lines.push('');
  }
  if (report.findings.length === 0) lines.push('No findings.', '');
  for (const failure of report.ruleFailures)
    lines.push(`rule ${failure.ruleId} failed on ${failure.apkSha256.slice(0, 12)}: ${safeText(failure.message)}`);
  lines.push(`${report.findings.length} findings`);
  return `${lines.join('\n')}\n`;
}
