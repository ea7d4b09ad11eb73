/**
 * Signature algorithm ids of APK Signature Schemes v2/v3 (v2 spec, "Signature Algorithm IDs";
 * AOSP apksig SignatureAlgorithm.java) and how node:crypto verifies each.
 */
import { constants as cryptoConstants } from 'node:crypto';

export type ContentDigestAlgorithm = 'CHUNKED_SHA256' | 'CHUNKED_SHA512' | 'VERITY_CHUNKED_SHA256';

export interface SignatureAlgorithm {
  readonly id: number;
  readonly name: string;
  /** Key type node:crypto reports for the signer's public key. */
  readonly keyType: 'rsa' | 'ec' | 'dsa';
  /** Hash of the signed data, node:crypto name. */
  readonly hash: 'sha256' | 'sha512';
  readonly padding?: number;
  readonly saltLength?: number;
  readonly contentDigest: ContentDigestAlgorithm;
  /** Larger is preferred when a signer offers several (apksig compares digest strength). */
  readonly strength: number;
}

const RSA_PSS = cryptoConstants.RSA_PKCS1_PSS_PADDING;
const RSA_PKCS1 = cryptoConstants.RSA_PKCS1_PADDING;

/** PSS salt lengths are fixed by the spec: 32 bytes for SHA-256, 64 for SHA-512. */
const PSS_SALT_SHA256 = 32;
const PSS_SALT_SHA512 = 64;

const ALGORITHMS: readonly SignatureAlgorithm[] = [
  {
    id: 0x0101,
    name: 'RSASSA-PSS with SHA2-256',
    keyType: 'rsa',
    hash: 'sha256',
    padding: RSA_PSS,
    saltLength: PSS_SALT_SHA256,
    contentDigest: 'CHUNKED_SHA256',
    strength: 2,
  },
  {
    id: 0x0102,
    name: 'RSASSA-PSS with SHA2-512',
    keyType: 'rsa',
    hash: 'sha512',
    padding: RSA_PSS,
    saltLength: PSS_SALT_SHA512,
    contentDigest: 'CHUNKED_SHA512',
    strength: 3,
  },
  {
    id: 0x0103,
    name: 'RSASSA-PKCS1-v1_5 with SHA2-256',
    keyType: 'rsa',
    hash: 'sha256',
    padding: RSA_PKCS1,
    contentDigest: 'CHUNKED_SHA256',
    strength: 2,
  },
  {
    id: 0x0104,
    name: 'RSASSA-PKCS1-v1_5 with SHA2-512',
    keyType: 'rsa',
    hash: 'sha512',
    padding: RSA_PKCS1,
    contentDigest: 'CHUNKED_SHA512',
    strength: 3,
  },
  {
    id: 0x0201,
    name: 'ECDSA with SHA2-256',
    keyType: 'ec',
    hash: 'sha256',
    contentDigest: 'CHUNKED_SHA256',
    strength: 2,
  },
  {
    id: 0x0202,
    name: 'ECDSA with SHA2-512',
    keyType: 'ec',
    hash: 'sha512',
    contentDigest: 'CHUNKED_SHA512',
    strength: 3,
  },
  {
    id: 0x0301,
    name: 'DSA with SHA2-256',
    keyType: 'dsa',
    hash: 'sha256',
    contentDigest: 'CHUNKED_SHA256',
    strength: 2,
  },
  {
    id: 0x0421,
    name: 'RSASSA-PKCS1-v1_5 with SHA2-256 (verity)',
    keyType: 'rsa',
    hash: 'sha256',
    padding: RSA_PKCS1,
    contentDigest: 'VERITY_CHUNKED_SHA256',
    strength: 1,
  },
  {
    id: 0x0423,
    name: 'ECDSA with SHA2-256 (verity)',
    keyType: 'ec',
    hash: 'sha256',
    contentDigest: 'VERITY_CHUNKED_SHA256',
    strength: 1,
  },
  {
    id: 0x0425,
    name: 'DSA with SHA2-256 (verity)',
    keyType: 'dsa',
    hash: 'sha256',
    contentDigest: 'VERITY_CHUNKED_SHA256',
    strength: 1,
  },
];

export function signatureAlgorithm(id: number): SignatureAlgorithm | undefined {
  return ALGORITHMS.find((algorithm) => algorithm.id === id);
}

export function signatureAlgorithmName(id: number): string {
  return signatureAlgorithm(id)?.name ?? `unknown algorithm 0x${id.toString(16).padStart(4, '0')}`;
}
