/**
 * Raw records of an APK Signature Scheme v2 / v3 / v3.1 block (v2 spec, "APK Signature
 * Scheme v2 Block"; v3 spec, "APK Signature Scheme v3 Block"):
 *
 *   length-prefixed sequence of length-prefixed signer:
 *     length-prefixed signed data:
 *       length-prefixed sequence of length-prefixed digests: uint32 algorithm, length-prefixed digest
 *       length-prefixed sequence of length-prefixed X.509 certificates
 *       (v3) uint32 minSDK, uint32 maxSDK
 *       length-prefixed sequence of length-prefixed attributes: uint32 id, value
 *     (v3) uint32 minSDK, uint32 maxSDK
 *     length-prefixed sequence of length-prefixed signatures: uint32 algorithm, length-prefixed signature
 *     length-prefixed public key (SubjectPublicKeyInfo)
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { DiagnosticSink } from '../diagnostics.js';
import { LengthPrefixError, readLengthPrefixed, readLengthPrefixedItems } from './length-prefixed.js';

export type SchemeVersion = 'v2' | 'v3' | 'v3.1';

interface DigestRecord {
  readonly offset: number;
  readonly algorithmId: number;
  readonly digest: Uint8Array;
}
interface SignatureRecord {
  readonly offset: number;
  readonly algorithmId: number;
  readonly signature: Uint8Array;
}
interface AttributeRecord {
  readonly offset: number;
  readonly id: number;
  readonly value: Uint8Array;
}
interface CertificateRecord {
  readonly offset: number;
  readonly der: Uint8Array;
}

export interface SchemeSignerRecord {
  readonly index: number;
  /** Absolute offset of the signer's length prefix. */
  readonly offset: number;
  /** The exact bytes the signatures cover. */
  readonly signedData: Uint8Array;
  readonly signedDataOffset: number;
  readonly digests: DigestRecord[];
  readonly certificates: CertificateRecord[];
  readonly attributes: AttributeRecord[];
  /** v3/v3.1 SDK range inside the signed data, and outside it (they must agree). */
  readonly signedMinSdk?: number;
  readonly signedMaxSdk?: number;
  readonly minSdk?: number;
  readonly maxSdk?: number;
  readonly signatures: SignatureRecord[];
  readonly publicKey: Uint8Array;
  readonly publicKeyOffset: number;
  /** Why this signer could not be read completely (the signer then cannot verify). */
  readonly malformed?: string;
}

export interface SchemeBlockRecord {
  readonly scheme: SchemeVersion;
  readonly offset: number;
  readonly signers: SchemeSignerRecord[];
  /** Why the block's signer sequence could not be read completely. */
  readonly malformed?: string;
}

/** Real APKs have one signer (v3 allows exactly one per SDK range); apksig caps nothing, we cap at 64. */
const MAX_SIGNERS = 64;
/** Per-signer cap for digests, signatures, certificates and attributes. */
const MAX_ITEMS = 256;

interface MutableSigner {
  digests: DigestRecord[];
  certificates: CertificateRecord[];
  attributes: AttributeRecord[];
  signatures: SignatureRecord[];
  signedData: Uint8Array;
  signedDataOffset: number;
  publicKey: Uint8Array;
  publicKeyOffset: number;
  signedMinSdk?: number;
  signedMaxSdk?: number;
  minSdk?: number;
  maxSdk?: number;
}

function describe(error: unknown): string {
  if (error instanceof LengthPrefixError || error instanceof OutOfBoundsError) return error.message;
  throw error;
}

export function readSchemeBlock(
  scheme: SchemeVersion,
  value: Uint8Array,
  valueOffset: number,
  sink: DiagnosticSink,
): SchemeBlockRecord {
  const reader = new ByteReader(value, valueOffset);
  const signers: SchemeSignerRecord[] = [];
  let signerReaders: ByteReader[];
  try {
    const sequence = readLengthPrefixed(reader);
    signerReaders = readLengthPrefixedItems(sequence, MAX_SIGNERS);
  } catch (error) {
    const malformed = `signer sequence unreadable: ${describe(error)}`;
    sink.add('apksig.signers-malformed', valueOffset, `${scheme}: ${malformed}`, 'error');
    return { scheme, offset: valueOffset, signers, malformed };
  }
  if (signerReaders.length === 0) {
    sink.add('apksig.no-signers', valueOffset, `${scheme} block has no signers`, 'error');
  }
  signerReaders.forEach((signerReader, index) => signers.push(readSigner(scheme, signerReader, index, sink)));
  return { scheme, offset: valueOffset, signers };
}

function readSigner(
  scheme: SchemeVersion,
  reader: ByteReader,
  index: number,
  sink: DiagnosticSink,
): SchemeSignerRecord {
  const offset = reader.base - 4;
  const signer: MutableSigner = {
    digests: [],
    certificates: [],
    attributes: [],
    signatures: [],
    signedData: new Uint8Array(0),
    signedDataOffset: reader.base,
    publicKey: new Uint8Array(0),
    publicKeyOffset: reader.base,
  };
  let stage = 'signed data';
  try {
    const signedData = readLengthPrefixed(reader);
    signer.signedData = signedData.bytes;
    signer.signedDataOffset = signedData.base;
    readSignedData(scheme, signedData, signer, (next) => {
      stage = next;
    });
    if (scheme !== 'v2') {
      stage = 'SDK range';
      signer.minSdk = reader.u32();
      signer.maxSdk = reader.u32();
    }
    stage = 'signatures';
    for (const item of readLengthPrefixedItems(readLengthPrefixed(reader), MAX_ITEMS)) {
      const itemOffset = item.base;
      const algorithmId = item.u32();
      signer.signatures.push({ offset: itemOffset, algorithmId, signature: readLengthPrefixed(item).bytes });
    }
    stage = 'public key';
    const publicKey = readLengthPrefixed(reader);
    signer.publicKey = publicKey.bytes;
    signer.publicKeyOffset = publicKey.base;
    return { index, offset, ...signer };
  } catch (error) {
    const malformed = `${stage}: ${describe(error)}`;
    sink.add('apksig.signer-malformed', offset, `${scheme} signer #${index + 1}: ${malformed}`, 'error');
    return { index, offset, ...signer, malformed };
  }
}

function readSignedData(
  scheme: SchemeVersion,
  reader: ByteReader,
  signer: MutableSigner,
  setStage: (stage: string) => void,
): void {
  setStage('digests');
  for (const item of readLengthPrefixedItems(readLengthPrefixed(reader), MAX_ITEMS)) {
    const itemOffset = item.base;
    const algorithmId = item.u32();
    signer.digests.push({ offset: itemOffset, algorithmId, digest: readLengthPrefixed(item).bytes });
  }
  setStage('certificates');
  for (const item of readLengthPrefixedItems(readLengthPrefixed(reader), MAX_ITEMS)) {
    signer.certificates.push({ offset: item.base, der: item.bytes });
  }
  // v3 puts the SDK range between certificates and attributes (V3SchemeVerifier.parseSigner).
  if (scheme !== 'v2') {
    setStage('signed SDK range');
    signer.signedMinSdk = reader.u32();
    signer.signedMaxSdk = reader.u32();
  }
  setStage('additional attributes');
  for (const item of readLengthPrefixedItems(readLengthPrefixed(reader), MAX_ITEMS)) {
    const itemOffset = item.base;
    const id = item.u32();
    signer.attributes.push({ offset: itemOffset, id, value: item.take(item.remaining) });
  }
}
