/**
 * The PKCS#7 / CMS SignedData of a v1 signature block file (META-INF/*.RSA|DSA|EC;
 * RFC 5652 section 5), parsed with @peculiar/asn1-cms. Certificates are taken as the
 * exact DER bytes in the file (fingerprints must be of the stored bytes), and the
 * SignerInfo signature is verified over the .SF (or over its signed attributes, RFC 5652
 * section 5.4) with node:crypto.
 */
import { createHash, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import type { SignedData, SignerInfo } from '@peculiar/asn1-cms';

/**
 * The ASN.1 library is loaded on first use: it is large (hundreds of modules) and only BER
 * signature blocks need it, so `inspect` on other files does not pay for it at start-up.
 * Node's module cache keeps it once loaded.
 */
type Asn1Libraries = { schema: typeof import('@peculiar/asn1-schema'); cms: typeof import('@peculiar/asn1-cms') };
const requireModule = createRequire(import.meta.url);
function asn1(): Asn1Libraries {
  return {
    schema: requireModule('@peculiar/asn1-schema') as Asn1Libraries['schema'],
    cms: requireModule('@peculiar/asn1-cms') as Asn1Libraries['cms'],
  };
}
import {
  DerError,
  DerTag,
  decodeOid,
  derChildren,
  readDer,
  certificatePublicKeyBytes,
  type DerElement,
} from './der.js';
import { PublicKeys } from './verify-signature.js';

export interface Pkcs7SignerInfo {
  readonly issuer?: Uint8Array;
  readonly serialNumberHex?: string;
  readonly digestAlgorithmOid: string;
  readonly signatureAlgorithmOid: string;
  /** The signed attributes re-tagged as SET OF (what the signature covers), when present. */
  readonly signedAttributes?: Uint8Array;
  readonly messageDigest?: Uint8Array;
  readonly signature: Uint8Array;
}

export interface Pkcs7SignedData {
  readonly certificates: readonly Uint8Array[];
  readonly signerInfos: readonly Pkcs7SignerInfo[];
}

/** RFC 5652 11.2 message-digest attribute. */
const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
/** Tag of an implicitly tagged SET: signed attributes are signed with the SET tag (RFC 5652 5.4). */
const SET_TAG = 0x31;

/** Digest algorithm OIDs (RFC 3370, RFC 5754) → node:crypto names. */
const DIGESTS: Record<string, string> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  // Signature OIDs that name their hash; some signers put them in digestAlgorithm.
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
};

function digestName(oid: string): string | undefined {
  return DIGESTS[oid];
}

/** Parses a signature block file; returns the reason as a string when it cannot. */
export function readPkcs7(bytes: Uint8Array): Pkcs7SignedData | string {
  // Signature blocks are DER in practice (jarsigner, apksigner, signapk), and our own DER
  // walk is an order of magnitude faster than the schema library; BER (indefinite
  // lengths), which apksig also accepts, goes through the library.
  try {
    return readPkcs7Der(bytes);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
  }
  return readPkcs7WithLibrary(bytes);
}

/** RFC 5652 3: ContentInfo { contentType, [0] EXPLICIT content }. */
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
/** RFC 5652 5.3: SignerInfo.sid as [0] SubjectKeyIdentifier instead of IssuerAndSerialNumber. */
const CONTEXT_1 = 0xa1;

export function readPkcs7Der(bytes: Uint8Array): Pkcs7SignedData | string {
  const contentInfo = readDer(bytes);
  const [contentType, explicit] = derChildren(contentInfo, 2);
  if (contentType?.tag !== DerTag.OID || explicit?.tag !== DerTag.CONTEXT_0) throw new DerError(0, 'not a ContentInfo');
  const type = decodeOid(contentType.content);
  if (type !== ID_SIGNED_DATA) return `content type ${type} is not SignedData`;
  const signedData = derChildren(explicit, 1)[0];
  if (signedData?.tag !== DerTag.SEQUENCE) throw new DerError(explicit.start, 'no SignedData');
  const fields = derChildren(signedData, 8);
  const signerInfoSet = fields[fields.length - 1];
  if (signerInfoSet?.tag !== DerTag.SET) throw new DerError(signedData.start, 'no signerInfos');
  const certificateSet = fields.find((element) => element.tag === DerTag.CONTEXT_0);
  const certificates =
    certificateSet === undefined
      ? []
      : derChildren(certificateSet, 256)
          .filter((element) => element.tag === DerTag.SEQUENCE)
          .map((element) => element.encoded);
  const signerInfos = derChildren(signerInfoSet, 64).map(readSignerInfoDer);
  return { certificates, signerInfos };
}

