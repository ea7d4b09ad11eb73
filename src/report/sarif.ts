/**
 * SARIF 2.1.0 (OASIS Standard, errata 01) for code-scanning tools and pipelines.
 *
 * - tool.driver.rules: one reportingDescriptor per apkwitness rule, from the rule
 *   registry's metadata (description, categories, reference URLs, declared codes).
 * - results: one per finding; ruleId is the rule, the finding's message id goes in
 *   properties.code; level follows severity (critical and major → error, moderate → warning,
 *   minor and info → note: a code-scanning user filters on level); confidence and severity are
 *   in properties (SARIF §3.27.10 has no "confidence"), the headlines in run.properties.summary.
 * - locations: one per evidence item. Every APK is a run.artifacts entry (with its
 *   SHA-256); entries inside it are artifacts nested in it (parentIndex, §3.24.3), so
 *   `artifactLocation.uri` is the entry path inside the APK. Code evidence carries a
 *   byte region of the dex and a logical location (class, method); XML evidence the
 *   source line and byte offset; resources a logical location (id, name, locale);
 *   byte ranges a byte region.
 * - flows (topic `flow`) also carry codeFlows (§3.36) with one threadFlow (§3.37): the path
 *   from the source call site to the sink call site, one threadFlowLocation per hop, its
 *   `kinds` from the hop (`taint` for the source and the sink, `call`, `return`, `value` for
 *   field accesses; §3.38.8's well-known values).
 * - message.text is the claim (src/report/claim.ts), plain text: `[`, `]` and `\` are
 *   backslash-escaped so an app string cannot become an embedded link (§3.11.6).
 * Deterministic: no times or paths, so the same APK gives the same SARIF bytes.
 */
import { createHash } from 'node:crypto';
import type { Evidence, Finding } from '../findings/types.js';
import type { ScanReport } from '../scan/scan.js';
import type { RuleMetadata } from '../rules/types.js';
import { ALL_RULES } from '../scan/registry.js';
import { apkNames } from './report-model.js';
import { evidenceSummary, WHOLE_FILE_ENTRY } from './verify.js';
import { renderClaim } from './claim.js';
import { reportSummary, summaryJson } from './headlines.js';
import { severities, type Severity } from '../scan/severity.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
/** SARIF's level is a severity (§3.27.10): ours, not confidence, which goes in properties. */
const LEVEL_OF_SEVERITY: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  major: 'error',
  moderate: 'warning',
  minor: 'note',
  info: 'note',
};
/** Key of the stable per-finding fingerprint (SARIF §3.27.17): rule, message id, category and claim. */
const FINGERPRINT_KEY = 'apkwitnessFinding/v1';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
type JsonObject = { [key: string]: Json | undefined };

/** Plain-text SARIF message: backslash, `[` and `]` escaped so nothing reads as an embedded link. */
export function sarifText(text: string): string {
  return text.replace(/[\\[\]]/g, (character) => `\\${character}`);
}

/** An entry path as a relative URI reference: each segment percent-encoded (spaces, `#`, `?`, `%`, controls). */
export function entryUri(entry: string): string {
  return entry
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function ruleDescriptor(meta: RuleMetadata): JsonObject {
  return {
    id: meta.id,
    name: meta.id
      .replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase())
      .replace(/^./, (first) => first.toUpperCase()),
    shortDescription: { text: sarifText(meta.description) },
    helpUri: meta.references[0],
    properties: {
      categories: [...meta.categories],
      references: [...meta.references],
      // The rule's declared codes (docs/findings-schema.md): results name theirs in properties.code.
      codes: Object.entries(meta.codes).map(([name, spec]) => ({
        code: `${meta.id}.${name}`,
        topic: spec.topic,
        summary: spec.summary,
      })),
    },
  };
}

/** run.artifacts: each APK, then each entry of an APK cited by evidence (nested in it). */
class Artifacts {
  readonly list: JsonObject[] = [];
  private readonly indexByKey = new Map<string, number>();

