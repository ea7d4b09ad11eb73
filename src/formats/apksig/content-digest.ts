/**
 * Chunked content digests of APK Signature Scheme v2/v3 (v2 spec, "Integrity-protected
 * contents"): the file minus the signing block is cut into three sections (ZIP entries,
 * central directory, EOCD with its central-directory offset replaced by the signing
 * block's offset), each section into 1 MiB chunks; every chunk is hashed as
 * 0xa5 || uint32 length || chunk, and the top digest is 0x5a || uint32 count || chunk digests.
 */
import { createHash } from 'node:crypto';
import {
  CHUNK_DIGEST_PREFIX,
  CHUNK_SIZE,
  EOCD_CENTRAL_DIRECTORY_OFFSET_FIELD,
  TOP_LEVEL_DIGEST_PREFIX,
} from './constants.js';
import type { ContentDigestAlgorithm } from './signature-algorithms.js';

export interface ApkSections {
  /** [0, signingBlockOffset): the ZIP entries. */
  readonly entries: Uint8Array;
  /** [centralDirectoryOffset, eocdOffset): the central directory. */
  readonly centralDirectory: Uint8Array;
  /** [eocdOffset, end) with the central-directory offset field set to the signing block offset. */
  readonly endOfCentralDirectory: Uint8Array;
}

export function apkSections(
  bytes: Uint8Array,
  signingBlockOffset: number,
  centralDirectoryOffset: number,
  endOfCentralDirectoryOffset: number,
): ApkSections {
  const endOfCentralDirectory = bytes.slice(endOfCentralDirectoryOffset);
  // A copy, so the caller's bytes stay untouched; callers pass an EOCD of at least 22 bytes.
  if (endOfCentralDirectory.byteLength >= EOCD_CENTRAL_DIRECTORY_OFFSET_FIELD + 4) {
    new DataView(endOfCentralDirectory.buffer).setUint32(EOCD_CENTRAL_DIRECTORY_OFFSET_FIELD, signingBlockOffset, true);
  }
  return {
    entries: bytes.subarray(0, signingBlockOffset),
    centralDirectory: bytes.subarray(centralDirectoryOffset, endOfCentralDirectoryOffset),
    endOfCentralDirectory,
  };
}

const HASH_OF: Record<Exclude<ContentDigestAlgorithm, 'VERITY_CHUNKED_SHA256'>, string> = {
  CHUNKED_SHA256: 'sha256',
  CHUNKED_SHA512: 'sha512',
};

/** fs-verity page size of the APK verity tree (apksig VerityTreeBuilder.CHUNK_SIZE). */
const VERITY_PAGE_SIZE = 4096;
/** apksig computes the APK verity digest with an 8-byte zero salt (ApkSigningBlockUtils.computeApkVerityDigest). */
const VERITY_SALT = new Uint8Array(8);
const VERITY_HASH_SIZE = 32;

/** One tree level: salted SHA-256 of each 4 KiB page, the last one zero-padded. */
function verityLevel(parts: readonly Uint8Array[]): Uint8Array {
  const digests: Buffer[] = [];
  for (const part of parts) {
    for (let start = 0; start < part.byteLength; start += VERITY_PAGE_SIZE) {
      const page = part.subarray(start, start + VERITY_PAGE_SIZE);
      const hash = createHash('sha256').update(VERITY_SALT).update(page);
      if (page.byteLength < VERITY_PAGE_SIZE) hash.update(new Uint8Array(VERITY_PAGE_SIZE - page.byteLength));
      digests.push(hash.digest());
    }
  }
  return new Uint8Array(Buffer.concat(digests));
}

/**
 * VERITY_CHUNKED_SHA256 (apksig VerityTreeBuilder): the root of a Merkle tree of 4 KiB
 * pages over the three sections, followed by their total length as uint64. The entries
 * section must end on a page boundary (the signing block is page-aligned); returns a
 * reason when it does not.
 */
function verityDigest(sections: ApkSections): Uint8Array | string {
  if (sections.entries.byteLength % VERITY_PAGE_SIZE !== 0) {
    return `verity digest needs the APK Signing Block at a multiple of ${VERITY_PAGE_SIZE}; it is at ${sections.entries.byteLength}`;
  }
  const tail = Buffer.concat([sections.centralDirectory, sections.endOfCentralDirectory]);
  let level = verityLevel([sections.entries, tail]);
  while (level.byteLength > VERITY_PAGE_SIZE) level = verityLevel([level]);
  const root = verityLevel([level]).subarray(0, VERITY_HASH_SIZE);
  const result = Buffer.alloc(VERITY_HASH_SIZE + 8);
  Buffer.from(root).copy(result);
  result.writeBigUInt64LE(BigInt(sections.entries.byteLength + tail.byteLength), VERITY_HASH_SIZE);
  return new Uint8Array(result);
}

/** Computes a content digest; a string says why it cannot be computed. */
export function chunkedDigest(sections: ApkSections, algorithm: ContentDigestAlgorithm): Uint8Array | string {
  if (algorithm === 'VERITY_CHUNKED_SHA256') return verityDigest(sections);
  const hash = HASH_OF[algorithm];
  const chunkDigests: Buffer[] = [];
  const header = Buffer.alloc(5);
  for (const section of [sections.entries, sections.centralDirectory, sections.endOfCentralDirectory]) {
    for (let start = 0; start < section.byteLength; start += CHUNK_SIZE) {
      const chunk = section.subarray(start, Math.min(section.byteLength, start + CHUNK_SIZE));
      header[0] = CHUNK_DIGEST_PREFIX;
      header.writeUInt32LE(chunk.byteLength, 1);
      chunkDigests.push(createHash(hash).update(header).update(chunk).digest());
    }
  }
  header[0] = TOP_LEVEL_DIGEST_PREFIX;
  header.writeUInt32LE(chunkDigests.length, 1);
  const top = createHash(hash).update(header);
  for (const digest of chunkDigests) top.update(digest);
  return new Uint8Array(top.digest());
}
