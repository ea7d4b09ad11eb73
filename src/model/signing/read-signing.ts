/**
 * readSigning: the signing report of one APK. Pipeline: read the v2/v3/v3.1 blocks and
 * verify them, verify v1, describe every certificate once, then derive findings.
 */
import { DiagnosticSink, type ParseResult } from '../../formats/diagnostics.js';
import type { ZipArchive } from '../../formats/zip/types.js';
import { readSchemeSignatures, type SchemeSignatures } from '../../formats/apksig/schemes.js';
import { hasV1Signature, verifyV1, type V1Result } from '../../formats/apksig/verify-v1.js';
import type { SchemeResult } from '../../formats/apksig/verify-scheme.js';
import { signatureAlgorithmName } from '../../formats/apksig/signature-algorithms.js';
import { readSourceStamp } from '../../formats/apksig/source-stamp.js';
import { readSchemeBlock, type SchemeVersion } from '../../formats/apksig/scheme-block.js';
import { BlockId } from '../../formats/apksig/constants.js';
import { PublicKeys } from '../../formats/apksig/verify-signature.js';
import { describeCertificate, type CertificateInfo } from './certificate.js';
import { deriveFindings } from './findings.js';
import type { SchemeName, SchemeReport, SchemeSigner, SigningBlockReport, SigningReport } from './types.js';
import { createHash } from 'node:crypto';

