/**
 * Digest headers of JAR signing (JAR File Specification, "Signed JAR File": "x-Digest",
 * "x-Digest-Manifest", "x-Digest-Manifest-Main-Attributes"; apksig V1SchemeVerifier).
 */
import * as crypto from 'node:crypto';
import type { ManifestSection } from './jar-manifest.js';

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

/** JAR_DIGESTS positions by lower-case algorithm name (header names are case-insensitive). */
const DIGEST_INDEX: ReadonlyMap<string, number> = new Map(
  JAR_DIGESTS.map(([algorithm], index) => [algorithm.toLowerCase(), index]),
);

/** The suffixes this module reads (digestHeaders' callers): their header names as the JAR spec spells them. */
const SUFFIXES = ['-Digest', '-Digest-Manifest', '-Digest-Manifest-Main-Attributes'];

/** "<alg><suffix>" exactly as JAR_DIGESTS spells the algorithm → its JAR_DIGESTS position. */
function spellings(suffix: string): ReadonlyMap<string, number> {
  return new Map(JAR_DIGESTS.map(([algorithm], index) => [`${algorithm}${suffix}`, index]));
}

const EXACT_SPELLINGS: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map(
  SUFFIXES.map((suffix) => [suffix, spellings(suffix)]),
);

function exactSpellings(suffix: string): ReadonlyMap<string, number> {
  return EXACT_SPELLINGS.get(suffix) ?? spellings(suffix);
}

/**
 * All recognised "<alg><suffix>" headers of a section, e.g. suffix "-Digest", in JAR_DIGESTS
 * order, the first header of each name (as header() finds it). One pass over the headers:
 * six header() look-ups lower-cased every header name six times per digested entry. A
 * header spelled as the spec spells it ("SHA-256-Digest") is found by that spelling;
 * only other spellings are lower-cased (names are case-insensitive).
 */
export function digestHeaders(section: ManifestSection, suffix: string): NamedDigest[] {
  const wanted = suffix.toLowerCase();
  const exact = exactSpellings(suffix);
  let values: Array<string | undefined> | undefined;
  for (const [key, value] of section.headers) {
    if (key.length <= wanted.length) continue;
    let index = exact.get(key);
    if (index === undefined) {
      const lower = key.toLowerCase();
      if (!lower.endsWith(wanted)) continue;
      index = DIGEST_INDEX.get(lower.slice(0, lower.length - wanted.length));
      if (index === undefined) continue;
    }
    values ??= new Array<string | undefined>(JAR_DIGESTS.length);
    values[index] ??= value;
  }
  const found: NamedDigest[] = [];
  if (values === undefined) return found;
  JAR_DIGESTS.forEach(([algorithm, hash], index) => {
    const expected = values[index];
    if (expected !== undefined) found.push({ algorithm, hash, expected: expected.trim() });
  });
  return found;
}

type OneShotHash = (algorithm: string, data: Uint8Array, encoding: 'base64') => string;
/** crypto.hash (Node 20.12+): one call instead of a Hash object, its update and digest per entry. */
const oneShotHash = (crypto as { hash?: OneShotHash }).hash;

function base64Digest(hash: string, data: Uint8Array): string {
  return oneShotHash === undefined
    ? crypto.createHash(hash).update(data).digest('base64')
    : oneShotHash(hash, data, 'base64');
}

/**
 * Checks a list of digests against data. Returns undefined when at least one digest is
 * present and all match, else a reason.
 */
export function checkDigests(digests: readonly NamedDigest[], data: Uint8Array, what: string): string | undefined {
  if (digests.length === 0) return `no digest of ${what}`;
  for (const digest of digests) {
    const actual = base64Digest(digest.hash, data);
    if (actual !== digest.expected)
      return `${digest.algorithm} digest of ${what} does not match (expected ${digest.expected}, computed ${actual})`;
  }
  return undefined;
}
