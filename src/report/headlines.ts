/**
 * The headline summary every format opens with (docs/reports.md, "Headlines"): the app's display
 * names with their gloss, its package and signer, then the findings a reader must see first,
 * ranked by severity (src/scan/severity.ts), each pointing at the finding that holds its evidence.
 *
 * One headline per data category for data collected and labels (the most severe finding of the
 * category stands for the others, which are counted), one per form (its fields' findings are under
 * it), one per finding otherwise. Ties in severity are broken in reading order: what the app asks
 * of people (forms, labels), what it reads, where data goes, then what it does on the device.
 */
import type { Confidence, Finding } from '../findings/types.js';
import type { DataCategory } from '../findings/vocabulary.js';
import type { AppLabel } from '../scan/app-summary.js';
import type { ScanReport } from '../scan/scan.js';
import { atLeastSeverity, severities, severityRank, type Severity } from '../scan/severity.js';

/** Findings below this severity are never headlines. */
const HEADLINE_MINIMUM: Severity = 'moderate';
/** Headlines listed; the rest are counted (every format lists all findings after the summary). */
const HEADLINE_LIMIT = 15;

/** Reading order of the kinds of headline, for findings of one severity. */
const KIND_ORDER: readonly string[] = [
  'form',
  'labels',
  'collection',
  'flow',
  'destination',
  'asset',
  'behaviour',
  'sdk',
  'tampering',
  'signing',
  'exposure',
  'obfuscation',
];
const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { high: 0, medium: 1, low: 2 };

export interface Headline {
  readonly severity: Severity;
  /** The finding's position in `report.findings` (HTML anchor `f-<index>`, JSON `findings[index]`). */
  readonly index: number;
  readonly finding: Finding;
  /** Findings of the same category (or form) folded under this one. */
  readonly alsoInGroup: number;
}

export interface SignerLine {
  readonly subject?: string;
  readonly certificateSha256: string;
  readonly verified: boolean;
  readonly wellKnownKey?: string;
}

export interface ReportSummary {
  readonly names: readonly AppLabel[];
  readonly packageName?: string;
  readonly versionName?: string;
  /** The effective signer (the one Android binds the app to), else the first. */
  readonly signer?: SignerLine;
  readonly headlines: readonly Headline[];
  /** Findings at or above HEADLINE_MINIMUM past HEADLINE_LIMIT. */
  readonly omitted: number;
  /** Every finding by severity, most severe first. */
  readonly counts: Readonly<Record<Severity, number>>;
}

/** The group a finding is folded into, or undefined when it stands alone. */
function groupKey(finding: Finding): string | undefined {
  if (finding.code === 'forms.field-asks-for' || finding.code === 'forms.form')
    return typeof finding.args.layout === 'string' ? `form:${finding.args.layout}` : undefined;
  if ((finding.topic === 'collection' || finding.topic === 'labels') && finding.category !== undefined)
    return `${finding.topic}:${finding.category}`;
  // Flows to one sink and place (the upload host, an SMS number) are one headline.
  if (finding.topic === 'flow' && typeof finding.args.sink === 'string')
    return `flow:${finding.args.sink}:${typeof finding.args.destination === 'string' ? finding.args.destination : ''}`;
  return undefined;
}

/** Which of two findings of one group stands for it: the more severe, the form over its fields, the surer, the first. */
function better(
  a: { finding: Finding; severity: Severity; index: number },
  b: { finding: Finding; severity: Severity; index: number },
): boolean {
  const bySeverity = severityRank(a.severity) - severityRank(b.severity);
  if (bySeverity !== 0) return bySeverity > 0;
  if ((a.finding.code === 'forms.form') !== (b.finding.code === 'forms.form')) return a.finding.code === 'forms.form';
  const byConfidence = CONFIDENCE_RANK[a.finding.confidence] - CONFIDENCE_RANK[b.finding.confidence];
  if (byConfidence !== 0) return byConfidence < 0;
  return a.index < b.index;
}

function kindRank(finding: Finding): number {
  const rank = KIND_ORDER.indexOf(finding.topic);
  return rank < 0 ? KIND_ORDER.length : rank;
}

