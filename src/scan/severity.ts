/**
 * Severity: how much a finding matters to the people the app is used on, apart from how sure we
 * are of it (confidence). Derived here, in one place, from the finding's declared code, topic and
 * data category and from its arguments; every report (text, Markdown, HTML, JSON, SARIF) and
 * `--min-severity` read it from here. What makes a finding severe is documented in
 * docs/vocabulary.md ("Severity"): sensitive categories, data leaving the device, cleartext,
 * labels of people.
 */
import type { ArgValue, Finding } from '../findings/types.js';
import type { DataCategory } from '../findings/vocabulary.js';
import { SEVERITIES, type Severity } from '../findings/vocabulary.js';
import { endpointOf } from './catalogue.js';

export { SEVERITIES, type Severity };

const RANK: Readonly<Record<Severity, number>> = { info: 0, minor: 1, moderate: 2, major: 3, critical: 4 };

/** Categories whose collection or labelling is severe in itself (GDPR art. 9 and the flagging vocabulary). */
const SENSITIVE_CATEGORIES: ReadonlySet<DataCategory> = new Set<DataCategory>([
  'identity-document',
  'ethnicity',
  'religion',
  'political',
  'biometrics',
  'health',
  'suspicion',
  'watchlist',
  'extremism',
  'travel',
  'relationships',
  'network-tools',
]);

/** Categories that flag people: a label of them is a judgement about a person. */
const FLAGGING_CATEGORIES: ReadonlySet<DataCategory> = new Set<DataCategory>(['suspicion', 'watchlist', 'extremism']);

/** SDK kinds that read identity, faces, voices or location, or fingerprint the device. */
const SENSITIVE_SDK_KINDS: ReadonlySet<string> = new Set([
  'identity-verification',
  'biometrics',
  'ocr',
  'speech',
  'fingerprinting',
  'location',
]);
/** SDK kinds that send device identifiers and behaviour to third parties. */
const TRACKING_SDK_KINDS: ReadonlySet<string> = new Set(['advertising', 'attribution', 'analytics', 'session-replay']);

/** Facts of the whole app a finding's severity depends on. */
export interface SeverityContext {
  /** The app names an encrypted destination (https, wss… URL or template): trust-all TLS then weakens real connections. */
  readonly usesTls: boolean;
}

export function severityContext(findings: readonly Finding[]): SeverityContext {
  return { usesTls: findings.some((finding) => endpointOf(finding)?.encrypted === true) };
}

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

export function isSeverity(text: string): text is Severity {
  return (SEVERITIES as readonly string[]).includes(text);
}

/** `a` is at least as severe as `minimum`. */
export function atLeastSeverity(severity: Severity, minimum: Severity): boolean {
  return RANK[severity] >= RANK[minimum];
}

const sensitive = (category: DataCategory | undefined): boolean =>
  category !== undefined && SENSITIVE_CATEGORIES.has(category);
const flag = (value: ArgValue | undefined): boolean => value === true;
const listOf = (value: ArgValue | undefined): readonly ArgValue[] =>
  Array.isArray(value) ? (value as readonly ArgValue[]) : [];
const textOf = (value: ArgValue | undefined): string => (typeof value === 'string' ? value : '');

/** Code reads personal data: severe when the category is sensitive. */
const reads = (finding: Finding): Severity => (sensitive(finding.category) ? 'critical' : 'major');

/** Sinks through which data leaves the device or the app. */
const LEAVING_SINKS: ReadonlySet<string> = new Set(['network', 'sms', 'intent', 'ipc']);

/** A flow weighs what a read of its data weighs when the data leaves; kept on the device, less. */
const flow = (finding: Finding): Severity =>
  LEAVING_SINKS.has(textOf(finding.args.sink)) ? reads(finding) : 'moderate';

/** A destination in code or resources: data leaves the device there when code connects; cleartext is worse. */
function destination(finding: Finding): Severity {
  const encrypted = flag(finding.args.encrypted);
  const connected = flag(finding.args.connectedInSameMethod) || flag(finding.args.socketInSameMethod);
  if (connected) return encrypted ? 'moderate' : 'major';
  return encrypted ? 'info' : 'minor';
}

/** Trust-all TLS matters as much as the TLS connections it weakens. */
const trustAll = (_finding: Finding, context: SeverityContext): Severity => (context.usesTls ? 'major' : 'moderate');

