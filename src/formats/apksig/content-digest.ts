/**
 * Chunked content digests of APK Signature Scheme v2/v3 (v2 spec, "Integrity-protected
 * contents"): the file minus the signing block is cut into three sections (ZIP entries,
 * central directory, EOCD with its central-directory offset replaced by the signing
 * block's offset), each section into 1 MiB chunks; every chunk is hashed as
 * 0xa5 || uint32 length || chunk, and the top digest is 0x5a || uint32 count || chunk digests.
 */
import { createHash } from 'node:crypto';
import { CHUNK_DIGEST_PREFIX, CHUNK_SIZE, EOCD_CENTRAL_DIRECTORY_OFFSET_FIELD, TOP_LEVEL_DIGEST_PREFIX } from './constants.js';
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

/** Computes a chunked digest; VERITY_CHUNKED_SHA256 is not computed (returns undefined). */
export function chunkedDigest(sections: ApkSections, algorithm: ContentDigestAlgorithm): Uint8Array | undefined {
  if (algorithm === 'VERITY_CHUNKED_SHA256') return undefined;
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
