/**
 * Findings for the report layer: attribution facts and integrity warnings derived from
 * the verified schemes and the certificates.
 */
import type { SchemeSignatures } from '../../formats/apksig/schemes.js';
import type { V1Result } from '../../formats/apksig/verify-v1.js';
import { BlockId } from '../../formats/apksig/constants.js';
import type { CertificateInfo } from './certificate.js';
import type { SchemeReport, SigningFinding } from './types.js';

/** Scheme ids used by X-Android-APK-Signed and the v2 stripping-protection attribute. */
const SCHEME_IDS: Record<number, 'v2' | 'v3'> = { 2: 'v2', 3: 'v3' };
const KNOWN_PAIR_IDS: ReadonlySet<number> = new Set(Object.values(BlockId));

function signerSet(scheme: SchemeReport): string {
  return scheme.signers
    .map((signer) => signer.certificateSha256[0] ?? '?')
    .sort()
    .join(',');
}

export function deriveFindings(
  schemes: readonly SchemeReport[],
  certificates: readonly CertificateInfo[],
  signatures: SchemeSignatures,
  v1: V1Result | undefined,
  orphans: ReadonlyArray<{ readonly name: string; readonly offset: number; readonly sha256: readonly string[] }> = [],
  duplicateSigners: ReadonlyMap<number, readonly string[]> = new Map(),
): SigningFinding[] {
  const findings: SigningFinding[] = [];
  const byName = new Map(schemes.map((scheme) => [scheme.scheme, scheme]));
  if (schemes.length === 0) {
    findings.push({
      code: 'signing.unsigned',
      severity: 'warning',
      detail: 'the APK carries no signature of any scheme: nothing ties it to a maker',
      offsets: [],
    });
  }
  for (const scheme of schemes) {
    if (!scheme.verified) {
      findings.push({
        code: 'signing.verification-failed',
        severity: 'error',
        detail: `${scheme.scheme} signature does not verify: ${scheme.problems.slice(0, 3).join('; ')}${scheme.problems.length > 3 ? ` (and ${scheme.problems.length - 3} more)` : ''}`,
        offsets: [scheme.offset],
      });
    }
    if (scheme.signers.length > 1) {
      findings.push({
        code: 'signing.multiple-signers',
        severity: 'info',
        detail: `${scheme.scheme} has ${scheme.signers.length} signers`,
        offsets: scheme.signers.map((signer) => signer.offset),
      });
    }
  }
  // v1 vs v2 must name the same signers (apksig: "V2 signers do not match V1"); v3 may
  // differ from v2 only through a lineage that contains the v2 signer (key rotation).
  const v1Scheme = byName.get('v1');
  const v2Scheme = byName.get('v2');
  if (v1Scheme !== undefined && v2Scheme !== undefined && signerSet(v1Scheme) !== signerSet(v2Scheme)) {
    findings.push({
      code: 'signing.signer-mismatch',
      severity: 'error',
      detail: `v1 and v2 name different signers (v1: ${signerSet(v1Scheme) || 'none'}; v2: ${signerSet(v2Scheme) || 'none'}): tools and Android versions disagree on who signed this APK`,
      offsets: [v1Scheme.offset, v2Scheme.offset],
    });
  }
  for (const newer of [byName.get('v3'), byName.get('v3.1')]) {
    const older = v2Scheme ?? v1Scheme;
    if (newer === undefined || older === undefined) continue;
    const olderSigner = older.signers[0]?.certificateSha256[0];
    for (const signer of newer.signers) {
      const newest = signer.certificateSha256[0];
      if (newest === undefined || olderSigner === undefined || newest === olderSigner) continue;
      const lineage = signer.lineageSha256 ?? [];
      if (lineage.includes(olderSigner)) {
        findings.push({
          code: 'signing.key-rotation',
          severity: 'info',
          detail: `${newer.scheme} rotates the signing key from ${olderSigner} to ${newest} (lineage of ${lineage.length})`,
          offsets: [signer.offset],
          certificates: lineage,
        });
      } else {
        findings.push({
          code: 'signing.signer-mismatch',
          severity: 'error',
          detail: `${newer.scheme} signer ${newest} differs from the ${older.scheme} signer ${olderSigner} and no lineage links them`,
          offsets: [signer.offset, older.offset],
        });
      }
    }
  }
  // Stripping protection: a scheme claimed by v1 (X-Android-APK-Signed) or v2 but absent.
  for (const scheme of [v1Scheme, v2Scheme]) {
    for (const signer of scheme?.signers ?? []) {
      for (const id of signer.laterSchemesClaimed ?? []) {
        const claimed = SCHEME_IDS[id];
        if (claimed !== undefined && !byName.has(claimed)) {
          findings.push({
            code: 'signing.stripping-detected',
            severity: 'error',
            detail: `${scheme?.scheme} signer says the APK was also signed with ${claimed}, which is missing: a signature was stripped`,
            offsets: [signer.offset],
          });
        }
      }
    }
  }
  for (const pair of signatures.signingBlock?.pairs ?? []) {
    if (pair.duplicate) {
      const signers = duplicateSigners.get(pair.offset) ?? [];
      findings.push({
        code: 'signing.duplicate-scheme-block',
        severity: 'warning',
        detail: `another "${pair.name}" block in the APK Signing Block${signers.length > 0 ? `, signed by ${signers.join(', ')}` : ''}: Android uses the first, some tools the last (signer confusion)`,
        offsets: [pair.offset],
        ...(signers.length > 0 ? { certificates: signers } : {}),
      });
    } else if (!KNOWN_PAIR_IDS.has(pair.id))
      findings.push({
        code: 'signing.unknown-block',
        severity: 'info',
        detail: `unknown APK Signing Block pair 0x${pair.id.toString(16)} (${pair.value.byteLength} bytes)`,
        offsets: [pair.offset],
      });
  }
  if (v1 !== undefined && v1.alteredEntries.length + v1.entriesNotInManifest.length > 0) {
    findings.push({
      code: 'signing.v1-altered-entries',
      severity: 'error',
      detail: `entries changed or added after v1 signing: ${[...v1.alteredEntries, ...v1.entriesNotInManifest].slice(0, 10).join(', ')}`,
      offsets: [],
    });
  }
  for (const orphan of orphans) {
    findings.push({
      code: 'signing.orphan-v1-block',
      severity: 'warning',
      detail: `${orphan.name} has no .SF and signs nothing, yet holds ${orphan.sha256.length} certificate(s): tools that read the signer from META-INF/*.RSA report a signer Android never checked`,
      offsets: [orphan.offset],
      certificates: orphan.sha256,
    });
  }
  for (const certificate of certificates) {
    if (certificate.wellKnownKey !== undefined) {
      const debug = certificate.wellKnownKey.name === 'Android debug key';
      findings.push({
        code: debug ? 'signing.debug-key' : 'signing.public-test-key',
        severity: 'warning',
        detail: `${certificate.wellKnownKey.name}: ${certificate.wellKnownKey.meaning}`,
        offsets: [],
        certificates: [certificate.sha256],
      });
    }
    if (certificate.expired) {
      findings.push({
        code: 'signing.expired-certificate',
        severity: 'info',
        detail: `certificate ${certificate.subject?.text ?? certificate.sha256} expired on ${certificate.notAfter} (Android does not check expiry of APK signing certificates)`,
        offsets: [],
        certificates: [certificate.sha256],
      });
    }
  }
  return findings;
}
