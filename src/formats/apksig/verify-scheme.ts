/**
 * Verification of one APK Signature Scheme v2 / v3 / v3.1 block, following the order of
 * the v2 spec ("Verification", steps 1-5) and AOSP apksig V2SchemeVerifier /
 * V3SchemeVerifier: signatures over signed data, then certificate vs public key, then
 * algorithm lists, then the content digests over the file. Every failure says why.
 */
import { certificatePublicKeyBytes } from './der.js';
import { AttributeId } from './constants.js';
import { readLineage, type Lineage } from './lineage.js';
import type { SchemeBlockRecord, SchemeSignerRecord, SchemeVersion } from './scheme-block.js';
import { signatureAlgorithm, signatureAlgorithmName, type ContentDigestAlgorithm } from './signature-algorithms.js';
import { PublicKeys, verifySchemeSignature } from './verify-signature.js';

interface SchemeSignerResult {
  readonly index: number;
  readonly offset: number;
  /** DER certificates as listed; the first one is the signer's. */
  readonly certificates: readonly Uint8Array[];
  readonly publicKey: Uint8Array;
  readonly signatureAlgorithms: readonly number[];
  readonly minSdk?: number;
  readonly maxSdk?: number;
  readonly lineage?: Lineage;
  /** v3.1 rotation: lowest SDK at which the rotated key applies (ROTATION_MIN_SDK_VERSION attribute). */
  readonly rotationMinSdk?: number;
  /** v2 stripping protection: the later scheme the signer claims to have also used. */
  readonly strippingProtectionScheme?: number;
  readonly unknownAttributes: readonly number[];
  /** Content digests that were checked and matched, by algorithm. */
  readonly checkedDigests: readonly ContentDigestAlgorithm[];
  /** Signed content digests that could not be recomputed (VERITY_CHUNKED_SHA256 over an unaligned block). */
  readonly uncheckedDigests: readonly ContentDigestAlgorithm[];
  readonly verified: boolean;
  readonly problems: readonly string[];
}

export interface SchemeResult {
  readonly scheme: SchemeVersion;
  readonly blockOffset: number;
  readonly signers: readonly SchemeSignerResult[];
  readonly verified: boolean;
  readonly problems: readonly string[];
}

/** Public-key operations are costly; a hostile signer listing hundreds of signatures is refused. */
const MAX_SIGNATURES_VERIFIED = 8;

/** Computes (and caches) a content digest, or says why the file's sections cannot be digested. */
export type ContentDigester = (algorithm: ContentDigestAlgorithm) => Uint8Array | string;

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function u32(value: Uint8Array): number | undefined {
  return value.byteLength >= 4 ? Buffer.from(value).readUInt32LE(0) : undefined;
}

/** `keys`: the signing read's parsed keys (one per APK: v2, v3 and lineage meet the same key). */
export function verifySchemeBlock(
  block: SchemeBlockRecord,
  digester: ContentDigester,
  keys: PublicKeys = new PublicKeys(),
): SchemeResult {
  const signers = block.signers.map((signer) => verifySigner(block.scheme, signer, digester, keys));
  const problems: string[] = [];
  if (block.malformed !== undefined) problems.push(block.malformed);
  if (signers.length === 0) problems.push(`no signers in the ${block.scheme} block`);
  signers.forEach((signer) =>
    signer.problems.forEach((problem) => problems.push(`signer #${signer.index + 1}: ${problem}`)),
  );
  if (block.scheme !== 'v2') problems.push(...overlappingRanges(signers));
  return { scheme: block.scheme, blockOffset: block.offset, signers, verified: problems.length === 0, problems };
}

/**
 * v3 allows several signers only for disjoint SDK ranges (v3 spec: "one signer per
 * platform version"); overlapping ranges would let a device pick either key.
 */
function overlappingRanges(signers: readonly SchemeSignerResult[]): string[] {
  const ranged = signers
    .filter((signer) => signer.minSdk !== undefined && signer.maxSdk !== undefined)
    .sort((first, second) => (first.minSdk ?? 0) - (second.minSdk ?? 0));
  const problems: string[] = [];
  for (let index = 1; index < ranged.length; index++) {
    const previous = ranged[index - 1];
    const current = ranged[index];
    if (previous !== undefined && current !== undefined && (current.minSdk ?? 0) <= (previous.maxSdk ?? 0)) {
      problems.push(
        `signers #${previous.index + 1} (SDK ${previous.minSdk}-${previous.maxSdk}) and #${current.index + 1} (SDK ${current.minSdk}-${current.maxSdk}) cover overlapping SDK ranges`,
      );
    }
  }
  return problems;
}