/** A command run as root (`su`) or reading personal data is a native helper doing what Java code cannot. */
function runsCommand(finding: Finding): Severity {
  const commands = listOf(finding.args.commands).map(textOf);
  if (commands.some((command) => /(^|[\s/;&|])su(\s|$)/.test(command))) return 'critical';
  return finding.category !== undefined ? 'major' : 'moderate';
}

function sdk(finding: Finding, called: boolean): Severity {
  const kind = textOf(finding.args.kind);
  if (SENSITIVE_SDK_KINDS.has(kind)) return called ? 'major' : 'moderate';
  if (TRACKING_SDK_KINDS.has(kind)) return called ? 'moderate' : 'minor';
  return 'minor';
}

/**
 * Labels: a flag put on people is the most severe; a list of sensitive categories (a string array, a
 * file) is a classification of people; a resource string naming one is a hint (often a form's
 * label), three constants of one method naming it a weaker one (a library's "fingerprints").
 */
function labels(finding: Finding): Severity {
  const weak = flag(finding.args.weakTermsOnly);
  if (finding.category !== undefined && FLAGGING_CATEGORIES.has(finding.category)) return weak ? 'major' : 'critical';
  if (!sensitive(finding.category) || weak || finding.code === 'labels.code-cluster') return 'minor';
  return finding.code === 'labels.strings' ? 'moderate' : 'major';
}

/** A form: as severe as the most sensitive category it asks for. */
function form(finding: Finding): Severity {
  const categories = listOf(finding.args.categories).map(textOf);
  if (categories.some((category) => SENSITIVE_CATEGORIES.has(category as DataCategory))) return 'critical';
  return categories.length > 0 ? 'major' : 'minor';
}

/** A parser diagnostic's own level: an error is what a tampered file looks like. */
function diagnostic(finding: Finding): Severity {
  const level = textOf(finding.args.severity);
  return level === 'error' ? 'major' : level === 'warning' ? 'moderate' : 'minor';
}

type Derive = (finding: Finding, context: SeverityContext) => Severity;
const fixed =
  (severity: Severity): Derive =>
  () =>
    severity;

/**
 * Every declared code's severity (src/scan/severity.test.ts requires an entry for each). A code
 * missing here (a report of a newer version) falls back on its topic (`BY_TOPIC`).
 */