function readSignerInfoDer(info: DerElement): Pkcs7SignerInfo {
  const parts = derChildren(info, 8);
  // version, sid, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm, signature, [1] unsignedAttrs?
  const [, sid, digestAlgorithm] = parts;
  let index = 3;
  const signedAttributes = parts[index]?.tag === DerTag.CONTEXT_0 ? parts[index++] : undefined;
  const signatureAlgorithm = parts[index++];
  const signature = parts[index];
  if (
    sid === undefined ||
    digestAlgorithm === undefined ||
    signatureAlgorithm === undefined ||
    signature?.tag !== DerTag.OCTET_STRING
  ) {
    throw new DerError(info.start, 'SignerInfo is incomplete');
  }
  const algorithmOid = (element: DerElement): string => {
    const oid = derChildren(element, 1)[0];
    if (oid?.tag !== DerTag.OID) throw new DerError(element.start, 'AlgorithmIdentifier without OID');
    return decodeOid(oid.content);
  };
  let issuer: Uint8Array | undefined;
  let serialNumberHex: string | undefined;
  if (sid.tag === DerTag.SEQUENCE) {
    const [issuerName, serial] = derChildren(sid, 2);
    if (issuerName === undefined || serial?.tag !== DerTag.INTEGER)
      throw new DerError(sid.start, 'IssuerAndSerialNumber is incomplete');
    issuer = issuerName.encoded;
    serialNumberHex = Buffer.from(serial.content).toString('hex');
  } else if (sid.tag !== DerTag.CONTEXT_0 && sid.tag !== CONTEXT_1 && sid.tag !== 0x80) {
    throw new DerError(sid.start, 'unknown SignerIdentifier');
  }
  let rawAttributes: Uint8Array | undefined;
  let messageDigest: Uint8Array | undefined;
  if (signedAttributes !== undefined) {
    rawAttributes = new Uint8Array(signedAttributes.encoded);
    rawAttributes[0] = SET_TAG;
    for (const attribute of derChildren(signedAttributes, 64)) {
      const [attributeType, values] = derChildren(attribute, 2);
      if (
        attributeType?.tag !== DerTag.OID ||
        decodeOid(attributeType.content) !== ID_MESSAGE_DIGEST ||
        values === undefined
      )
        continue;
      const value = derChildren(values, 1)[0];
      if (value?.tag === DerTag.OCTET_STRING) messageDigest = value.content;
    }
  }
  return {
    ...(issuer === undefined ? {} : { issuer, serialNumberHex }),
    digestAlgorithmOid: algorithmOid(digestAlgorithm),
    signatureAlgorithmOid: algorithmOid(signatureAlgorithm),
    ...(rawAttributes === undefined ? {} : { signedAttributes: rawAttributes }),
    ...(messageDigest === undefined ? {} : { messageDigest }),
    signature: signature.content,
  };
}

