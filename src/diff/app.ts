/**
 * The app at a glance, compared: package, versions, SDK levels, sizes, the APKs
 * of the app (matched by split name, since file names change between versions),
 * labels per locale and signer certificates.
 */
import type { AppSigner, AppSummary } from '../scan/app-summary.js';
import type { ScanReport, ScannedApk } from '../scan/scan.js';
import { compareText, sortedBy } from './keys.js';
import type { AppDiff, KeyRotation, LabelChange, Scalar, ValueChange } from './types.js';

const SUMMARY_FIELDS = [
  'packageName',
  'versionName',
  'versionCode',
  'minSdk',
  'targetSdk',
  'totalSize',
] as const satisfies ReadonlyArray<keyof AppSummary>;
const APK_FIELDS = ['packageName', 'size', 'dexFiles', 'assets', 'xmlResources'] as const satisfies ReadonlyArray<
  keyof ScannedApk
>;

function change(field: string, before: Scalar | undefined, after: Scalar | undefined): ValueChange[] {
  if (before === after) return [];
  return [{ field, ...(before !== undefined ? { old: before } : {}), ...(after !== undefined ? { new: after } : {}) }];
}

/** `base` for the base APK, else the split's name. */
function apkRole(apk: ScannedApk): string {
  return apk.splitName ?? 'base';
}

function apkChanges(oldApks: readonly ScannedApk[], newApks: readonly ScannedApk[]): ValueChange[] {
  const roles = [...new Set([...oldApks.map(apkRole), ...newApks.map(apkRole)])].sort(compareText);
  const changes: ValueChange[] = [];
  for (const role of roles) {
    const before = oldApks.find((apk) => apkRole(apk) === role);
    const after = newApks.find((apk) => apkRole(apk) === role);
    if (!before || !after) {
      changes.push(...change(`apks[${role}]`, before?.name, after?.name));
      continue;
    }
    for (const field of APK_FIELDS) changes.push(...change(`apks[${role}].${field}`, before[field], after[field]));
  }
  return changes;
}

function signerKey(signer: AppSigner): string {
  return signer.certificateSha256;
}

function effectiveSigner(summary: AppSummary): AppSigner | undefined {
  return summary.signers.find((signer) => signer.effective) ?? summary.signers[0];
}

/**
 * The rotation from the old effective certificate to the new one, when the new effective
 * signer's v3 lineage (oldest to newest) names the old certificate before its own last
 * entry, which is the new certificate itself. The lineage is a proof only when the signer
 * verified: the scan checks each link's signature (src/formats/apksig/lineage.ts) and a
 * broken link makes the signer unverified. A lineage copied from another app, edited, or
 * never signed by the old key therefore gives `verified: false`.
 */
function keyRotation(before: AppSigner | undefined, after: AppSigner | undefined): KeyRotation | undefined {
  if (!before || !after || before.certificateSha256 === after.certificateSha256) return undefined;
  const lineage = after.lineage ?? [];
  const position = lineage.indexOf(before.certificateSha256);
  if (position < 0 || position === lineage.length - 1) return undefined;
  const endsWithSigner = lineage[lineage.length - 1] === after.certificateSha256;
  return {
    from: before.certificateSha256,
    to: after.certificateSha256,
    lineage: [...lineage],
    verified: after.verified && endsWithSigner,
  };
}

export function diffApp(oldReport: ScanReport, newReport: ScanReport): AppDiff {
  const before = oldReport.app;
  const after = newReport.app;
  const fields = [
    ...SUMMARY_FIELDS.flatMap((field) => change(field, before[field], after[field])),
    ...apkChanges(oldReport.apks, newReport.apks),
  ];
  const oldLabels = new Map(before.labels.map((label) => [label.locale, label]));
  const newLabels = new Map(after.labels.map((label) => [label.locale, label]));
  const changedLabels: LabelChange[] = [];
  for (const [locale, label] of newLabels) {
    const previous = oldLabels.get(locale);
    if (previous && previous.text !== label.text) changedLabels.push({ locale, old: previous, new: label });
  }
  const oldSigners = new Set(before.signers.map(signerKey));
  const newSigners = new Set(after.signers.map(signerKey));
  const addedSigners = after.signers.filter((signer) => !oldSigners.has(signerKey(signer)));
  const removedSigners = before.signers.filter((signer) => !newSigners.has(signerKey(signer)));
  const oldEffective = effectiveSigner(before);
  const newEffective = effectiveSigner(after);
  const rotation = keyRotation(oldEffective, newEffective);
  // Certificates a verified rotation accounts for: adding or dropping them is part of the rotation.
  const rotated = new Set(rotation?.verified ? rotation.lineage : []);
  const unexplained = [...addedSigners, ...removedSigners].some((signer) => !rotated.has(signerKey(signer)));
  const effectiveChanged = oldEffective?.certificateSha256 !== newEffective?.certificateSha256;
  return {
    fields,
    labels: {
      added: sortedBy(
        after.labels.filter((label) => !oldLabels.has(label.locale)),
        (label) => label.locale,
      ),
      removed: sortedBy(
        before.labels.filter((label) => !newLabels.has(label.locale)),
        (label) => label.locale,
      ),
      changed: sortedBy(changedLabels, (label) => label.locale),
    },
    signers: { added: sortedBy(addedSigners, signerKey), removed: sortedBy(removedSigners, signerKey) },
    signerChanged: (effectiveChanged && rotation?.verified !== true) || unexplained,
    ...(rotation ? { keyRotation: rotation } : {}),
  };
}
