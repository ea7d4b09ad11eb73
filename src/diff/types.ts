/**
 * The semantic diff between two scan reports (docs/diff-schema.md). Pure data: every
 * value comes from the two reports, nothing from the bytes, the clock or the paths.
 */
import type { AppLabel, AppSigner } from '../scan/app-summary.js';
import type { ArgValue, Confidence, Evidence, FindingTopic } from '../findings/types.js';
import type { FindingJson } from '../report/claim.js';
import type { Severity } from '../scan/severity.js';

/** Bump on any incompatible change of the diff JSON; documented in docs/diff-schema.md. */
export const DIFF_SCHEMA_VERSION = 2;

export type Scalar = string | number | boolean;

/** One side of the diff, as the reader needs to name it. */
export interface DiffSide {
  readonly packageName?: string;
  readonly versionName?: string;
  readonly versionCode?: number;
  /** The apkwitness version that produced this side's scan. */
  readonly toolVersion: string;
  readonly apks: ReadonlyArray<{ readonly name: string; readonly sha256: string; readonly size: number }>;
}

/** A value that differs: absent on one side when `old` or `new` is missing (finding arguments may be lists and records). */
export interface ValueChange {
  readonly field: string;
  readonly old?: ArgValue;
  readonly new?: ArgValue;
}

interface AddedRemoved<T> {
  readonly added: T[];
  readonly removed: T[];
}

export interface LabelChange {
  readonly locale: string;
  readonly old: AppLabel;
  readonly new: AppLabel;
}

/**
 * The new version's effective signer carries an APK Signature Scheme v3 proof-of-rotation
 * (lineage) that names the old version's effective certificate: the old key signed over
 * the next one, link by link, so Android installs the update over the old version.
 */
export interface KeyRotation {
  /** The old version's effective certificate SHA-256. */
  readonly from: string;
  /** The new version's effective certificate SHA-256. */
  readonly to: string;
  /** The new effective signer's lineage: certificate SHA-256 from oldest to newest. */
  readonly lineage: string[];
  /** The signer, lineage included, verified: only then is the lineage a proof. */
  readonly verified: boolean;
}

export interface AppDiff {
  /** packageName, versionName, versionCode, minSdk, targetSdk, totalSize and per-APK counts. */
  readonly fields: ValueChange[];
  readonly labels: AddedRemoved<AppLabel> & { readonly changed: LabelChange[] };
  /** Signer certificates (by SHA-256) of the base APK. */
  readonly signers: AddedRemoved<AppSigner>;
  /**
   * True when the certificate Android binds the app to differs without a verified
   * rotation proof linking the two, or a certificate outside that proof was added or
   * removed: an update would not install over the old version, or someone else signs part of it.
   */
  readonly signerChanged: boolean;
  /** Present when the new effective signer's lineage names the old effective certificate (see `verified`). */
  readonly keyRotation?: KeyRotation;
}

/**
 * Evidence items that look alike once offsets are ignored (four `EditText`s of one
 * layout, two calls of one API from one method) are told apart only by number: which
 * one is new is not known, so the diff says how many there were, with one example.
 */
export interface EvidenceCount {
  /** One item of this identity, from the new side. */
  readonly example: Evidence;
  readonly old: number;
  readonly new: number;
}

export interface EvidenceChange {
  /** Evidence whose identity (docs/diff.md) the old finding did not have at all. */
  readonly appeared: Evidence[];
  /** Evidence whose identity the new finding does not have at all. */
  readonly disappeared: Evidence[];
  /** Identities present on both sides, in a different number. */
  readonly counts: EvidenceCount[];
}

/** A finding present on one side only, as the JSON report writes it (with its claim and severity). */
export interface FindingEntry {
  readonly key: string;
  readonly finding: FindingJson & { readonly severity: Severity };
}

/** A finding present on both sides whose facts, confidence or evidence differ. */
export interface FindingChange {
  readonly key: string;
  readonly ruleId: string;
  readonly code: string;
  readonly topic: FindingTopic;
  readonly category?: string;
  readonly oldClaim: string;
  readonly newClaim: string;
  readonly args: ValueChange[];
  readonly confidence?: { readonly old: Confidence; readonly new: Confidence };
  /** Severity on each side (src/scan/severity.ts, judged on each side's whole app); changed when they differ. */
  readonly severity: { readonly old: Severity; readonly new: Severity };
  readonly evidence: EvidenceChange;
}

/** Findings per severity, most severe first (every level present, 0 when none). */
export type SeverityCounts = Readonly<Record<Severity, number>>;