export function readPkcs7WithLibrary(bytes: Uint8Array): Pkcs7SignedData | string {
  const {
    schema: { AsnConvert },
    cms: { ContentInfo, SignedData, id_signedData },
  } = asn1();
  let signedData: SignedData;
  try {
    const contentInfo = AsnConvert.parse(bytes, ContentInfo);
    if (contentInfo.contentType !== id_signedData) return `content type ${contentInfo.contentType} is not SignedData`;
    signedData = AsnConvert.parse(contentInfo.content, SignedData);
  } catch (error) {
    return `PKCS#7 unreadable: ${error instanceof Error ? error.message : String(error)}`;
  }
  const certificates = rawCertificates(bytes);
  const signerInfos: Pkcs7SignerInfo[] = [];
  for (const info of signedData.signerInfos) {
    try {
      signerInfos.push(describeSignerInfo(info));
    } catch (error) {
      // A SignerInfo the library cannot re-encode (odd issuer Name) makes the block unusable.
      return `PKCS#7 SignerInfo unreadable: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return { certificates, signerInfos };
}

function describeSignerInfo(info: SignerInfo): Pkcs7SignerInfo {
  const { AsnConvert } = asn1().schema;
  const raw = info.signedAttrsRaw === undefined ? undefined : new Uint8Array(info.signedAttrsRaw.slice(0));
  if (raw !== undefined && raw.length > 0) raw[0] = SET_TAG;
  const digestAttribute = info.signedAttrs?.find((attribute) => attribute.attrType === ID_MESSAGE_DIGEST)
    ?.attrValues[0];
  let messageDigest: Uint8Array | undefined;
  if (digestAttribute !== undefined) {
    try {
      const element = readDer(new Uint8Array(digestAttribute));
      if (element.tag === DerTag.OCTET_STRING) messageDigest = element.content;
    } catch {
      messageDigest = undefined;
    }
  }
  const sid = info.sid.issuerAndSerialNumber;
  return {
    ...(sid === undefined
      ? {}
      : {
          issuer: new Uint8Array(AsnConvert.serialize(sid.issuer)),
          serialNumberHex: Buffer.from(sid.serialNumber).toString('hex'),
        }),
    digestAlgorithmOid: info.digestAlgorithm.algorithm,
    signatureAlgorithmOid: info.signatureAlgorithm.algorithm,
    ...(raw === undefined ? {} : { signedAttributes: raw }),
    ...(messageDigest === undefined ? {} : { messageDigest }),
    signature: new Uint8Array(info.signature.buffer),
  };
}

/** ContentInfo → [0] → SignedData → certificates [0] IMPLICIT: each child's exact bytes. */
function rawCertificates(bytes: Uint8Array): Uint8Array[] {
  try {
    const explicit = derChildren(readDer(bytes), 2)[1];
    const signedData = explicit === undefined ? undefined : derChildren(explicit, 1)[0];
    if (signedData === undefined) return [];
    const set = derChildren(signedData, 6).find((element) => element.tag === DerTag.CONTEXT_0);
    return set === undefined
      ? []
      : derChildren(set, 256)
          .filter((element) => element.tag === DerTag.SEQUENCE)
          .map((element) => element.encoded);
  } catch {
    return [];
  }
}

/** Finds the certificate a SignerInfo names by issuer and serial (RFC 5652 5.3). */
export function signerCertificate(data: Pkcs7SignedData, info: Pkcs7SignerInfo): Uint8Array | undefined {
  if (info.issuer === undefined || info.serialNumberHex === undefined) return data.certificates[0];
  for (const certificate of data.certificates) {
    try {
      const [tbs] = derChildren(readDer(certificate), 1);
      if (tbs === undefined) continue;
      const parts = derChildren(tbs, 10);
      const offset = parts[0]?.tag === DerTag.CONTEXT_0 ? 1 : 0;
      const serial = parts[offset];
      const issuer = parts[offset + 2];
      if (serial === undefined || issuer === undefined) continue;
      if (
        Buffer.from(serial.content).toString('hex') === info.serialNumberHex &&
        Buffer.from(issuer.encoded).equals(Buffer.from(info.issuer))
      ) {
        return certificate;
      }
    } catch {
      continue;
    }
  }
  // The issuer is compared after re-encoding by asn1-schema, which may normalise it;
  // fall back to the serial number alone rather than lose the signer.
  return data.certificates.find((certificate) => serialOf(certificate) === info.serialNumberHex);
}

function serialOf(certificate: Uint8Array): string | undefined {
  try {
    const [tbs] = derChildren(readDer(certificate), 1);
    if (tbs === undefined) return undefined;
    const parts = derChildren(tbs, 2);
    const serial = parts[0]?.tag === DerTag.CONTEXT_0 ? parts[1] : parts[0];
    return serial === undefined ? undefined : Buffer.from(serial.content).toString('hex');
  } catch {
    return undefined;
  }
}

/** Verifies the SignerInfo over `content` (the .SF bytes); returns undefined when it holds, else why not. */
export function verifySignerInfo(
  info: Pkcs7SignerInfo,
  certificate: Uint8Array,
  content: Uint8Array,
  keys: PublicKeys = new PublicKeys(),
): string | undefined {
  const hash = digestName(info.digestAlgorithmOid);
  if (hash === undefined) return `digest algorithm ${info.digestAlgorithmOid} is not supported`;
  let signed = content;
  if (info.signedAttributes !== undefined) {
    if (info.messageDigest === undefined) return 'signed attributes carry no message digest';
    const actual = createHash(hash).update(content).digest();
    if (!actual.equals(Buffer.from(info.messageDigest)))
      return `message digest in the signed attributes does not match the ${hash} of the .SF file`;
    signed = info.signedAttributes;
  }
  const spki = certificatePublicKeyBytes(certificate);
  if (spki === undefined) return 'signer certificate is unreadable';
  const key = keys.parse(spki);
  if (typeof key === 'string') return key;
  try {
    return verify(hash, signed, key, info.signature)
      ? undefined
      : `${hash} ${key.asymmetricKeyType ?? ''} signature over the .SF does not verify`;
  } catch (error) {
    return `signature over the .SF could not be checked (${error instanceof Error ? error.message : String(error)})`;
  }
}