export interface ReadSigningOptions {
  /** Instant against which certificate expiry is judged (default: now). */
  readonly at?: Date;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

class CertificateRegistry {
  private readonly byFingerprint = new Map<string, CertificateInfo>();
  constructor(
    private readonly at: Date,
    private readonly keys: PublicKeys,
  ) {}
  add(der: Uint8Array): string {
    const fingerprint = sha256(der);
    if (!this.byFingerprint.has(fingerprint))
      this.byFingerprint.set(fingerprint, describeCertificate(der, this.at, this.keys));
    return fingerprint;
  }
  all(): CertificateInfo[] {
    return [...this.byFingerprint.values()];
  }
  get(fingerprint: string): CertificateInfo | undefined {
    return this.byFingerprint.get(fingerprint);
  }
}

function schemeReport(name: SchemeName, result: SchemeResult, registry: CertificateRegistry): SchemeReport {
  const signers: SchemeSigner[] = result.signers.map((signer) => ({
    certificateSha256: signer.certificates.map((der) => registry.add(der)),
    ...(signer.minSdk === undefined ? {} : { minSdk: signer.minSdk }),
    ...(signer.maxSdk === undefined ? {} : { maxSdk: signer.maxSdk }),
    ...(signer.lineage === undefined
      ? {}
      : { lineageSha256: signer.lineage.nodes.map((node) => registry.add(node.certificate)) }),
    ...(signer.rotationMinSdk === undefined ? {} : { rotationMinSdk: signer.rotationMinSdk }),
    ...(signer.strippingProtectionScheme === undefined
      ? {}
      : { laterSchemesClaimed: [signer.strippingProtectionScheme] }),
    digestsChecked: signer.checkedDigests,
    digestsNotChecked: signer.uncheckedDigests,
    signatureAlgorithms: signer.signatureAlgorithms.map(signatureAlgorithmName),
    offset: signer.offset,
    verified: signer.verified,
    problems: signer.problems,
  }));
  return { scheme: name, verified: result.verified, problems: result.problems, signers, offset: result.blockOffset };
}

function v1Report(result: V1Result, registry: CertificateRegistry, archive: ZipArchive): SchemeReport {
  const manifest = archive.entries.find((entry) => entry.name === 'META-INF/MANIFEST.MF');
  const signers: SchemeSigner[] = result.signers.map((signer) => {
    const chain = signer.certificates.map((der) => registry.add(der));
    const signing = signer.signerCertificate === undefined ? undefined : registry.add(signer.signerCertificate);
    // The signing certificate first, then the rest of the PKCS#7 set.
    const ordered =
      signing === undefined ? chain : [signing, ...chain.filter((fingerprint) => fingerprint !== signing)];
    const blockEntry = archive.entries.find((entry) => entry.name === signer.blockFile);
    return {
      certificateSha256: ordered,
      offset: blockEntry?.localHeaderOffset ?? 0,
      files: [signer.signatureFile, signer.blockFile],
      ...(signer.apkSignedSchemes.length === 0 ? {} : { laterSchemesClaimed: signer.apkSignedSchemes }),
      verified: signer.verified,
      problems: signer.problems,
    };
  });
  return {
    scheme: 'v1',
    verified: result.verified,
    problems: result.problems,
    signers,
    offset: manifest?.localHeaderOffset ?? 0,
  };
}

function blockReport(signatures: SchemeSignatures): SigningBlockReport | undefined {
  const block = signatures.signingBlock;
  if (block === undefined) return undefined;
  return {
    offset: block.offset,
    size: block.totalSize,
    pairs: block.pairs.map((pair) => ({
      id: `0x${pair.id.toString(16).padStart(8, '0')}`,
      name: pair.name,
      offset: pair.offset,
      length: pair.value.byteLength,
      duplicate: pair.duplicate,
    })),
  };
}

const SCHEME_OF_PAIR: ReadonlyMap<number, SchemeVersion> = new Map([
  [BlockId.V2, 'v2'],
  [BlockId.V3, 'v3'],
  [BlockId.V31, 'v3.1'],
]);

/**
 * Signers of the second and later v2/v3/v3.1 blocks, which Android ignores but some tools
 * report (fdroidserver/issue-1128-poc2.apk: androguard 3.4 takes the last block's signer).
 */
function duplicateSchemeSigners(signatures: SchemeSignatures, registry: CertificateRegistry): Map<number, string[]> {
  const found = new Map<number, string[]>();
  for (const pair of signatures.signingBlock?.pairs ?? []) {
    const scheme = SCHEME_OF_PAIR.get(pair.id);
    if (!pair.duplicate || scheme === undefined) continue;
    const block = readSchemeBlock(scheme, pair.value, pair.valueOffset, new DiagnosticSink());
    found.set(
      pair.offset,
      block.signers.flatMap((signer) =>
        signer.certificates.slice(0, 1).map((certificate) => registry.add(certificate.der)),
      ),
    );
  }
  return found;
}

/** Scheme ids of X-Android-APK-Signed (v1) and of the v2 stripping-protection attribute. */
const CLAIMED_SCHEMES: Record<number, SchemeName> = { 2: 'v2', 3: 'v3' };

/**
 * Stripping protection (v2 spec, "Downgrade protection"): a v1 or v2 signer that names a
 * later scheme which is absent means a newer signature was stripped; the older scheme
 * then fails, as in apksig (apktool/issue1498.apk, jadx/app-with-fake-dex.apk).
 */
function applyStrippingProtection(schemes: SchemeReport[]): void {
  const present = new Set(schemes.map((scheme) => scheme.scheme));
  schemes.forEach((scheme, index) => {
    const problems = scheme.signers.flatMap((signer) =>
      (signer.laterSchemesClaimed ?? [])
        .map((id) => CLAIMED_SCHEMES[id])
        .filter((claimed): claimed is SchemeName => claimed !== undefined && !present.has(claimed))
        .map(
          (claimed) =>
            `signer says the APK is also signed with ${claimed}, but no ${claimed} signature is present (stripped?)`,
        ),
    );
    if (problems.length > 0)
      schemes[index] = { ...scheme, verified: false, problems: [...scheme.problems, ...problems] };
  });
}

/** The newest scheme that verified decides the signer Android binds the app to. */
function effectiveSigner(schemes: readonly SchemeReport[]): string | undefined {
  for (const name of ['v3.1', 'v3', 'v2', 'v1'] as const) {
    const scheme = schemes.find((candidate) => candidate.scheme === name);
    if (scheme?.verified) return scheme.signers[0]?.certificateSha256[0];
  }
  return undefined;
}

export function readSigning(archive: ZipArchive, options: ReadSigningOptions = {}): ParseResult<SigningReport> {
  const sink = new DiagnosticSink();
  // The keys this read parses, shared by every check of this APK and dropped with it.
  const keys = new PublicKeys();
  const registry = new CertificateRegistry(options.at ?? new Date(), keys);
  try {
    const signatures = readSchemeSignatures(archive, sink, keys);
    const schemes: SchemeReport[] = [];
    let v1: V1Result | undefined;
    if (hasV1Signature(archive)) {
      v1 = verifyV1(archive, sink, keys);
      if (v1.present || v1.signers.length > 0) schemes.push(v1Report(v1, registry, archive));
    }
    if (signatures.v2 !== undefined) schemes.push(schemeReport('v2', signatures.v2, registry));
    if (signatures.v3 !== undefined) schemes.push(schemeReport('v3', signatures.v3, registry));
    if (signatures.v31 !== undefined) schemes.push(schemeReport('v3.1', signatures.v31, registry));
    applyStrippingProtection(schemes);
    const orphans = (v1?.orphanBlockFiles ?? []).map((orphan) => ({
      ...orphan,
      sha256: orphan.certificates.map((der) => registry.add(der)),
    }));
    const signingBlock = blockReport(signatures);
    const stamp = readSourceStamp(signatures.signingBlock);
    const sourceStamp =
      stamp === undefined
        ? undefined
        : {
            version: stamp.version,
            offset: stamp.offset,
            ...(stamp.certificate === undefined ? {} : { certificateSha256: registry.add(stamp.certificate) }),
            ...(stamp.problem === undefined ? {} : { problem: stamp.problem }),
          };
    const duplicates = duplicateSchemeSigners(signatures, registry);
    const findings = deriveFindings(schemes, registry.all(), signatures, v1, orphans, duplicates);
    const signer = effectiveSigner(schemes);
    const report: SigningReport = {
      schemes,
      certificates: registry.all(),
      ...(signer === undefined ? {} : { effectiveSigner: signer }),
      ...(signingBlock === undefined ? {} : { signingBlock }),
      ...(sourceStamp === undefined ? {} : { sourceStamp }),
      findings,
    };
    return { value: report, diagnostics: sink.finish() };
  } catch (error) {
    // Every record-level read is guarded; should a bug still throw, the APK gets an empty
    // report with the reason, never an exception (hostile input must not stop a batch).
    sink.add(
      'apksig.internal-error',
      0,
      `signature analysis stopped: ${error instanceof Error ? error.message : String(error)}`,
      'error',
    );
    return { value: { schemes: [], certificates: registry.all(), findings: [] }, diagnostics: sink.finish() };
  }
}
