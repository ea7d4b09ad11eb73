/**
 * Readable summary of a scan: the app's names, package and signer, the headlines (the findings a
 * reader must see first, by severity), then findings grouped by data category (vocabulary order)
 * and by topic for findings without a category, each with its severity, confidence and evidence,
 * and a glossary of the notation.
 * Every app-controlled string goes through safeText.
 */
import type { Evidence, Finding } from '../findings/types.js';
import { DATA_CATEGORIES } from '../findings/vocabulary.js';
import { FINDING_TOPICS } from '../scan/run.js';
import type { ScanReport } from '../scan/scan.js';
import { safeText } from './terminal.js';
import { renderClaim } from './claim.js';
import { byteSpan } from './verify.js';
import { glossary } from './glossary.js';
import { groupNote, reportSummary, signerText, type ReportSummary } from './headlines.js';
import { SEVERITIES, severities, severityRank, type Severity } from '../scan/severity.js';
import { flowRows } from './report-model.js';

/** Evidence lines printed per finding in the text view (JSON has them all). */
const TEXT_EVIDENCE_LIMIT = 3;
const CONFIDENCE_ORDER = { high: 0, medium: 1, low: 2 } as const;
/** Width of the longest severity word, so headline claims line up. */
const SEVERITY_WIDTH = 8;

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
      return `${safeText(evidence.entry)} ${byteSpan(evidence.start, evidence.end)}${evidence.description ? ` (${safeText(evidence.description, 200)})` : ''}`;
  }
}

type SeverityOf = (finding: Finding) => Severity;

function renderFinding(finding: Finding, number: number, severityOf: SeverityOf): string[] {
  const lines = [
    `  #${number} [${severityOf(finding)}, ${finding.confidence} confidence] ${safeText(renderClaim(finding), 500)}  (${finding.ruleId})`,
  ];
  const evidence = finding.evidence;
  // A flow's last evidence is its sink: always shown, after the first hops.
  const keepLast = finding.topic === 'flow' && evidence.length > TEXT_EVIDENCE_LIMIT;
  const shown = keepLast ? evidence.slice(0, TEXT_EVIDENCE_LIMIT - 1) : evidence.slice(0, TEXT_EVIDENCE_LIMIT);
  for (const item of shown) lines.push(`      ${renderEvidence(item)}`);
  if (evidence.length > TEXT_EVIDENCE_LIMIT)
    lines.push(`      … ${evidence.length - TEXT_EVIDENCE_LIMIT} more (see --json)`);
  if (keepLast) lines.push(`      ${renderEvidence(evidence[evidence.length - 1] as Evidence)}`);
  return lines;
}

/** Most severe first, then surest; report order inside a level. */
function sorted(findings: readonly Finding[], severityOf: SeverityOf): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(severityOf(b)) - severityRank(severityOf(a)) ||
      CONFIDENCE_ORDER[a.confidence] - CONFIDENCE_ORDER[b.confidence],
  );
}

function glossed(text: string, gloss: string | undefined): string {
  return gloss === undefined ? safeText(text, 200) : `${safeText(text, 200)} (${safeText(gloss, 200)})`;
}

/** The app's names, package, signer and the headlines: what a reader must see first. */
function headerLines(report: ScanReport, summary: ReportSummary): string[] {
  const [first, ...others] = [
    ...summary.names.filter((name) => name.locale === ''),
    ...summary.names.filter((name) => name.locale !== ''),
  ];
  const lines = [
    `${first === undefined ? '(no display name)' : glossed(first.text, first.gloss)} — ${safeText(summary.packageName ?? '(no package)')} ${safeText(summary.versionName ?? '')}`.trimEnd(),
  ];
  if (others.length > 0)
    lines.push(
      `  also named: ${others.map((name) => `[${safeText(name.locale)}] ${glossed(name.text, name.gloss)}`).join(', ')}`,
    );
  lines.push(`  signed by ${summary.signer === undefined ? '(no signer read)' : safeText(signerText(summary.signer))}`);
  for (const apk of report.apks)
    lines.push(
      `  ${safeText(apk.name)}${apk.splitName ? ` (split ${safeText(apk.splitName)})` : ''}: sha256 ${apk.sha256}, ${apk.size} bytes, ${apk.dexFiles} dex, ${apk.xmlResources} res XML, ${apk.assets} other files`,
    );
  lines.push('');
  if (summary.headlines.length > 0) {
    lines.push('Read first (most severe first; #N is the finding below that holds the evidence):');
    for (const headline of summary.headlines) {
      const note = groupNote(headline);
      lines.push(
        `  ${headline.severity.padEnd(SEVERITY_WIDTH)} ${safeText(renderClaim(headline.finding), 300)}${note === undefined ? '' : ` (${note})`}  → #${headline.index + 1}`,
      );
    }
    if (summary.omitted > 0) lines.push(`  … and ${summary.omitted} more at moderate or above, listed below`);
  }
  lines.push(
    `Findings by severity: ${[...SEVERITIES]
      .reverse()
      .map((severity) => `${summary.counts[severity]} ${severity}`)
      .join(', ')}.`,
    '',
  );
  return lines;
}

export function renderScanText(report: ScanReport): string {
  const severityOf = severities(report.findings);
  const number = new Map(report.findings.map((finding, index) => [finding, index + 1] as const));
  const lines = headerLines(report, reportSummary(report));
  const render = (finding: Finding) => renderFinding(finding, number.get(finding) ?? 0, severityOf);
  const flows = flowRows(report.findings);
  if (flows.length > 0) {
    lines.push(
      'Where each kind of data goes (flows from where the app reads it to where it sends, logs or stores it):',
      '',
    );
    for (const row of flows)
      lines.push(
        `  ${safeText(row.category)} → ${safeText(row.sink)}${row.destination === '' ? '' : ` ${safeText(row.destination, 200)}`}: ${row.findings.length} flow(s), listed under ${safeText(row.category)} below`,
      );
    lines.push('');
  }
  const categories = DATA_CATEGORIES.filter((category) =>
    report.findings.some((finding) => finding.category === category),
  );
  if (categories.length > 0) lines.push('What the app can collect, by data category:', '');
  for (const category of categories) {
    const group = report.findings.filter((finding) => finding.category === category);
    lines.push(`${category} (${group.length})`);
    for (const finding of sorted(group, severityOf)) lines.push(...render(finding));
    lines.push('');
  }
  for (const topic of FINDING_TOPICS) {
    const group = report.findings.filter((finding) => finding.category === undefined && finding.topic === topic);
    if (group.length === 0) continue;
    lines.push(`${topic} (${group.length})`);
    for (const finding of sorted(group, severityOf)) lines.push(...render(finding));
    lines.push('');
  }
  if (report.findings.length === 0) lines.push('No findings.', '');
  for (const failure of report.ruleFailures)
    lines.push(`rule ${failure.ruleId} failed on ${failure.apkSha256.slice(0, 12)}: ${safeText(failure.message)}`);
  const skipped = report.skipped;
  if (skipped.length > 0) {
    lines.push(`Not read (${skipped.length}): budgets, caps and refused entries; findings there may be missing`);
    for (const part of skipped)
      lines.push(`  ${safeText(part.apk)} ${safeText(part.source)}: ${safeText(part.detail, 400)} [${part.code}]`);
    lines.push('');
  }
  lines.push(`${report.findings.length} findings`);
  if (report.findings.length > 0) {
    lines.push('', 'Glossary');
    for (const entry of glossary(report)) lines.push(`  ${entry.term}: ${entry.meaning}`);
  }
  return `${lines.join('\n')}\n`;
}
