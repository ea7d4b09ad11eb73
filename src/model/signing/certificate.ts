/**
 * Certificate model: what a researcher needs to attribute an app to its maker and link
 * it to other apps by the same key. Fingerprints are of the DER exactly as stored in the
 * APK (the value apksigner and keytool print).
 */
import { X509Certificate, createHash } from 'node:crypto';
import { PublicKeys } from '../../formats/apksig/verify-signature.js';
import { DerTag, decodeOid, derChildren, readDer, type DerElement } from '../../formats/apksig/der.js';
import { decodeName, type DistinguishedName } from './distinguished-name.js';
import { recogniseWellKnownKey, type WellKnownKey } from './known-keys.js';

interface PublicKeyInfo {
  /** "RSA", "EC", "DSA", "Ed25519", ... */
  readonly algorithm: string;
  readonly sizeBits?: number;
  readonly curve?: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER (stable across certificate renewals). */
  readonly sha256: string;
}

export interface CertificateInfo {
  readonly sha256: string;
  readonly sha1: string;
  readonly md5: string;
  readonly derBase64: string;
  readonly subject?: DistinguishedName;
  readonly issuer?: DistinguishedName;
  /** Serial number as lowercase hex of its two's-complement bytes. */
  readonly serialNumber?: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
  readonly signatureAlgorithm?: string;
  readonly publicKey?: PublicKeyInfo;
  /** Issuer equals subject and the certificate's signature verifies with its own key. */
  readonly selfSigned?: boolean;
  readonly expired?: boolean;
  readonly notYetValid?: boolean;
  readonly wellKnownKey?: WellKnownKey;
  /** What could not be read (a certificate with problems is still listed by fingerprint). */
  readonly problems: readonly string[];
}

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'MD5withRSA',
  '1.2.840.113549.1.1.5': 'SHA1withRSA',
  '1.2.840.113549.1.1.11': 'SHA256withRSA',
  '1.2.840.113549.1.1.12': 'SHA384withRSA',
  '1.2.840.113549.1.1.13': 'SHA512withRSA',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.10045.4.3.2': 'SHA256withECDSA',
  '1.2.840.10045.4.3.3': 'SHA384withECDSA',
  '1.2.840.10045.4.3.4': 'SHA512withECDSA',
  '1.2.840.10040.4.3': 'SHA1withDSA',
  '2.16.840.1.101.3.4.3.2': 'SHA256withDSA',
  '1.3.101.112': 'Ed25519',
};

/** Bits of the named curves node:crypto reports. */
const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  secp256k1: 256,
};

function hex(bytes: Uint8Array, algorithm: string): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

/** X.690 11.7/11.8: UTCTime YYMMDDHHMMSSZ (years 50-99 are 19xx, RFC 5280 4.1.2.5.1), GeneralizedTime YYYYMMDDHHMMSSZ. */
function decodeTime(element: DerElement): Date | undefined {
  const text = Buffer.from(element.content).toString('latin1');
  const match =
    element.tag === DerTag.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(text);
  if (match === null) return undefined;
  let year = Number(match[1]);
  if (element.tag === DerTag.UTC_TIME) year += year >= 50 ? 1900 : 2000;
  const date = new Date(
    Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6] ?? 0)),
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Bits of an unsigned big-endian INTEGER's contents (leading zero octets ignored). */
function integerBits(content: Uint8Array): number | undefined {
  let first = 0;
  while (first < content.length && content[first] === 0) first++;
  if (first === content.length) return undefined;
  return (content.length - first - 1) * 8 + (32 - Math.clz32(content[first] ?? 0));
}

/**
 * A DSA key's size: the bits of p in the Dss-Parms of its AlgorithmIdentifier (RFC 3279
 * 2.3.2), read here rather than through node:crypto's asymmetricKeyDetails, which aborts
 * the whole process (a native assertion, no exception) on a DSA key OpenSSL accepted
 * without its parameters: fuzz case scan-16004/1033331806, a mutated
 * apksig/v1-only-with-dsa-sha256 certificate (docs/robustness.md).
 */
function dsaBits(spki: Uint8Array): number | undefined {
  try {
    const [algorithm] = derChildren(readDer(spki), 2);
    const [, parameters] = algorithm === undefined ? [] : derChildren(algorithm, 2);
    if (parameters?.tag !== DerTag.SEQUENCE) return undefined;
    const [p] = derChildren(parameters, 3);
    return p?.tag === DerTag.INTEGER ? integerBits(p.content) : undefined;
  } catch {
    return undefined;
  }
}

