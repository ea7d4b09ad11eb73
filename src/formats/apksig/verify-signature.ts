/**
 * Verifies one v2/v3/lineage signature with node:crypto, saying why it failed.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { signatureAlgorithm, signatureAlgorithmName } from './signature-algorithms.js';

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Keys a PublicKeys holds at most (cleared when full): a hostile APK can carry thousands of signers. */
const PUBLIC_KEY_LIMIT = 256;

/**
 * Public keys parsed by one signing read (src/model/signing/read-signing.ts makes one per
 * APK and hands it down to the v1, v2/v3, lineage and certificate checks), keyed by their
 * DER. OpenSSL 3's key decoding costs most of a small APK's signature check (about 0.7 ms a
 * key), and one key is met 3-4 times per APK (v2, v3, lineage, certificate).
 */
export class PublicKeys {
  private readonly parsed = new Map<string, KeyObject | string>();

  /** The key of a SubjectPublicKeyInfo, or why node:crypto cannot read it. */
  parse(spki: Uint8Array): KeyObject | string {
    const cacheKey = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength).toString('base64');
    const known = this.parsed.get(cacheKey);
    if (known !== undefined) return known;
    let key: KeyObject | string;
    try {
      key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    } catch (error) {
      key = `public key unreadable (${error instanceof Error ? error.message : String(error)})`;
    }
    if (this.parsed.size >= PUBLIC_KEY_LIMIT) this.parsed.clear();
    this.parsed.set(cacheKey, key);
    return key;
  }
}

export function verifySchemeSignature(
  algorithmId: number,
  spki: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
  keys: PublicKeys = new PublicKeys(),
): SignatureCheck {
  const algorithm = signatureAlgorithm(algorithmId);
  if (algorithm === undefined) return { ok: false, reason: `${signatureAlgorithmName(algorithmId)} is not supported` };
  const key = keys.parse(spki);
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