const BY_CODE: Readonly<Record<string, Derive>> = {
  'permission-data.unlocks': fixed('minor'),
  'permission-data.sensitive': fixed('minor'),
  'permission-data.implied': fixed('minor'),
  'sensitive-api.reads': reads,
  'sensitive-api.reads-field': reads,
  'sensitive-api.service-subclass': reads,
  'sensitive-api.receives-broadcast': reads,
  'sensitive-api.probes-network-tools': (finding) => (flag(finding.args.probed) ? 'critical' : 'major'),
  'content-uri.string': reads,
  'content-uri.field': reads,
  'file-hashing.hashes-files': fixed('major'),
  'root-check.checks-root': fixed('minor'),
  'root-check.library': fixed('minor'),
  'native-exec.runs-command': runsCommand,
  'network-destination.url': destination,
  'network-destination.cleartext-url': destination,
  'network-destination.ip-address': destination,
  'network-destination.url-template': destination,
  'network-destination.cleartext-url-template': destination,
  'network-destination.more-omitted': fixed('info'),
  'network-destination.socket-host': fixed('moderate'),
  'network-destination.resource-url': fixed('info'),
  'network-destination.resource-cleartext-url': fixed('minor'),
  'network-destination.cleartext-permitted': fixed('minor'),
  'network-destination.cleartext-permitted-everywhere': fixed('moderate'),
  'network-destination.trusts-user-ca': fixed('minor'),
  'flows.data-to-sink': flow,
  'flows.cut-short': fixed('minor'),
  'trust-all-tls.trust-all-manager': trustAll,
  'trust-all-tls.allow-all-hostnames': trustAll,
  'trust-all-tls.apache-hostname-verifier': trustAll,
  'trust-all-tls.webview-ignores-ssl-errors': trustAll,
  'sdk-tracker.called': (finding) => sdk(finding, true),
  'sdk-tracker.present': (finding) => sdk(finding, false),
  'sdk-tracker.host-named': (finding) => sdk(finding, false),
  'packer.protector': fixed('moderate'),
  'packer.code-in-assets': fixed('moderate'),
  'packer.encrypted-payload': fixed('minor'),
  'packer.dynamic-code-loading': fixed('moderate'),
  'packer.renamed-classes': fixed('info'),
  'assets.native-library': fixed('info'),
  'assets.file': (finding) =>
    listOf(finding.args.packagesListed).length > 0 || listOf(finding.args.networkTools).length > 0
      ? 'major'
      : listOf(finding.args.pathsListed).length > 0
        ? 'moderate'
        : 'info',
  'assets.likely-hash-list': fixed('critical'),
  'signing-tampering.signer': fixed('info'),
  'signing-tampering.unsigned': fixed('major'),
  'signing-tampering.verification-failed': fixed('major'),
  'signing-tampering.signer-mismatch': fixed('major'),
  'signing-tampering.public-test-key': fixed('moderate'),
  'signing-tampering.debug-key': fixed('minor'),
  'signing-tampering.stripping-detected': fixed('major'),
  'signing-tampering.duplicate-scheme-block': fixed('major'),
  'signing-tampering.v1-altered-entries': fixed('major'),
  'signing-tampering.orphan-v1-block': fixed('moderate'),
  'signing-tampering.container-anomaly': diagnostic,
  'signing-tampering.android-rejects': fixed('major'),
  'manifest.debuggable': fixed('moderate'),
  'manifest.test-only': fixed('minor'),
  'manifest.allow-backup': fixed('minor'),
  'manifest.cleartext-allowed': fixed('minor'),
  'manifest.shared-user-id': fixed('minor'),
  'manifest.exported-without-permission': (finding) =>
    textOf(finding.args.kind) === 'provider' ? 'moderate' : 'minor',
  'manifest.exported-more-omitted': fixed('info'),
  'manifest.exported-activities': fixed('info'),
  // A grant without a use found is a capability, like the request itself; a use relying on another
  // app's permission (shared user id) is a hidden capability.
  'permission-use.requested-unused': fixed('minor'),
  'permission-use.used-unrequested': (finding) =>
    textOf(finding.args.likely) === 'shared-user-id' ? 'moderate' : 'minor',
  'forms.form': form,
  'forms.field-asks-for': reads,
  'labels.string-array': labels,
  'labels.strings': labels,
  'labels.code-cluster': labels,
  'labels.asset': labels,
  'labels.asset-name': labels,
};

/** Codes of a newer version, or of a rule added after this table: by topic. */
function byTopic(finding: Finding): Severity {
  switch (finding.topic as string) {
    // A data flow (issue 13): data leaves the device; worst in cleartext or for a sensitive category.
    case 'flow':
      return sensitive(finding.category) || endpointOf(finding)?.encrypted === false ? 'critical' : 'major';
    case 'collection':
    case 'form':
      return finding.confidence === 'high' ? reads(finding) : 'minor';
    case 'labels':
      return labels(finding);
    case 'destination':
      return destination(finding);
    case 'tampering':
      return 'major';
    case 'behaviour':
    case 'obfuscation':
    case 'exposure':
      return 'moderate';
    default:
      return 'minor';
  }
}

/** The severity of `finding` in an app whose findings gave `context`. */
export function severityOf(finding: Finding, context: SeverityContext): Severity {
  const derive = Object.hasOwn(BY_CODE, finding.code) ? BY_CODE[finding.code] : undefined;
  return derive !== undefined ? derive(finding, context) : byTopic(finding);
}

/** Code names of the table, for the test that every declared code has its severity. */
export function codesWithSeverity(): readonly string[] {
  return Object.keys(BY_CODE);
}

/**
 * The findings of one app, each with its severity, judged on all of them: the scan sets it once, so
 * a report filtered later (`--min-severity`, `--min-confidence`) keeps the severities of the whole app.
 */
export function withSeverities(findings: readonly Finding[]): Finding[] {
  const context = severityContext(findings);
  return findings.map((finding) => ({ ...finding, severity: severityOf(finding, context) }));
}

/**
 * Severity of every finding of a report: the one the scan set, else derived with the report's
 * findings as the app (a report read from a file written before severities).
 */
export function severities(findings: readonly Finding[]): (finding: Finding) => Severity {
  const context = severityContext(findings);
  const cache = new Map<Finding, Severity>();
  return (finding) => {
    if (finding.severity !== undefined) return finding.severity;
    let severity = cache.get(finding);
    if (severity === undefined) {
      severity = severityOf(finding, context);
      cache.set(finding, severity);
    }
    return severity;
  };
}
