/**
 * A minimal bounded DER walker (ITU-T X.690 section 8.1: identifier, length, contents),
 * used where we need the exact bytes of a structure (the SubjectPublicKeyInfo to compare
 * with a v2 signer's public key, the subject/issuer Name with its original string types,
 * the signed attributes of a PKCS#7 SignerInfo). Library decoders re-encode; evidence
 * needs the bytes as they are in the file.
 */
import { ByteReader } from '../binary/byte-reader.js';

export interface DerElement {
  /** Identifier octet (tag number < 31 only; higher tags are reported as-is). */
  readonly tag: number;
  /** Offset of the identifier octet, relative to the buffer the walker was given. */
  readonly start: number;
  /** Offset of the contents. */
  readonly contentStart: number;
  readonly contentLength: number;
  /** Identifier + length + contents. */
  readonly encoded: Uint8Array;
  readonly content: Uint8Array;
}

export class DerError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(`DER at offset ${offset}: ${message}`);
    this.name = 'DerError';
  }
}

/** Definite lengths only (DER); at most 4 length octets. */
const MAX_LENGTH_OCTETS = 4;
const LONG_FORM = 0x80;
export const DerTag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  VISIBLE_STRING: 0x1a,
  SEQUENCE: 0x30,
  SET: 0x31,
  CONTEXT_0: 0xa0,
} as const;

/** Reads one element at `position` of `bytes`. Throws DerError on any inconsistency. */
export function readDer(bytes: Uint8Array, position = 0): DerElement {
  const reader = new ByteReader(bytes);
  if (!reader.has(2, position)) throw new DerError(position, 'truncated header');
  const tag = reader.u8At(position);
  const first = reader.u8At(position + 1);
  let length = first;
  let contentStart = position + 2;
  if (first & LONG_FORM) {
    const octets = first & ~LONG_FORM;
    if (octets === 0 || octets > MAX_LENGTH_OCTETS)
      throw new DerError(position, `unsupported length form 0x${first.toString(16)}`);
    if (!reader.has(octets, contentStart)) throw new DerError(position, 'truncated length');
    length = 0;
    for (let index = 0; index < octets; index++) length = length * 256 + reader.u8At(contentStart + index);
    contentStart += octets;
  }
  if (!reader.has(length, contentStart)) throw new DerError(position, `length ${length} runs past the end`);
  return {
    tag,
    start: position,
    contentStart,
    contentLength: length,
    encoded: bytes.subarray(position, contentStart + length),
    content: bytes.subarray(contentStart, contentStart + length),
  };
}

/** The children of a constructed element, at most `max` of them. */
export function derChildren(element: DerElement, max = 4096): DerElement[] {
  const children: DerElement[] = [];
  let position = 0;
  while (position < element.content.byteLength && children.length < max) {
    const child = readDer(element.content, position);
    children.push(child);
    position = child.contentStart + child.contentLength;
  }
  return children;
}

/** Decodes an OBJECT IDENTIFIER's contents to dotted form (X.690 8.19). */
export function decodeOid(content: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.join('.');
}

/** The exact SubjectPublicKeyInfo bytes of a DER certificate (RFC 5280 4.1); undefined when unreadable. */
export function certificatePublicKeyBytes(der: Uint8Array): Uint8Array | undefined {
  try {
    const [tbs] = derChildren(readDer(der), 1);
    if (tbs === undefined) return undefined;
    const parts = derChildren(tbs, 10);
    // TBSCertificate: optional [0] version, serial, signature, issuer, validity, subject, subjectPublicKeyInfo.
    const offset = parts[0]?.tag === DerTag.CONTEXT_0 ? 1 : 0;
    return parts[offset + 5]?.encoded;
  } catch {
    return undefined;
  }
}
