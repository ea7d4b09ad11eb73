/**
 * header_item checksum (adler32 of everything after the field) and signature
 * (SHA-1 of everything after the field), DEX spec "header_item". A mismatch
 * means the dex was edited after it was built: patched malware, or a dex
 * repackager that did not bother to fix the header.
 */
import { createHash } from 'node:crypto';
import type { DiagnosticSink } from '../diagnostics.js';
import { CHECKSUM_START, HeaderField, SIGNATURE_START } from './constants.js';
import type { DexHeader, Integrity } from './types.js';

const ADLER_MODULUS = 65521;
/** Largest run of bytes whose sums cannot overflow 2^53 before a modulo (zlib's NMAX is 5552 for 32 bits). */
const ADLER_BLOCK = 5552;

/** adler32 (RFC 1950 section 8.2) of `bytes[start, end)`. */
function adler32(bytes: Uint8Array, start: number, end: number): number {
  let a = 1;
  let b = 0;
  let position = start;
  while (position < end) {
    const blockEnd = Math.min(end, position + ADLER_BLOCK);
    for (; position < blockEnd; position++) {
      a += bytes[position] as number;
      b += a;
    }
    a %= ADLER_MODULUS;
    b %= ADLER_MODULUS;
  }
  return ((b << 16) | a) >>> 0;
}

function equalBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Checks checksum and signature over the bytes file_size declares (clamped to what exists). */
export function checkIntegrity(bytes: Uint8Array, header: DexHeader, sink: DiagnosticSink): Integrity {
  const coveredLength = Math.min(bytes.length, Math.max(header.fileSize, SIGNATURE_START));
  const computedChecksum = adler32(bytes, CHECKSUM_START, coveredLength);
  const computedSignature = new Uint8Array(
    createHash('sha1').update(bytes.subarray(SIGNATURE_START, coveredLength)).digest(),
  );
  const checksumMatches = computedChecksum === header.checksum;
  const signatureMatches = equalBytes(computedSignature, header.signature);
  if (!checksumMatches) {
    sink.add(
      'dex.checksum-mismatch',
      header.offset + HeaderField.checksum,
      `adler32 checksum is 0x${header.checksum.toString(16).padStart(8, '0')} in the header, 0x${computedChecksum.toString(16).padStart(8, '0')} computed`,
      'warning',
    );
  }
  if (!signatureMatches) {
    sink.add(
      'dex.signature-mismatch',
      header.offset + HeaderField.signature,
      `SHA-1 signature is ${hex(header.signature)} in the header, ${hex(computedSignature)} computed`,
      'warning',
    );
  }
  return { computedChecksum, checksumMatches, computedSignature, signatureMatches, coveredLength };
}