  constructor(report: ScanReport) {
    for (const apk of report.apks) {
      this.indexByKey.set(apk.sha256, this.list.length);
      this.list.push({
        location: { uri: entryUri(apk.name.replace(/!\//g, '/')) },
        length: apk.size,
        hashes: { 'sha-256': apk.sha256 },
        roles: ['analysisTarget'],
      });
    }
  }

  /** Index of the artifact holding this evidence (the APK itself for `(file)` byte ranges). */
  indexOf(evidence: Evidence): number {
    const apkIndex = this.indexByKey.get(evidence.apkSha256);
    if (evidence.entry === WHOLE_FILE_ENTRY && apkIndex !== undefined) return apkIndex;
    const key = `${evidence.apkSha256}\u0000${evidence.entry}`;
    const known = this.indexByKey.get(key);
    if (known !== undefined) return known;
    const index = this.list.length;
    this.indexByKey.set(key, index);
    this.list.push(
      apkIndex === undefined
        ? { location: { uri: entryUri(evidence.entry) } }
        : { location: { uri: entryUri(evidence.entry) }, parentIndex: apkIndex },
    );
    return index;
  }
}

function location(evidence: Evidence, artifacts: Artifacts, apkName: (sha256: string) => string): JsonObject {
  const index = artifacts.indexOf(evidence);
  const uri =
    evidence.entry === WHOLE_FILE_ENTRY
      ? entryUri(apkName(evidence.apkSha256).replace(/!\//g, '/'))
      : entryUri(evidence.entry);
  const physicalLocation: JsonObject = { artifactLocation: { uri, index } };
  let logicalLocations: JsonObject[] | undefined;
  switch (evidence.kind) {
    case 'code':
      physicalLocation.region = { byteOffset: evidence.fileOffset };
      logicalLocations = [
        {
          name: evidence.method.split('(')[0],
          fullyQualifiedName: `${evidence.className}.${evidence.method}`,
          kind: 'function',
        },
        { name: evidence.className, fullyQualifiedName: evidence.className, kind: 'type' },
      ];
      break;
    case 'xml':
      physicalLocation.region = { startLine: Math.max(1, evidence.line), byteOffset: evidence.offset };
      logicalLocations = [
        { name: evidence.attribute ? `${evidence.element}@${evidence.attribute}` : evidence.element, kind: 'element' },
      ];
      break;
    case 'resource':
      logicalLocations = [
        {
          name: evidence.name,
          fullyQualifiedName: `0x${evidence.resourceId.toString(16).padStart(8, '0')} ${evidence.name}${evidence.locale ? ` [${evidence.locale}]` : ''}`,
          kind: 'resource',
        },
      ];
      break;
    case 'bytes':
      physicalLocation.region = { byteOffset: evidence.start, byteLength: Math.max(0, evidence.end - evidence.start) };
      break;
  }
  return { physicalLocation, logicalLocations, message: { text: sarifText(evidenceSummary(evidence)) } };
}

function fingerprint(finding: Finding, claim: string): string {
  return createHash('sha256')
    .update(`${finding.ruleId}\u0000${finding.code}\u0000${finding.category ?? ''}\u0000${claim}`)
    .digest('hex');
}

/** threadFlowLocation.kinds of each hop kind a flow's `hopKinds` argument names. */
const HOP_KINDS: Readonly<Record<string, readonly string[]>> = {
  source: ['taint'],
  sink: ['taint'],
  call: ['call'],
  return: ['return'],
  'field-write': ['value'],
  'field-read': ['value'],
  'static-write': ['value'],
  'static-read': ['value'],
};

function codeFlows(finding: Finding, claim: string, artifacts: Artifacts, apkName: (sha256: string) => string): Json[] {
  const kinds = typeof finding.args.hopKinds === 'string' ? finding.args.hopKinds.split(',') : [];
  const last = finding.evidence.length - 1;
  return [
    {
      message: { text: sarifText(claim) },
      threadFlows: [
        {
          locations: finding.evidence.map((evidence, position) => ({
            location: location(evidence, artifacts, apkName),
            kinds: [...(HOP_KINDS[kinds[position] ?? ''] ?? ['value'])],
            importance: position === 0 || position === last ? 'essential' : 'important',
            executionOrder: position + 1,
          })),
        },
      ],
    },
  ];
}

function result(
  finding: Finding,
  ruleIndex: number,
  artifacts: Artifacts,
  apkName: (sha256: string) => string,
  severity: Severity,
): JsonObject {
  const claim = renderClaim(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex >= 0 ? ruleIndex : undefined,
    level: LEVEL_OF_SEVERITY[severity],
    message: { text: sarifText(claim) },
    locations: finding.evidence.map((evidence) => location(evidence, artifacts, apkName)),
    codeFlows: finding.topic === 'flow' ? codeFlows(finding, claim, artifacts, apkName) : undefined,
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding, claim) },
    properties: {
      code: finding.code,
      topic: finding.topic,
      category: finding.category,
      severity,
      confidence: finding.confidence,
      args: JSON.parse(JSON.stringify(finding.args)) as Json,
      evidence: finding.evidence.map((evidence) => ({ ...evidence })),
    },
  };
}

/** The SARIF log as an object (tests validate it against the schema). */
export function sarifLog(
  report: ScanReport,
  rules: readonly RuleMetadata[] = ALL_RULES.map((rule) => rule.meta),
): JsonObject {
  const apkName = apkNames(report);
  const artifacts = new Artifacts(report);
  const ruleIndex = new Map(rules.map((meta, index) => [meta.id, index] as const));
  const severityOf = severities(report.findings);
  const results = report.findings.map((finding) =>
    result(finding, ruleIndex.get(finding.ruleId) ?? -1, artifacts, apkName, severityOf(finding)),
  );
  const summary = summaryJson(reportSummary(report), (index) => renderClaim(report.findings[index] as Finding));
  const notifications = report.ruleFailures.map((failure) => ({
    level: 'error',
    message: { text: sarifText(`rule ${failure.ruleId} failed on ${apkName(failure.apkSha256)}: ${failure.message}`) },
    associatedRule: ruleIndex.has(failure.ruleId)
      ? { id: failure.ruleId, index: ruleIndex.get(failure.ruleId) }
      : { id: failure.ruleId },
  }));
  // What was not read is a run-level notification too (SARIF 2.1.0 3.20.21 toolExecutionNotifications).
  for (const part of report.skipped)
    notifications.push({
      level: 'warning',
      message: { text: sarifText(`not read: ${part.apk} ${part.source}: ${part.detail} [${part.code}]`) },
      associatedRule: { id: part.code },
    });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [
          { executionSuccessful: report.ruleFailures.length === 0, toolExecutionNotifications: notifications },
        ],
        artifacts: artifacts.list,
        results,
        properties: {
          schemaVersion: report.schemaVersion,
          app: JSON.parse(JSON.stringify(report.app)) as Json,
          summary: JSON.parse(JSON.stringify(summary)) as Json,
        },
      },
    ],
  };
}

/** SARIF 2.1.0 JSON text, two-space indented, newline-terminated. */
export function renderSarif(report: ScanReport, rules?: readonly RuleMetadata[]): string {
  return `${JSON.stringify(sarifLog(report, rules), null, 2)}\n`;
}
