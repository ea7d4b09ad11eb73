/**
 * The diff as sections of rows, shared by the text, Markdown and HTML renderers so
 * that they say the same things in the same order. Every string here is plain,
 * UNTRUSTED text (app labels, URLs, class names): each renderer escapes it its own
 * way (safeText, Markdown escaping, escapeHtml). JSON stays the source of truth.
 */
import type { AppSigner } from '../scan/app-summary.js';
import type { Confidence, Evidence, Finding } from '../findings/types.js';
import { FINDING_TOPICS } from '../scan/run.js';
import type { FieldView, FindingChange, KeyRotation, ReportDiff, SeverityCounts } from '../diff/types.js';
import { SEVERITIES, severityRank, type Severity } from '../scan/severity.js';
import type { ArgValue } from '../findings/types.js';
import { byteSpan } from './verify.js';

/** Most severe first. */
const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

type RowChange = 'added' | 'removed' | 'changed' | 'note';

export interface DiffRow {
  readonly change: RowChange;
  /** What the row is about: a permission, a field, a URL… */
  readonly subject: string;
  /** The old side's value or description (removed and changed rows). */
  readonly old?: string;
  /** The new side's value or description (added and changed rows). */
  readonly new?: string;
  /** Further lines: texts per locale, evidence. */
  readonly details: readonly string[];
}

export interface DiffSection {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly DiffRow[];
}

/** Evidence lines per finding in the rendered diff (the JSON has them all). */
const DIFF_EVIDENCE_LIMIT = 3;
/** Characters of one argument value in a rendered change (JSON lists can be long; the JSON has them whole). */
const ARGUMENT_DISPLAY_LENGTH = 160;

function clip(text: string, length = ARGUMENT_DISPLAY_LENGTH): string {
  return text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text;
}

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

function describeEvidence(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'code':
      return `${evidence.entry} ${evidence.className}.${evidence.method} |${evidence.codeOffset.toString(16).padStart(4, '0')} @${hex(evidence.fileOffset)} → ${clip(evidence.target)}`;
    case 'xml':
      return `${evidence.entry} line ${evidence.line} <${evidence.element}${evidence.attribute ? ` ${evidence.attribute}` : ''}> @${hex(evidence.offset)}`;
    case 'resource':
      return `${evidence.entry} ${hex(evidence.resourceId)} ${evidence.name}${evidence.locale ? ` [${evidence.locale}]` : ''}${evidence.value !== undefined ? ` = ${clip(evidence.value)}` : ''}`;
    case 'bytes':
      return `${evidence.entry} ${byteSpan(evidence.start, evidence.end)}${evidence.description ? ` (${clip(evidence.description)})` : ''}`;
  }
}

/** What an evidence item points at, without offsets: how the diff identifies it (docs/diff.md). */
function describeEvidenceIdentity(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'code':
      return `${evidence.entry} ${evidence.className}.${evidence.method} → ${clip(evidence.target)}`;
    case 'xml':
      return `${evidence.entry} <${evidence.element}${evidence.attribute ? ` ${evidence.attribute}` : ''}>`;
    case 'resource':
      return `${evidence.entry} ${evidence.name}${evidence.locale ? ` [${evidence.locale}]` : ''}${evidence.value !== undefined ? ` = ${clip(evidence.value)}` : ''}`;
    case 'bytes':
      return `${evidence.entry} bytes${evidence.description ? ` (${clip(evidence.description)})` : ''}`;
  }
}

function evidenceLines(evidence: readonly Evidence[], prefix = ''): string[] {
  const lines = evidence.slice(0, DIFF_EVIDENCE_LIMIT).map((item) => `${prefix}${describeEvidence(item)}`);
  if (evidence.length > DIFF_EVIDENCE_LIMIT)
    lines.push(`${prefix}… ${evidence.length - DIFF_EVIDENCE_LIMIT} more (see the JSON)`);
  return lines;
}

