/**
 * Source stamp (AOSP apksig SourceStampVerifier): a signature by the distributor (e.g.
 * Google Play's stamp key) over the APK's v1/v2/v3 digests. Its value is a
 * length-prefixed block whose first item is the length-prefixed stamp certificate:
 * the certificate says which store or channel distributed the file. We read the
 * certificate; the stamp signatures themselves are not verified (listed as a known gap).
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { BlockId } from './constants.js';
import { LengthPrefixError, readLengthPrefixed } from './length-prefixed.js';
import type { SigningBlock } from './signing-block.js';

export interface SourceStamp {
  /** 1 for block 0x2b09189e, 2 for block 0x6dff800d. */
  readonly version: 1 | 2;
  readonly offset: number;
  readonly certificate?: Uint8Array;
  readonly problem?: string;
}

export function readSourceStamp(block: SigningBlock | undefined): SourceStamp | undefined {
  // apksig prefers the v2 stamp when both are present (ApkVerifier.verifySourceStamp).
  const pair =
    block?.pairs.find((candidate) => candidate.id === BlockId.SOURCE_STAMP_V2) ??
    block?.pairs.find((candidate) => candidate.id === BlockId.SOURCE_STAMP_V1);
  if (pair === undefined) return undefined;
  const version = pair.id === BlockId.SOURCE_STAMP_V2 ? 2 : 1;
  try {
    const stamp = readLengthPrefixed(new ByteReader(pair.value, pair.valueOffset));
    return { version, offset: pair.offset, certificate: readLengthPrefixed(stamp).bytes };
  } catch (error) {
    if (!(error instanceof OutOfBoundsError || error instanceof LengthPrefixError)) throw error;
    return { version, offset: pair.offset, problem: `source stamp malformed: ${error.message}` };
  }
}
