/**
 * Verifies one v2/v3/lineage signature with node:crypto, saying why it failed.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { signatureAlgorithm, signatureAlgorithmName } from './signature-algorithms.js';

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * OpenSSL 3's key decoding costs most of a small APK's signature check (about 0.7 ms a
 * key), and one key is met 3-4 times per APK (v2, v3, lineage, certificate): parsed keys
 * are kept, keyed by their DER, in a small bounded cache.
 */
const PUBLIC_KEY_CACHE_LIMIT = 256;
const publicKeyCache = new Map<string, KeyObject | string>();

export function parsePublicKey(spki: Uint8Array): KeyObject | string {
  const cacheKey = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength).toString('base64');
  const cached = publicKeyCache.get(cacheKey);
  if (cached !== undefined) return cached;
  let parsed: KeyObject | string;
  try {
    parsed = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (error) {
    parsed = `public key unreadable (${error instanceof Error ? error.message : String(error)})`;
  }
  if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
  publicKeyCache.set(cacheKey, parsed);
  return parsed;
}

export function verifySchemeSignature(
  algorithmId: number,
  spki: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
): SignatureCheck {
  const algorithm = signatureAlgorithm(algorithmId);
  if (algorithm === undefined) return { ok: false, reason: `${signatureAlgorithmName(algorithmId)} is not supported` };
  const key = parsePublicKey(spki);
  if (typeof key === 'string') return { ok: false, reason: key };
  const keyType = key.asymmetricKeyType === 'rsa-pss' ? 'rsa' : key.asymmetricKeyType;
  if (keyType !== algorithm.keyType) {
    return {
      ok: false,
      reason: `${algorithm.name} signature but the key is ${key.asymmetricKeyType ?? 'of unknown type'}`,
    };
  }
  try {
    const options =
      algorithm.padding === undefined
        ? { key }
        : {
            key,
            padding: algorithm.padding,
            ...(algorithm.saltLength === undefined ? {} : { saltLength: algorithm.saltLength }),
          };
    const ok = verify(algorithm.hash, data, options, signature);
    return ok ? { ok: true } : { ok: false, reason: `${algorithm.name} signature does not verify` };
  } catch (error) {
    return {
      ok: false,
      reason: `${algorithm.name} signature could not be checked (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}