function scalar(value: ArgValue | undefined): string {
  return value === undefined ? '(none)' : clip(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

function signerText(signer: AppSigner): string {
  return `${signer.subject ?? '(no subject)'} — certificate SHA-256 ${signer.certificateSha256}${signer.wellKnownKey ? ` (public key: ${signer.wellKnownKey})` : ''}`;
}

/** The words every renderer uses for a proven rotation (docs/diff.md). */
export const KEY_ROTATED_TEXT = 'signing key rotated (proof-of-rotation in the v3 block)';

/**
 * The signing headlines shown before everything else: an alarm for a signer change
 * without proof, a calm notice for a verified key rotation. Both can hold at once (a
 * rotation plus an unrelated certificate added).
 */
export function signerHeadlines(diff: ReportDiff): { readonly alarm?: string; readonly notice?: string } {
  const rotation = diff.app.keyRotation;
  return {
    ...(diff.summary.signerChanged
      ? {
          alarm: `The signer changed: the new version is signed by a different key${rotation && !rotation.verified ? ', and the rotation lineage naming the old key does not verify' : ''}. Without a verified v3 proof-of-rotation Android will not install it over the old one, and it may come from someone else.`,
        }
      : {}),
    ...(diff.summary.keyRotated
      ? {
          notice: `The ${KEY_ROTATED_TEXT}: the old key signed over the new one, so Android installs this version over the old one. Whoever held the old key made the new one its successor.`,
        }
      : {}),
  };
}

function rotationRow(rotation: KeyRotation): DiffRow {
  return {
    change: 'changed',
    subject: rotation.verified ? KEY_ROTATED_TEXT : 'UNVERIFIED rotation lineage (not a proof)',
    old: `certificate SHA-256 ${rotation.from}`,
    new: `certificate SHA-256 ${rotation.to}`,
    details: [
      `lineage, oldest to newest: ${rotation.lineage.join(' → ')}`,
      rotation.verified
        ? 'Each certificate of the lineage signed over the next; the signer and its lineage verified.'
        : 'The new signer or a link of its lineage does not verify: anyone can write a lineage naming a key they do not hold.',
    ],
  };
}

function appSection(diff: ReportDiff): DiffSection {
  const rows: DiffRow[] = [];
  if (diff.app.signerChanged) {
    rows.push({
      change: 'changed',
      subject: 'SIGNER CHANGED',
      details: [
        'A different key signs the new version, and no verified v3 proof-of-rotation links it to the old key: Android will not install it over the old one, and it may come from someone else.',
      ],
      old: diff.app.signers.removed.map(signerText).join('; ') || '(same certificates)',
      new: diff.app.signers.added.map(signerText).join('; ') || '(same certificates)',
    });
  }
  if (diff.app.keyRotation) rows.push(rotationRow(diff.app.keyRotation));
  if (diff.app.keyRotation?.verified && !diff.app.signerChanged) {
    for (const signer of diff.app.signers.added)
      rows.push({ change: 'added', subject: 'signer certificate', new: signerText(signer), details: [] });
    for (const signer of diff.app.signers.removed)
      rows.push({ change: 'removed', subject: 'signer certificate', old: signerText(signer), details: [] });
  }
  for (const field of diff.app.fields)
    rows.push({
      change: field.old === undefined ? 'added' : field.new === undefined ? 'removed' : 'changed',
      subject: field.field,
      old: scalar(field.old),
      new: scalar(field.new),
      details: [],
    });
  const labelText = (label: { locale: string; text: string; gloss?: string }): string =>
    `${label.text}${label.gloss ? ` (${label.gloss})` : ''}`;
  for (const label of diff.app.labels.added)
    rows.push({
      change: 'added',
      subject: `app name [${label.locale || 'default'}]`,
      new: labelText(label),
      details: [],
    });
  for (const label of diff.app.labels.removed)
    rows.push({
      change: 'removed',
      subject: `app name [${label.locale || 'default'}]`,
      old: labelText(label),
      details: [],
    });
  for (const label of diff.app.labels.changed)
    rows.push({
      change: 'changed',
      subject: `app name [${label.locale || 'default'}]`,
      old: labelText(label.old),
      new: labelText(label.new),
      details: [],
    });
  return { id: 'app', title: 'The app', rows };
}

function permissionsSection(diff: ReportDiff): DiffSection {
  const describe = (entry: { protectionLevel?: string; categories: string[] }): string =>
    `${entry.protectionLevel ?? 'unknown protection level'}${entry.categories.length > 0 ? `; unlocks ${entry.categories.join(', ')}` : ''}`;
  return {
    id: 'permissions',
    title: 'Permissions',
    rows: [
      ...diff.permissions.added.map((entry): DiffRow => ({
        change: 'added',
        subject: entry.permission,
        new: describe(entry),
        details: [],
      })),
      ...diff.permissions.removed.map((entry): DiffRow => ({
        change: 'removed',
        subject: entry.permission,
        old: describe(entry),
        details: [],
      })),
      ...diff.permissions.changed.map((entry): DiffRow => ({
        change: 'changed',
        subject: entry.permission,
        old: describe(entry.old),
        new: describe(entry.new),
        details: [],
      })),
    ],
  };
}

/** The topics (collection, form, labels…) of the one-sided findings in a category: collected, asked for, or only named. */
function topicsOf(entries: ReadonlyArray<{ readonly finding: Finding }>, category: string): string {
  return [
    ...new Set(entries.filter((entry) => entry.finding.category === category).map((entry) => entry.finding.topic)),
  ].join(', ');
}

function categoriesSection(diff: ReportDiff): DiffSection {
  return {
    id: 'categories',
    title: 'Data categories',
    rows: [
      ...diff.categories.appeared.map((category): DiffRow => ({
        change: 'added',
        subject: category,
        new: `new in ${topicsOf(diff.findings.added, category)} findings`,
        details: [],
      })),
      ...diff.categories.disappeared.map((category): DiffRow => ({
        change: 'removed',
        subject: category,
        old: `no longer in any finding (was in ${topicsOf(diff.findings.removed, category)})`,
        details: [],
      })),
    ],
  };
}

function fieldText(field: FieldView): string {
  return `${field.kind ?? 'field'}${field.widget ? ` ${field.widget}` : ''} ${field.shows ?? ''}${field.categories.length > 0 ? ` — asks for ${field.categories.join(', ')}` : ''}`.trim();
}

function fieldDetails(field: FieldView | undefined): string[] {
  return (field?.texts ?? []).map((text) => `${text.name}: ${text.text}${text.gloss ? `  (${text.gloss})` : ''}`);
}

function formsSection(diff: ReportDiff): DiffSection {
  const rows: DiffRow[] = [];
  for (const form of diff.forms.added)
    rows.push({
      change: 'added',
      subject: `form ${form.layout}`,
      new: `${form.fields.length} field(s)${form.screen ? `, shown by ${form.screen}` : ''}`,
      details: form.fields.map((field) => `${field.field}: ${fieldText(field)}`),
    });
  for (const form of diff.forms.removed)
    rows.push({
      change: 'removed',
      subject: `form ${form.layout}`,
      old: `${form.fields.length} field(s)${form.screen ? `, shown by ${form.screen}` : ''}`,
      details: form.fields.map((field) => `${field.field}: ${fieldText(field)}`),
    });
  for (const change of diff.forms.fields) {
    const subject = `${change.layout}: ${change.change === 'relabelled' ? 'relabelled ' : ''}field ${change.field}`;
    const row: DiffRow = {
      change: change.change === 'relabelled' ? 'changed' : change.change,
      subject,
      ...(change.old ? { old: fieldText(change.old) } : {}),
      ...(change.new ? { new: fieldText(change.new) } : {}),
      details: fieldDetails(change.new ?? change.old),
    };
    rows.push(row);
  }
  return { id: 'forms', title: 'Forms and fields', rows };
}

function labelsSection(diff: ReportDiff): DiffSection {
  const item = (entry: { text: string; where: string; gloss?: string }): string =>
    `${entry.where ? `[${entry.where}] ` : ''}${entry.text}${entry.gloss ? `  (${entry.gloss})` : ''}`;
  return {
    id: 'labels',
    title: 'Labels of people and behaviours',
    rows: [
      ...diff.labels.added.map((group): DiffRow => ({
        change: 'added',
        subject: `${group.category} in ${group.source}`,
        new: `${group.items.length} item(s)`,
        details: group.items.map(item),
      })),
      ...diff.labels.removed.map((group): DiffRow => ({
        change: 'removed',
        subject: `${group.category} in ${group.source}`,
        old: `${group.items.length} item(s)`,
        details: group.items.map(item),
      })),
      ...diff.labels.changed.map((group): DiffRow => ({
        change: 'changed',
        subject: `${group.category} in ${group.source}`,
        new: `${group.itemsAdded.length} item(s) added, ${group.itemsRemoved.length} removed`,
        details: [
          ...group.itemsAdded.map((entry) => `+ ${item(entry)}`),
          ...group.itemsRemoved.map((entry) => `- ${item(entry)}`),
        ],
      })),
    ],
  };
}

function endpointsSection(diff: ReportDiff): DiffSection {
  const describe = (endpoint: {
    url?: string;
    host?: string;
    port?: number;
    encrypted?: boolean;
    code: string;
  }): string =>
    `${endpoint.encrypted === false ? 'cleartext, ' : endpoint.encrypted ? 'encrypted, ' : ''}${endpoint.code}`;
  const subject = (endpoint: { url?: string; host?: string; port?: number }): string =>
    endpoint.url ?? `${endpoint.host ?? ''}${endpoint.port !== undefined ? `:${endpoint.port}` : ''}`;
  return {
    id: 'endpoints',
    title: 'Where data goes',
    rows: [
      ...diff.endpoints.added.map((endpoint): DiffRow => ({
        change: 'added',
        subject: subject(endpoint),
        new: describe(endpoint),
        details: [],
      })),
      ...diff.endpoints.removed.map((endpoint): DiffRow => ({
        change: 'removed',
        subject: subject(endpoint),
        old: describe(endpoint),
        details: [],
      })),
      ...diff.endpoints.hosts.added.map((host): DiffRow => ({
        change: 'added',
        subject: `host ${host}`,
        new: 'new host',
        details: [],
      })),
      ...diff.endpoints.hosts.removed.map((host): DiffRow => ({
        change: 'removed',
        subject: `host ${host}`,
        old: 'no longer named',
        details: [],
      })),
    ],
  };
}

function sdksSection(diff: ReportDiff): DiffSection {
  const describe = (sdk: { code: string; kind?: string; collects: readonly string[] }): string =>
    `${sdk.code}${sdk.kind ? `, ${sdk.kind}` : ''}${sdk.collects.length > 0 ? `, collects ${sdk.collects.join(',')}` : ''}`;
  return {
    id: 'sdks',
    title: 'SDKs and trackers',
    rows: [
      ...diff.sdks.added.map((sdk): DiffRow => ({
        change: 'added',
        subject: sdk.sdk,
        new: describe(sdk),
        details: [],
      })),
      ...diff.sdks.removed.map((sdk): DiffRow => ({
        change: 'removed',
        subject: sdk.sdk,
        old: describe(sdk),
        details: [],
      })),
      ...diff.sdks.changed.map((sdk): DiffRow => ({
        change: 'changed',
        subject: sdk.sdk,
        old: describe(sdk.old),
        new: describe(sdk.new),
        details: [],
      })),
    ],
  };
}

function assetsSection(diff: ReportDiff): DiffSection {
  const describe = (asset: { code: string; type?: string; size?: number; sha256?: string }): string =>
    [
      asset.code,
      asset.type,
      asset.size !== undefined ? `${asset.size} bytes` : undefined,
      asset.sha256 ? `sha256 ${asset.sha256}` : undefined,
    ]
      .filter((part) => part !== undefined)
      .join(', ');
  return {
    id: 'assets',
    title: 'Assets',
    rows: [
      ...diff.assets.added.map((asset): DiffRow => ({
        change: 'added',
        subject: asset.entry,
        new: describe(asset),
        details: [],
      })),
      ...diff.assets.removed.map((asset): DiffRow => ({
        change: 'removed',
        subject: asset.entry,
        old: describe(asset),
        details: [],
      })),
      ...diff.assets.changed.map((asset): DiffRow => ({
        change: 'changed',
        subject: asset.entry,
        old: describe(asset.old),
        new: describe(asset.new),
        details: [],
      })),
    ],
  };
}

function findingSubject(finding: {
  readonly category?: string;
  readonly code: string;
  readonly ruleId: string;
}): string {
  return `${finding.category ? `${finding.category} · ` : ''}${finding.code} (${finding.ruleId})`;
}

/** Arguments that hold lists of records (forms `fields`, labels `items`): summarised, their items are diffed in their own sections. */
function isRecordList(value: ArgValue | undefined): boolean {
  return Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null);
}

/** Severity and confidence in words, as the scan report writes them: `[major, high confidence]`. */
function rank(severity: Severity, confidence: Confidence): string {
  return `[${severity}, ${confidence} confidence]`;
}

function changedFindingRow(change: FindingChange): DiffRow {
  const details = [
    ...(change.severity.old !== change.severity.new
      ? [`severity: ${change.severity.old} → ${change.severity.new}`]
      : []),
    ...(change.confidence ? [`confidence: ${change.confidence.old} → ${change.confidence.new}`] : []),
    ...change.args.map((argument) =>
      isRecordList(argument.old) || isRecordList(argument.new)
        ? `${argument.field}: list changed (the sections above and the JSON have the items)`
        : `${argument.field}: ${scalar(argument.old)} → ${scalar(argument.new)}`,
    ),
    ...evidenceLines(change.evidence.appeared, 'evidence + '),
    ...evidenceLines(change.evidence.disappeared, 'evidence - '),
    ...change.evidence.counts.map(
      (count) => `evidence ${count.old} → ${count.new} × ${describeEvidenceIdentity(count.example)}`,
    ),
  ];
  return {
    change: 'changed',
    subject: findingSubject(change),
    old: `[${change.severity.old}] ${change.oldClaim}`,
    new: `[${change.severity.new}] ${change.newClaim}`,
    details,
  };
}

/** Severity from which an added or removed finding is a headline of the diff (as of the scan report: docs/reports.md). */
const HEADLINE_MINIMUM: Severity = 'moderate';
/** Headlines listed; the topic sections below have every finding. */
const HEADLINE_LIMIT = 15;

/**
 * The added and removed findings a reader must see first, most severe first (the JSON's order:
 * src/diff/findings.ts), and the findings whose severity changed; the topic sections hold their evidence.
 */
function headlinesSection(diff: ReportDiff): DiffSection {
  const atLeast = (severity: Severity) => severityRank(severity) >= severityRank(HEADLINE_MINIMUM);
  const rows = [
    ...diff.findings.added
      .filter((entry) => atLeast(entry.finding.severity))
      .map((entry): DiffRow => ({
        change: 'added',
        subject: findingSubject(entry.finding),
        new: `${rank(entry.finding.severity, entry.finding.confidence)} ${entry.finding.claim}`,
        details: [],
      })),
    ...diff.findings.removed
      .filter((entry) => atLeast(entry.finding.severity))
      .map((entry): DiffRow => ({
        change: 'removed',
        subject: findingSubject(entry.finding),
        old: `${rank(entry.finding.severity, entry.finding.confidence)} ${entry.finding.claim}`,
        details: [],
      })),
    ...diff.findings.changed
      .filter((change) => change.severity.old !== change.severity.new)
      .map((change): DiffRow => ({
        change: 'changed',
        subject: findingSubject(change),
        old: `[${change.severity.old}] ${change.oldClaim}`,
        new: `[${change.severity.new}] ${change.newClaim}`,
        details: [],
      })),
  ];
  const omitted = rows.length - HEADLINE_LIMIT;
  return {
    id: 'findings-headlines',
    title: `Findings by severity: added and removed at ${HEADLINE_MINIMUM} or above, and severity changes`,
    rows:
      omitted > 0
        ? [
            ...rows.slice(0, HEADLINE_LIMIT),
            { change: 'note', subject: `${omitted} more`, new: 'in the sections below', details: [] },
          ]
        : rows,
  };
}

/** Every finding change, grouped by topic in vocabulary order; added and removed most severe first (src/diff/findings.ts). */
function findingsSections(diff: ReportDiff): DiffSection[] {
  return FINDING_TOPICS.map((topic) => ({
    id: `findings-${topic}`,
    title: `Findings: ${topic}`,
    rows: [
      ...diff.findings.added
        .filter((entry) => entry.finding.topic === topic)
        .map((entry): DiffRow => ({
          change: 'added',
          subject: findingSubject(entry.finding),
          new: `${rank(entry.finding.severity, entry.finding.confidence)} ${entry.finding.claim}`,
          details: evidenceLines(entry.finding.evidence),
        })),
      ...diff.findings.removed
        .filter((entry) => entry.finding.topic === topic)
        .map((entry): DiffRow => ({
          change: 'removed',
          subject: findingSubject(entry.finding),
          old: `${rank(entry.finding.severity, entry.finding.confidence)} ${entry.finding.claim}`,
          details: evidenceLines(entry.finding.evidence),
        })),
      ...diff.findings.changed.filter((change) => change.topic === topic).map(changedFindingRow),
    ],
  })).filter((section) => section.rows.length > 0);
}

function failuresSection(diff: ReportDiff): DiffSection {
  return {
    id: 'rule-failures',
    title: 'Rule failures (findings may be missing on that side)',
    rows: [
      ...diff.ruleFailures.old.map((failure): DiffRow => ({
        change: 'note',
        subject: 'old',
        old: failure,
        details: [],
      })),
      ...diff.ruleFailures.new.map((failure): DiffRow => ({
        change: 'note',
        subject: 'new',
        new: failure,
        details: [],
      })),
    ],
  };
}

/** The sections with something to say, in reading order. */
export function diffSections(diff: ReportDiff): DiffSection[] {
  return [
    appSection(diff),
    headlinesSection(diff),
    permissionsSection(diff),
    categoriesSection(diff),
    formsSection(diff),
    labelsSection(diff),
    endpointsSection(diff),
    sdksSection(diff),
    assetsSection(diff),
    ...findingsSections(diff),
    failuresSection(diff),
  ].filter((section) => section.rows.length > 0);
}

export function sideTitle(side: ReportDiff['old']): string {
  return `${side.packageName ?? '(no package)'} ${side.versionName ?? '?'} (${side.versionCode ?? '?'})`;
}

/** ` (1 critical, 2 minor)`: the levels present, most severe first; '' when none (or a diff saved before severities). */
function bySeverityText(counts: SeverityCounts | undefined): string {
  const present = SEVERITY_ORDER.filter((severity) => (counts?.[severity] ?? 0) > 0);
  return present.length === 0
    ? ''
    : ` (${present.map((severity) => `${counts?.[severity] ?? 0} ${severity}`).join(', ')})`;
}

export function summaryLine(diff: ReportDiff): string {
  const summary = diff.summary;
  if (summary.unchanged) return 'No changes.';
  return (
    `${summary.findingsAdded} finding(s) added${bySeverityText(summary.addedBySeverity)}, ${summary.findingsRemoved} removed${bySeverityText(summary.removedBySeverity)}, ${summary.findingsChanged} changed` +
    (summary.categoriesAppeared.length > 0 ? `; new data categories: ${summary.categoriesAppeared.join(', ')}` : '') +
    (summary.categoriesDisappeared.length > 0 ? `; categories gone: ${summary.categoriesDisappeared.join(', ')}` : '') +
    (summary.signerChanged ? '; THE SIGNER CHANGED' : '') +
    (summary.keyRotated ? `; ${KEY_ROTATED_TEXT}` : '')
  );
}
