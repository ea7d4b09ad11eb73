/**
 * APK Signature Schemes v2, v3 and v3.1 of one APK: find the signing block the way
 * Android does (from the EOCD's declared central-directory offset, v2 spec "APK Signing
 * Block"), read each scheme's first block, verify it.
 */
import { ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ZipArchive } from '../zip/types.js';
import { BlockId, EOCD_CENTRAL_DIRECTORY_OFFSET_FIELD, EOCD_MIN_SIZE } from './constants.js';
import { apkSections, chunkedDigest } from './content-digest.js';
import { readSchemeBlock, type SchemeVersion } from './scheme-block.js';
import { readSigningBlock, type SigningBlock } from './signing-block.js';
import type { ContentDigestAlgorithm } from './signature-algorithms.js';
import { verifySchemeBlock, type SchemeResult } from './verify-scheme.js';
import { PublicKeys } from './verify-signature.js';

/** Offset of the "size of the central directory" field in the EOCD (APPNOTE 4.3.16). */
const EOCD_CENTRAL_DIRECTORY_SIZE_FIELD = 12;

export interface SchemeSignatures {
  readonly signingBlock?: SigningBlock;
  readonly v2?: SchemeResult;
  readonly v3?: SchemeResult;
  readonly v31?: SchemeResult;
  /** Why content digests cannot be computed for this file, if so. */
  readonly layoutProblem?: string;
}

const SCHEMES: ReadonlyArray<{ id: number; scheme: SchemeVersion; key: 'v2' | 'v3' | 'v31' }> = [
  { id: BlockId.V2, scheme: 'v2', key: 'v2' },
  { id: BlockId.V3, scheme: 'v3', key: 'v3' },
  { id: BlockId.V31, scheme: 'v3.1', key: 'v31' },
];

/** `keys`: the signing read's parsed keys (src/formats/apksig/verify-signature.ts). */
export function readSchemeSignatures(
  archive: ZipArchive,
  sink: DiagnosticSink,
  keys: PublicKeys = new PublicKeys(),
): SchemeSignatures {
  const bytes = archive.bytes;
  const eocdOffset = archive.endOfCentralDirectoryOffset;
  const eocd = new ByteReader(bytes);
  if (!eocd.has(EOCD_MIN_SIZE, eocdOffset)) {
    sink.add('apksig.eocd-unreadable', eocdOffset, 'end of central directory record is truncated', 'error');
    return { layoutProblem: 'end of central directory record is truncated' };
  }
  // Android and apksig take the central directory's position from the EOCD as declared
  // (ApkSigningBlockUtils.findSignature), even when a zip reader finds it elsewhere.
  const declaredOffset = eocd.u32At(eocdOffset + EOCD_CENTRAL_DIRECTORY_OFFSET_FIELD);
  const declaredSize = eocd.u32At(eocdOffset + EOCD_CENTRAL_DIRECTORY_SIZE_FIELD);
  if (declaredOffset !== archive.centralDirectoryOffset) {
    sink.add(
      'apksig.central-directory-moved',
      eocdOffset,
      `EOCD declares the central directory at ${declaredOffset}, it was found at ${archive.centralDirectoryOffset}; signatures are located from the declared offset as Android does`,
      'warning',
    );
  }
  let layoutProblem: string | undefined;
  // apksig and Android refuse ZIP64 APKs for v2+ ("ZIP64 APK not supported"); the 32-bit
  // fields then hold 0xffffffff and locate nothing.
  if (archive.zip64) layoutProblem = 'ZIP64 archive: APK Signature Scheme v2+ does not support ZIP64';
  else if (declaredOffset > eocdOffset)
    layoutProblem = `central directory offset ${declaredOffset} lies after the EOCD at ${eocdOffset}`;
  else if (declaredOffset + declaredSize !== eocdOffset) {
    // apksigner: "ZIP Central Directory is not immediately followed by End of Central Directory"
    // (apksig/v2-only-garbage-between-cd-and-eocd.apk, v2-only-truncated-cd.apk).
    layoutProblem = `central directory (${declaredOffset}+${declaredSize}) is not immediately followed by the EOCD at ${eocdOffset}`;
  }
  const signingBlock = declaredOffset <= bytes.byteLength ? readSigningBlock(bytes, declaredOffset, sink) : undefined;
  if (signingBlock === undefined) return { ...(layoutProblem === undefined ? {} : { layoutProblem }) };

  const cache = new Map<ContentDigestAlgorithm, Uint8Array | string>();
  let sections: ReturnType<typeof apkSections> | undefined;
  const digester = (algorithm: ContentDigestAlgorithm): Uint8Array | string => {
    if (layoutProblem !== undefined) return layoutProblem;
    if (!cache.has(algorithm)) {
      sections ??= apkSections(bytes, signingBlock.offset, declaredOffset, eocdOffset);
      cache.set(algorithm, chunkedDigest(sections, algorithm));
    }
    return cache.get(algorithm) ?? `${algorithm} unavailable`;
  };
  const results: { v2?: SchemeResult; v3?: SchemeResult; v31?: SchemeResult } = {};
  for (const { id, scheme, key } of SCHEMES) {
    const pair = signingBlock.pairs.find((candidate) => candidate.id === id);
    if (pair === undefined) continue;
    const block = readSchemeBlock(scheme, pair.value, pair.valueOffset, sink);
    results[key] = verifySchemeBlock(block, digester, keys);
  }
  return { signingBlock, ...results, ...(layoutProblem === undefined ? {} : { layoutProblem }) };
}