function verifySigner(
  scheme: SchemeVersion,
  signer: SchemeSignerRecord,
  digester: ContentDigester,
  keys: PublicKeys,
): SchemeSignerResult {
  const problems: string[] = [];
  const unknownAttributes: number[] = [];
  const checkedDigests: ContentDigestAlgorithm[] = [];
  const uncheckedDigests: ContentDigestAlgorithm[] = [];
  let lineage: Lineage | undefined;
  let rotationMinSdk: number | undefined;
  let strippingProtectionScheme: number | undefined;
  const certificates = signer.certificates.map((certificate) => certificate.der);
  const signatureAlgorithms = signer.signatures.map((signature) => signature.algorithmId);
  const result = (): SchemeSignerResult => ({
    index: signer.index,
    offset: signer.offset,
    certificates,
    publicKey: signer.publicKey,
    signatureAlgorithms,
    ...(signer.minSdk === undefined ? {} : { minSdk: signer.minSdk }),
    ...(signer.maxSdk === undefined ? {} : { maxSdk: signer.maxSdk }),
    ...(lineage === undefined ? {} : { lineage }),
    ...(rotationMinSdk === undefined ? {} : { rotationMinSdk }),
    ...(strippingProtectionScheme === undefined ? {} : { strippingProtectionScheme }),
    unknownAttributes,
    checkedDigests,
    uncheckedDigests,
    verified: problems.length === 0,
    problems,
  });
  if (signer.malformed !== undefined) {
    problems.push(`malformed signer (${signer.malformed})`);
    return result();
  }
  // Step 1-2: at least one supported signature, and every supported one verifies.
  const supported = signer.signatures.filter((signature) => signatureAlgorithm(signature.algorithmId) !== undefined);
  if (signer.signatures.length === 0) problems.push('no signatures');
  else if (supported.length === 0)
    problems.push(`no supported signature algorithm (${signatureAlgorithms.map(signatureAlgorithmName).join(', ')})`);
  if (supported.length > MAX_SIGNATURES_VERIFIED) {
    problems.push(
      `${supported.length} signatures; at most ${MAX_SIGNATURES_VERIFIED} are checked (real signers carry one to three)`,
    );
    return result();
  }
  for (const signature of supported) {
    const check = verifySchemeSignature(
      signature.algorithmId,
      signer.publicKey,
      signer.signedData,
      signature.signature,
      keys,
    );
    if (!check.ok) problems.push(`signature over signed data: ${check.reason}`);
  }
  if (problems.length > 0) return result();

  // Step 3: the first certificate's public key is the key that signed.
  const first = certificates[0];
  if (first === undefined) {
    problems.push('no certificates');
    return result();
  }
  const certificateKey = certificatePublicKeyBytes(first);
  if (certificateKey === undefined) problems.push('first certificate is unreadable');
  else if (!Buffer.from(certificateKey).equals(Buffer.from(signer.publicKey))) {
    problems.push('public key in the signer record differs from the key in the first certificate');
  }
  // The digest list must name the same algorithms, in the same order, as the signature list.
  const digestAlgorithms = signer.digests.map((digest) => digest.algorithmId);
  if (digestAlgorithms.join(',') !== signatureAlgorithms.join(',')) {
    problems.push(
      `signature algorithms [${signatureAlgorithms.map(signatureAlgorithmName).join(', ')}] differ from digest algorithms [${digestAlgorithms.map(signatureAlgorithmName).join(', ')}]`,
    );
  }
  if (scheme !== 'v2') {
    if (signer.minSdk !== signer.signedMinSdk || signer.maxSdk !== signer.signedMaxSdk) {
      problems.push(
        `SDK range ${signer.minSdk}-${signer.maxSdk} differs from the signed range ${signer.signedMinSdk}-${signer.signedMaxSdk}`,
      );
    }
    if (signer.minSdk !== undefined && signer.maxSdk !== undefined && signer.minSdk > signer.maxSdk) {
      problems.push(`invalid SDK range ${signer.minSdk}-${signer.maxSdk}`);
    }
  }
  for (const attribute of signer.attributes) {
    if (scheme === 'v2' && attribute.id === AttributeId.STRIPPING_PROTECTION)
      strippingProtectionScheme = u32(attribute.value);
    else if (scheme !== 'v2' && attribute.id === AttributeId.PROOF_OF_ROTATION) {
      lineage = readLineage(attribute.value, attribute.offset + 4, keys);
      lineage.problems.forEach((problem) => problems.push(problem));
      const newest = lineage.nodes.at(-1);
      if (newest !== undefined && !Buffer.from(newest.certificate).equals(Buffer.from(first))) {
        problems.push('the newest certificate of the lineage is not the signer certificate');
      }
    } else if (scheme !== 'v2' && attribute.id === AttributeId.ROTATION_MIN_SDK_VERSION)
      rotationMinSdk = u32(attribute.value);
    else if (scheme !== 'v2' && attribute.id === AttributeId.ROTATION_ON_DEV_RELEASE) continue;
    else unknownAttributes.push(attribute.id);
  }

  // Step 4-5: content digests over the file, once per digest algorithm signed.
  for (const digest of signer.digests) {
    const algorithm = signatureAlgorithm(digest.algorithmId);
    if (algorithm === undefined) continue;
    const computed = digester(algorithm.contentDigest);
    if (typeof computed === 'string') {
      // The verity digest alone may be uncomputable (unaligned block): Android then relies on
      // the CHUNKED_SHA256/512 digest that signers always add beside it.
      if (algorithm.contentDigest === 'VERITY_CHUNKED_SHA256') {
        if (!uncheckedDigests.includes(algorithm.contentDigest)) uncheckedDigests.push(algorithm.contentDigest);
        continue;
      }
      problems.push(`content digest not computable: ${computed}`);
      break;
    }
    if (!Buffer.from(computed).equals(Buffer.from(digest.digest))) {
      problems.push(
        `${algorithm.contentDigest} digest of the APK contents does not match (signed ${hexOf(digest.digest)}, computed ${hexOf(computed)}): the file was changed after signing`,
      );
    } else if (!checkedDigests.includes(algorithm.contentDigest)) {
      checkedDigests.push(algorithm.contentDigest);
    }
  }
  if (problems.length === 0 && checkedDigests.length === 0)
    problems.push('no content digest could be checked (only verity digests)');
  return result();
}