function describePublicKey(spki: Uint8Array, keys: PublicKeys): PublicKeyInfo {
  const sha256 = hex(spki, 'sha256');
  const key = keys.parse(spki);
  if (typeof key === 'string') return { algorithm: 'unreadable', sha256 };
  const type = key.asymmetricKeyType ?? 'unknown';
  if (type === 'dsa') {
    const sizeBits = dsaBits(spki);
    return { algorithm: 'DSA', sha256, ...(sizeBits === undefined ? {} : { sizeBits }) };
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec') {
    const curve = details.namedCurve;
    const sizeBits = curve === undefined ? undefined : CURVE_BITS[curve];
    return {
      algorithm: 'EC',
      sha256,
      ...(curve === undefined ? {} : { curve }),
      ...(sizeBits === undefined ? {} : { sizeBits }),
    };
  }
  const algorithm = type === 'rsa' ? 'RSA' : type === 'rsa-pss' ? 'RSASSA-PSS' : type === 'ed25519' ? 'Ed25519' : type;
  return { algorithm, sha256, ...(details.modulusLength === undefined ? {} : { sizeBits: details.modulusLength }) };
}

/**
 * Describes one DER certificate. Never throws: what cannot be read goes to `problems`.
 * `keys`: the signing read's parsed keys (the certificate's key was met by its signature check).
 */
export function describeCertificate(
  der: Uint8Array,
  at: Date = new Date(),
  keys: PublicKeys = new PublicKeys(),
): CertificateInfo {
  const problems: string[] = [];
  const base = {
    sha256: hex(der, 'sha256'),
    sha1: hex(der, 'sha1'),
    md5: hex(der, 'md5'),
    derBase64: Buffer.from(der).toString('base64'),
  };
  let fields: Omit<CertificateInfo, keyof typeof base | 'problems'> = {};
  let spki: Uint8Array | undefined;
  try {
    const certificate = readDer(der);
    const [tbs, signatureAlgorithm] = derChildren(certificate, 3);
    if (tbs === undefined) throw new Error('no TBSCertificate');
    const parts = derChildren(tbs, 10);
    // TBSCertificate: [0] version is optional (RFC 5280 4.1).
    const offset = parts[0]?.tag === DerTag.CONTEXT_0 ? 1 : 0;
    const [serial, , issuer, validity, subject, keyInfo] = parts.slice(offset);
    if (
      serial === undefined ||
      issuer === undefined ||
      validity === undefined ||
      subject === undefined ||
      keyInfo === undefined
    ) {
      throw new Error('TBSCertificate has too few fields');
    }
    const [notBeforeElement, notAfterElement] = derChildren(validity, 2);
    const notBefore = notBeforeElement === undefined ? undefined : decodeTime(notBeforeElement);
    const notAfter = notAfterElement === undefined ? undefined : decodeTime(notAfterElement);
    if (notBefore === undefined || notAfter === undefined) problems.push('validity dates unreadable');
    const algorithmOid = signatureAlgorithm === undefined ? undefined : derChildren(signatureAlgorithm, 1)[0];
    const oid = algorithmOid === undefined ? undefined : decodeOid(algorithmOid.content);
    spki = keyInfo.encoded;
    const subjectName = decodeName(subject.encoded);
    const issuerName = decodeName(issuer.encoded);
    fields = {
      subject: subjectName,
      issuer: issuerName,
      serialNumber: Buffer.from(serial.content).toString('hex'),
      ...(notBefore === undefined ? {} : { notBefore: notBefore.toISOString(), notYetValid: at < notBefore }),
      ...(notAfter === undefined ? {} : { notAfter: notAfter.toISOString(), expired: at > notAfter }),
      ...(oid === undefined ? {} : { signatureAlgorithm: SIGNATURE_ALGORITHMS[oid] ?? oid }),
      publicKey: describePublicKey(spki, keys),
      selfSigned: Buffer.from(issuer.encoded).equals(Buffer.from(subject.encoded)) && verifiesWithOwnKey(der),
    };
  } catch (error) {
    problems.push(`certificate structure unreadable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const wellKnownKey = recogniseWellKnownKey(base.sha256, fields.subject);
  return { ...base, ...fields, ...(wellKnownKey === undefined ? {} : { wellKnownKey }), problems };
}

function verifiesWithOwnKey(der: Uint8Array): boolean {
  try {
    const certificate = new X509Certificate(Buffer.from(der));
    return certificate.verify(certificate.publicKey);
  } catch {
    return false;
  }
}
