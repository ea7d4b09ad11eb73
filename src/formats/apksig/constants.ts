/**
 * Fixed values of the APK Signing Block and of APK Signature Schemes v2, v3 and v3.1.
 * Sources: source.android.com "APK Signature Scheme v2" / "v3" / "v3.1", and AOSP apksig
 * (ApkSigningBlockUtils.java, V2SchemeConstants.java, V3SchemeConstants.java,
 * SourceStampConstants.java, SigningCertificateLineage.java).
 */

/** "APK Sig Block 42", the 16-byte magic that ends the block (v2 spec, "APK Signing Block"). */
export const APK_SIGNING_BLOCK_MAGIC = new TextEncoder().encode('APK Sig Block 42');
/** uint64 size-of-block field followed by the 16-byte magic: the block's 24-byte footer. */
export const APK_SIGNING_BLOCK_FOOTER_SIZE = 8 + 16;
/** Smallest block: leading size field (8) + footer (24), no pairs. */
export const APK_SIGNING_BLOCK_MIN_SIZE = 32;
/** Each pair is an uint64 length followed by an uint32 id. */
export const PAIR_LENGTH_FIELD_SIZE = 8;
export const PAIR_ID_SIZE = 4;
/**
 * Upper bound we accept for a signing block. apksig itself has no bound beyond the
 * file size; real blocks are a few KiB (padding to 4 KiB for verity). 256 MiB keeps
 * us from treating a whole hostile file as a "block" while accepting any real APK.
 */
export const APK_SIGNING_BLOCK_MAX_SIZE = 256 * 1024 * 1024;

/** IDs of the pairs in the APK Signing Block. */
export const BlockId = {
  /** APK Signature Scheme v2 (V2SchemeConstants.APK_SIGNATURE_SCHEME_V2_BLOCK_ID). */
  V2: 0x7109871a,
  /** APK Signature Scheme v3 (V3SchemeConstants.APK_SIGNATURE_SCHEME_V3_BLOCK_ID). */
  V3: 0xf05368c0,
  /** APK Signature Scheme v3.1 (V3SchemeConstants.APK_SIGNATURE_SCHEME_V31_BLOCK_ID). */
  V31: 0x1b93ad61,
  /** Source stamp v1 (SourceStampConstants.V1_SOURCE_STAMP_BLOCK_ID). */
  SOURCE_STAMP_V1: 0x2b09189e,
  /** Source stamp v2 (SourceStampConstants.V2_SOURCE_STAMP_BLOCK_ID). */
  SOURCE_STAMP_V2: 0x6dff800d,
  /** Verity padding (ApkSigningBlockUtils.VERITY_PADDING_BLOCK_ID), "Brew" little-endian. */
  VERITY_PADDING: 0x42726577,
  /** Dependency info written by the Android Gradle Plugin (encrypted for Google Play). */
  DEPENDENCY_INFO: 0x504b4453,
  /** Google Play frosting / metadata block written by Play's signing service. */
  PLAY_FROSTING: 0x2146444e,
  /** Distribution-channel id written by Meituan's "Walle" packer (not a signature; unsigned by design). */
  WALLE_CHANNEL: 0x71777777,
} as const;

/** Additional attribute ids found inside v2/v3 signed data. */
export const AttributeId = {
  /** v2 signer attribute: the APK was also signed with a later scheme (value: uint32 scheme id). */
  STRIPPING_PROTECTION: 0xbeeff00d,
  /** v3 signer attribute: proof-of-rotation (SigningCertificateLineage). */
  PROOF_OF_ROTATION: 0x3ba06f8c,
  /** v3 signer attribute (v3.1): minimum SDK at which the rotated signer applies. */
  ROTATION_MIN_SDK_VERSION: 0x559f8b02,
  /** v3 signer attribute (v3.1): the rotation targets a development release. */
  ROTATION_ON_DEV_RELEASE: 0xc2a6b3ba,
} as const;

/** Human-readable names of block ids, for reports. */
export function blockIdName(id: number): string {
  switch (id) {
    case BlockId.V2:
      return 'APK Signature Scheme v2';
    case BlockId.V3:
      return 'APK Signature Scheme v3';
    case BlockId.V31:
      return 'APK Signature Scheme v3.1';
    case BlockId.SOURCE_STAMP_V1:
      return 'source stamp v1';
    case BlockId.SOURCE_STAMP_V2:
      return 'source stamp v2';
    case BlockId.VERITY_PADDING:
      return 'verity padding';
    case BlockId.DEPENDENCY_INFO:
      return 'dependency info (Android Gradle Plugin)';
    case BlockId.PLAY_FROSTING:
      return 'Google Play frosting';
    case BlockId.WALLE_CHANNEL:
      return 'Walle channel info';
    default:
      return 'unknown';
  }
}

/** Chunked digest layout (v2 spec, "Integrity-protected contents"). */
export const CHUNK_SIZE = 1024 * 1024;
export const CHUNK_DIGEST_PREFIX = 0xa5;
export const TOP_LEVEL_DIGEST_PREFIX = 0x5a;
/** Offset of the "central directory offset" field inside the EOCD record (APPNOTE 4.3.16). */
export const EOCD_CENTRAL_DIRECTORY_OFFSET_FIELD = 16;
/** Size of the EOCD record without its comment (APPNOTE 4.3.16). */
export const EOCD_MIN_SIZE = 22;

/** Version of the proof-of-rotation structure we understand (SigningCertificateLineage.CURRENT_VERSION). */
export const LINEAGE_VERSION = 1;
