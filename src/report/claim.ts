/**
 * The one place claims are made: every report (text, Markdown, HTML, SARIF, the diff, the JSON's
 * `claim`, the library) renders a finding's claim here, from its code's message template and its
 * arguments (src/findings/contract.ts), made one line: control characters, bidi overrides and line
 * separators in app strings are shown as `\u{…}` (src/text/annotate.ts claimText), so an app
 * string cannot forge lines, colours or reading order.
 */
import type { Finding } from '../findings/types.js';
import { claimText } from '../text/annotate.js';
import { contractOf } from '../scan/catalogue.js';
import type { ScanReport } from '../scan/scan.js';
import { severities, type Severity } from '../scan/severity.js';
import { reportSummary, summaryJson, type SummaryJson } from './headlines.js';

/** Characters of the arguments quoted in the claim of a code this version does not know. */
const UNKNOWN_ARGUMENTS_LENGTH = 300;

/** A finding as read back from a report file: it may carry the claim its producer rendered. */
export type ReadFinding = Finding & { readonly claim?: unknown };

/**
 * The claim of `finding`. A code this version does not declare (a report of a newer version,
 * a hand-edited file) or arguments that do not fit its declaration keep the claim the file
 * carries, else a plain `code: arguments` line: never a template run on arguments it was not written for.
 */
export function renderClaim(finding: ReadFinding): string {
  const spec = contractOf(finding);
  if (spec !== undefined) return claimText(spec.message(finding.args as never, finding));
  if (typeof finding.claim === 'string') return claimText(finding.claim);
  const args = JSON.stringify(finding.args);
  return claimText(
    `${finding.code}: ${args.length > UNKNOWN_ARGUMENTS_LENGTH ? `${args.slice(0, UNKNOWN_ARGUMENTS_LENGTH)}…` : args}`,
  );
}

/** A finding as the JSON report writes it: the rendered claim after the category, for readers without the templates. */
export interface FindingJson {
  readonly ruleId: string;
  readonly code: string;
  readonly topic: Finding['topic'];
  readonly category?: Finding['category'];
  readonly claim: string;
  readonly args: Finding['args'];
  readonly confidence: Finding['confidence'];
  /** How much it matters (src/scan/severity.ts); in scan reports, where the whole app gives its context. */
  readonly severity?: Severity;
  readonly evidence: Finding['evidence'];
}

export function findingJson(finding: Finding, claim = renderClaim(finding), severity?: Severity): FindingJson {
  return {
    ruleId: finding.ruleId,
    code: finding.code,
    topic: finding.topic,
    category: finding.category,
    claim,
    args: finding.args,
    confidence: finding.confidence,
    ...(severity !== undefined ? { severity } : {}),
    evidence: finding.evidence,
  };
}

/**
 * The report as `scan --json` writes it (docs/findings-schema.md): the summary (names, signer,
 * headlines by severity) after the app, then every finding with its claim and severity.
 */
export type ScanReportJson = Omit<ScanReport, 'findings'> & {
  readonly summary: SummaryJson;
  readonly findings: FindingJson[];
};

/** `claims`: the findings' claims when the caller rendered them already (the library writes them to several places). */
export function reportJson(report: ScanReport, claims?: readonly string[]): ScanReportJson {
  const severityOf = severities(report.findings);
  const claimOf = (index: number): string => {
    const finding = report.findings[index] as Finding;
    return claims?.[index] ?? renderClaim(finding);
  };
  const summary = summaryJson(reportSummary(report), claimOf);
  // The summary goes right after the app, replacing one that a report read back from disk carried.
  const { schemaVersion, tool, app, ...rest } = report;
  if ('summary' in rest) delete (rest as { summary?: unknown }).summary;
  return {
    schemaVersion,
    tool,
    app,
    summary,
    ...rest,
    findings: report.findings.map((finding, index) => findingJson(finding, claimOf(index), severityOf(finding))),
  };
}
