/**
 * The signing report: who signed the app, with which schemes, whether each scheme
 * verifies (and exactly why not), and the findings later report layers use.
 */
import type { CertificateInfo } from './certificate.js';

export type SchemeName = 'v1' | 'v2' | 'v3' | 'v3.1';

export interface SchemeSigner {
  /** SHA-256 of each certificate the signer lists (the first is the signing certificate). */
  readonly certificateSha256: readonly string[];
  /** v3/v3.1 SDK range the signer covers. */
  readonly minSdk?: number;
  readonly maxSdk?: number;
  /** v3/v3.1 proof-of-rotation: certificate SHA-256 from oldest to newest. */
  readonly lineageSha256?: readonly string[];
  /** v3.1 rotation minimum SDK (attribute ROTATION_MIN_SDK_VERSION). */
  readonly rotationMinSdk?: number;
  /** Absolute offset of the signer record (v2/v3) or the signature block file's local header (v1). */
  readonly offset: number;
  /** v2/v3: content digests recomputed and matched, and those only listed (verity). */
  readonly digestsChecked?: readonly string[];
  readonly digestsNotChecked?: readonly string[];
  /** v2/v3: signature algorithm names the signer used. */
  readonly signatureAlgorithms?: readonly string[];
  /** v1: the signature block file and .SF names. */
  readonly files?: readonly string[];
  /** v1: scheme ids from X-Android-APK-Signed; v2: stripping-protection scheme id. */
  readonly laterSchemesClaimed?: readonly number[];
  readonly verified: boolean;
  readonly problems: readonly string[];
}

export interface SchemeReport {
  readonly scheme: SchemeName;
  readonly verified: boolean;
  /** Every reason verification failed (empty when it verified). */
  readonly problems: readonly string[];
  readonly signers: readonly SchemeSigner[];
  /** Absolute offset of the scheme's block (v2/v3) or of META-INF/MANIFEST.MF (v1). */
  readonly offset: number;
}

interface SigningBlockPairReport {
  readonly id: string;
  readonly name: string;
  readonly offset: number;
  readonly length: number;
  readonly duplicate: boolean;
}

export interface SigningBlockReport {
  readonly offset: number;
  readonly size: number;
  readonly pairs: readonly SigningBlockPairReport[];
}

export type SigningFindingCode =
  | 'signing.unsigned'
  | 'signing.verification-failed'
  | 'signing.signer-mismatch'
  | 'signing.key-rotation'
  | 'signing.public-test-key'
  | 'signing.debug-key'
  | 'signing.expired-certificate'
  | 'signing.stripping-detected'
  | 'signing.duplicate-scheme-block'
  | 'signing.unknown-block'
  | 'signing.multiple-signers'
  | 'signing.v1-altered-entries'
  | 'signing.orphan-v1-block';

export interface SigningFinding {
  readonly code: SigningFindingCode;
  readonly severity: 'info' | 'warning' | 'error';
  readonly detail: string;
  /** Offsets in the APK backing the finding. */
  readonly offsets: readonly number[];
  /** Certificates concerned (SHA-256). */
  readonly certificates?: readonly string[];
}

/** The distributor's stamp (e.g. Google Play): which channel shipped this file. Not verified. */
interface SourceStampReport {
  readonly version: 1 | 2;
  readonly offset: number;
  readonly certificateSha256?: string;
  readonly problem?: string;
}

export interface SigningReport {
  /** Schemes found, in order v1, v2, v3, v3.1 (a scheme absent from the file is not listed). */
  readonly schemes: readonly SchemeReport[];
  /** Every distinct certificate met, by SHA-256. */
  readonly certificates: readonly CertificateInfo[];
  /**
   * The signer Android would bind the app to on a current device: the v3.1, else v3,
   * else v2, else v1 signing certificate (SHA-256), when that scheme verified.
   */
  readonly effectiveSigner?: string;
  readonly signingBlock?: SigningBlockReport;
  readonly sourceStamp?: SourceStampReport;
  readonly findings: readonly SigningFinding[];
}