/** Added and removed are ranked as the scan report ranks findings: most severe first, then surest, then by key. */
export interface FindingsDiff extends AddedRemoved<FindingEntry> {
  readonly changed: FindingChange[];
  /** Findings matched on both sides with nothing changed. */
  readonly unchanged: number;
}

export interface PermissionEntry {
  readonly permission: string;
  readonly protectionLevel?: string;
  /** Data categories the permission unlocks (permission-data). */
  readonly categories: string[];
}

export interface PermissionsDiff extends AddedRemoved<PermissionEntry> {
  readonly changed: Array<{
    readonly permission: string;
    readonly old: PermissionEntry;
    readonly new: PermissionEntry;
  }>;
}

/** One text of a form field in one locale: label[zh-rCN], hint[], choices[ru]… */
export interface FieldText {
  readonly name: string;
  readonly text: string;
  readonly gloss?: string;
}

export interface FieldView {
  readonly field: string;
  readonly kind?: string;
  readonly widget?: string;
  readonly inputType?: string;
  /** What a reader sees first (default locale, with gloss), as the forms rule quotes it. */
  readonly shows?: string;
  readonly categories: string[];
  /** Every text of the field in every locale, when a data category made the rule list them. */
  readonly texts: FieldText[];
}

export interface FormView {
  readonly layout: string;
  readonly entry?: string;
  readonly screen?: string;
  readonly fields: FieldView[];
}

export interface FieldChange {
  readonly layout: string;
  readonly field: string;
  readonly change: 'added' | 'removed' | 'relabelled' | 'changed';
  readonly old?: FieldView;
  readonly new?: FieldView;
}

export interface FormsDiff extends AddedRemoved<FormView> {
  readonly fields: FieldChange[];
}

export interface LabelItem {
  readonly text: string;
  readonly where: string;
  readonly gloss?: string;
}

export interface LabelGroup {
  readonly code: string;
  readonly source: string;
  readonly category: string;
  readonly items: LabelItem[];
}

export interface LabelsDiff extends AddedRemoved<LabelGroup> {
  readonly changed: Array<{
    readonly code: string;
    readonly source: string;
    readonly category: string;
    readonly itemsAdded: LabelItem[];
    readonly itemsRemoved: LabelItem[];
  }>;
}

export interface Endpoint {
  readonly code: string;
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly encrypted?: boolean;
}

export interface EndpointsDiff extends AddedRemoved<Endpoint> {
  readonly hosts: AddedRemoved<string>;
}

export interface SdkEntry {
  readonly sdk: string;
  readonly code: string;
  readonly kind?: string;
  /** Data categories the SDK collects (our signature list). */
  readonly collects: readonly string[];
}

export interface SdksDiff extends AddedRemoved<SdkEntry> {
  readonly changed: Array<{ readonly sdk: string; readonly old: SdkEntry; readonly new: SdkEntry }>;
}

export interface AssetEntry {
  readonly entry: string;
  readonly code: string;
  readonly type?: string;
  readonly size?: number;
  readonly sha256?: string;
}

export interface AssetsDiff extends AddedRemoved<AssetEntry> {
  readonly changed: Array<{ readonly entry: string; readonly old: AssetEntry; readonly new: AssetEntry }>;
}

interface DiffSummary {
  readonly unchanged: boolean;
  readonly signerChanged: boolean;
  /** The effective signing key changed with a verified proof-of-rotation (app.keyRotation). */
  readonly keyRotated: boolean;
  readonly versionChanged: boolean;
  readonly findingsAdded: number;
  readonly findingsRemoved: number;
  readonly findingsChanged: number;
  /** The added findings by severity. */
  readonly addedBySeverity: SeverityCounts;
  /** The removed findings by severity. */
  readonly removedBySeverity: SeverityCounts;
  readonly categoriesAppeared: string[];
  readonly categoriesDisappeared: string[];
}

export interface ReportDiff {
  readonly schemaVersion: typeof DIFF_SCHEMA_VERSION;
  readonly old: DiffSide;
  readonly new: DiffSide;
  readonly summary: DiffSummary;
  readonly app: AppDiff;
  readonly permissions: PermissionsDiff;
  readonly categories: { readonly appeared: string[]; readonly disappeared: string[] };
  readonly forms: FormsDiff;
  readonly labels: LabelsDiff;
  readonly endpoints: EndpointsDiff;
  readonly sdks: SdksDiff;
  readonly assets: AssetsDiff;
  readonly findings: FindingsDiff;
  /** Rule failures on each side (a failure can hide findings: a "removed" finding may be one). */
  readonly ruleFailures: { readonly old: string[]; readonly new: string[] };
}