export function reportSummary(report: ScanReport): ReportSummary {
  const severityOf = severities(report.findings);
  const counts: Record<Severity, number> = { critical: 0, major: 0, moderate: 0, minor: 0, info: 0 };
  const groups = new Map<string, { finding: Finding; severity: Severity; index: number; size: number }>();
  const alone: Array<{ finding: Finding; severity: Severity; index: number; size: number }> = [];
  report.findings.forEach((finding, index) => {
    const severity = severityOf(finding);
    counts[severity] += 1;
    const candidate = { finding, severity, index, size: 1 };
    const key = groupKey(finding);
    if (key === undefined) {
      if (atLeastSeverity(severity, HEADLINE_MINIMUM)) alone.push(candidate);
      return;
    }
    const current = groups.get(key);
    if (current === undefined) groups.set(key, candidate);
    else if (better(candidate, current)) groups.set(key, { ...candidate, size: current.size + 1 });
    else current.size += 1;
  });
  const ranked = [...alone, ...[...groups.values()].filter((item) => atLeastSeverity(item.severity, HEADLINE_MINIMUM))]
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        kindRank(a.finding) - kindRank(b.finding) ||
        CONFIDENCE_RANK[a.finding.confidence] - CONFIDENCE_RANK[b.finding.confidence] ||
        a.index - b.index,
    )
    .map((item): Headline => ({
      severity: item.severity,
      index: item.index,
      finding: item.finding,
      alsoInGroup: item.size - 1,
    }));
  const app = report.app;
  const signer = app.signers.find((candidate) => candidate.effective) ?? app.signers[0];
  return {
    names: app.labels,
    ...(app.packageName !== undefined ? { packageName: app.packageName } : {}),
    ...(app.versionName !== undefined ? { versionName: app.versionName } : {}),
    ...(signer !== undefined
      ? {
          signer: {
            ...(signer.subject !== undefined ? { subject: signer.subject } : {}),
            certificateSha256: signer.certificateSha256,
            verified: signer.verified,
            ...(signer.wellKnownKey !== undefined ? { wellKnownKey: signer.wellKnownKey } : {}),
          },
        }
      : {}),
    headlines: ranked.slice(0, HEADLINE_LIMIT),
    omitted: Math.max(0, ranked.length - HEADLINE_LIMIT),
    counts,
  };
}

/** "and 3 more findings on device-id" / "and 6 findings on its fields": what a headline stands for. */
export function groupNote(headline: Headline): string | undefined {
  if (headline.alsoInGroup === 0) return undefined;
  const plural = headline.alsoInGroup === 1 ? 'finding' : 'findings';
  if (headline.finding.code === 'forms.form') return `and ${headline.alsoInGroup} ${plural} on its fields`;
  const category: DataCategory | undefined = headline.finding.category;
  return `and ${headline.alsoInGroup} more ${plural} on ${category ?? headline.finding.topic}`;
}

/** The signer as one line: `CN=…, certificate 1a2b3c… (verified)`. */
export function signerText(signer: SignerLine): string {
  return `${signer.subject ?? '(no subject)'}, certificate ${signer.certificateSha256.slice(0, 16)}…, ${signer.verified ? 'verified' : 'NOT verified'}${signer.wellKnownKey !== undefined ? ` (public key: ${signer.wellKnownKey})` : ''}`;
}

/**
 * The summary as the JSON report writes it (docs/findings-schema.md, "summary"), after `app` (which
 * holds the names, package and signers): headlines point at `findings[finding]`.
 */
export interface SummaryJson {
  readonly headlines: ReadonlyArray<{
    readonly severity: Severity;
    readonly finding: number;
    readonly code: string;
    readonly claim: string;
    readonly alsoInGroup: number;
  }>;
  readonly omittedHeadlines: number;
  readonly severityCounts: Readonly<Record<Severity, number>>;
}

export function summaryJson(summary: ReportSummary, claimOf: (index: number) => string): SummaryJson {
  return {
    headlines: summary.headlines.map((headline) => ({
      severity: headline.severity,
      finding: headline.index,
      code: headline.finding.code,
      claim: claimOf(headline.index),
      alsoInGroup: headline.alsoInGroup,
    })),
    omittedHeadlines: summary.omitted,
    severityCounts: summary.counts,
  };
}
