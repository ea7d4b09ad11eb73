/**
 * The app at a glance, for the head of every report: package, versions, SDK levels,
 * the app's name in every locale (with an English gloss), signers and sizes.
 * Built from the models only; deterministic (no paths, no times) so that the same
 * APK always gives the same report bytes.
 */
import type { AppModel } from '../model/app-model.js';
import type { SchemeName } from '../model/signing/index.js';
import { Glosser } from '../text/annotate.js';

export interface AppLabel {
  /** Locale qualifier as in resources.arsc (`zh-rCN`); '' is the default configuration. */
  readonly locale: string;
  readonly text: string;
  /** Word-by-word English gloss (CC-CEDICT) when the label is not in Latin script. */
  readonly gloss?: string;
}

export interface AppSigner {
  readonly certificateSha256: string;
  readonly subject?: string;
  readonly issuer?: string;
  readonly serialNumber?: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
  readonly signatureAlgorithm?: string;
  readonly publicKey?: string;
  /** Schemes whose signer uses this certificate, e.g. ['v1', 'v2']. */
  readonly schemes: readonly SchemeName[];
  /** Every scheme naming this certificate verified. */
  readonly verified: boolean;
  /** The certificate Android binds the app to on a current device. */
  readonly effective: boolean;
  /** A public test or platform key: signatures with it say nothing about the author. */
  readonly wellKnownKey?: string;
  /** v3 proof-of-rotation naming this certificate: certificate SHA-256 from oldest to newest. */
  readonly lineage?: readonly string[];
}

export interface AppSummary {
  readonly packageName?: string;
  readonly versionName?: string;
  readonly versionCode?: number;
  readonly minSdk?: number;
  readonly targetSdk?: number;
  readonly labels: readonly AppLabel[];
  /** Signers of the base APK (splits must carry the same; a difference is a signing finding). */
  readonly signers: readonly AppSigner[];
  /** Sum of the sizes of every APK scanned. */
  readonly totalSize: number;
}

function baseModel(models: readonly AppModel[]): AppModel | undefined {
  return models.find((model) => model.apk.splitName === undefined && model.manifest?.split === undefined) ?? models[0];
}

function labelsOf(model: AppModel | undefined, glosser: Glosser): AppLabel[] {
  const label = model?.manifest?.label;
  if (!label) return [];
  const byLocale = { ...label.byLocale };
  if (label.value !== undefined && byLocale[''] === undefined) byLocale[''] = label.value;
  return Object.keys(byLocale)
    .sort()
    .map((locale) => {
      const text = byLocale[locale] as string;
      const gloss = glosser.englishGloss(text);
      return gloss === undefined ? { locale, text } : { locale, text, gloss };
    });
}

function signersOf(model: AppModel | undefined): AppSigner[] {
  if (!model) return [];
  const signing = model.signing;
  const schemesOf = new Map<string, { schemes: SchemeName[]; verified: boolean; lineage?: readonly string[] }>();
  for (const scheme of signing.schemes) {
    for (const signer of scheme.signers) {
      const certificate = signer.certificateSha256[0];
      if (certificate === undefined) continue;
      const entry = schemesOf.get(certificate) ?? { schemes: [], verified: true };
      if (!entry.schemes.includes(scheme.scheme)) entry.schemes.push(scheme.scheme);
      entry.verified &&= signer.verified;
      if (signer.lineageSha256 && signer.lineageSha256.length > 1) entry.lineage = signer.lineageSha256;
      schemesOf.set(certificate, entry);
    }
  }
  return [...schemesOf.keys()].sort().map((sha256) => {
    const certificate = signing.certificates.find((candidate) => candidate.sha256 === sha256);
    const usage = schemesOf.get(sha256)!;
    const key = certificate?.publicKey;
    return {
      certificateSha256: sha256,
      subject: certificate?.subject?.text,
      issuer: certificate?.issuer?.text,
      serialNumber: certificate?.serialNumber,
      notBefore: certificate?.notBefore,
      notAfter: certificate?.notAfter,
      signatureAlgorithm: certificate?.signatureAlgorithm,
      publicKey: key
        ? `${key.algorithm}${key.sizeBits ? ` ${key.sizeBits}` : ''}${key.curve ? ` ${key.curve}` : ''}`
        : undefined,
      schemes: usage.schemes,
      verified: usage.verified,
      effective: signing.effectiveSigner === sha256,
      wellKnownKey: certificate?.wellKnownKey?.name,
      lineage: usage.lineage,
    };
  });
}

/** `glosser`: the scan's (scanModels hands it the one its rules used). */
export function summariseApp(models: readonly AppModel[], glosser: Glosser = new Glosser()): AppSummary {
  const base = baseModel(models);
  const manifest = base?.manifest;
  return {
    packageName: manifest?.packageName,
    versionName: manifest?.versionName,
    versionCode: manifest?.versionCode,
    minSdk: manifest?.minSdk,
    targetSdk: manifest?.targetSdk,
    labels: labelsOf(base, glosser),
    signers: signersOf(base),
    totalSize: models.reduce((sum, model) => sum + model.apk.size, 0),
  };
}
