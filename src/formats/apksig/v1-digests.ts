/**
 * Digest headers of JAR signing (JAR File Specification, "Signed JAR File": "x-Digest",
 * "x-Digest-Manifest", "x-Digest-Manifest-Main-Attributes"; apksig V1SchemeVerifier).
 */
import { createHash } from 'node:crypto';
import { header, type ManifestSection } from './jar-manifest.js';

/** JAR digest algorithm names → node:crypto hash names. */
const JAR_DIGESTS: ReadonlyArray<readonly [string, string]> = [
  ['SHA-512', 'sha512'],
  ['SHA-384', 'sha384'],
  ['SHA-256', 'sha256'],
  ['SHA1', 'sha1'],
  ['SHA-1', 'sha1'],
  ['MD5', 'md5'],
];

export interface NamedDigest {
  readonly algorithm: string;
  readonly hash: string;
  readonly expected: string;
}

/** All recognised "<alg><suffix>" headers of a section, e.g. suffix "-Digest". */
export function digestHeaders(section: ManifestSection, suffix: string): NamedDigest[] {
  const found: NamedDigest[] = [];
  for (const [algorithm, hash] of JAR_DIGESTS) {
    const expected = header(section, `${algorithm}${suffix}`);
    if (expected !== undefined) found.push({ algorithm, hash, expected: expected.trim() });
  }
  return found;
}

export function base64Digest(hash: string, data: Uint8Array): string {
  return createHash(hash).update(data).digest('base64');
}

/**
 * Checks a list of digests against data. Returns undefined when at least one digest is
 * present and all match, else a reason.
 */
export function checkDigests(digests: readonly NamedDigest[], data: Uint8Array, what: string): string | undefined {
  if (digests.length === 0) return `no digest of ${what}`;
  for (const digest of digests) {
    const actual = base64Digest(digest.hash, data);
    if (actual !== digest.expected) return `${digest.algorithm} digest of ${what} does not match (expected ${digest.expected}, computed ${actual})`;
  }
  return undefined;
}
