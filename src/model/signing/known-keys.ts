/**
 * Publicly known signing keys. An app signed with one of these can be re-signed by
 * anyone (the private keys are published in AOSP), so the signature proves nothing
 * about who built it.
 */
import type { DistinguishedName } from './distinguished-name.js';

export interface WellKnownKey {
  readonly name: string;
  /** Why this key carries no attribution value. */
  readonly meaning: string;
  /** Where the fingerprint comes from. */
  readonly source: string;
}

/** SHA-256 of the certificate DER → key. */
const BY_FINGERPRINT: Record<string, WellKnownKey> = {
  // Computed here from AOSP build/target/product/security/testkey.x509.pem (serial
  // 93:6e:ac:be:07:f2:01:df, 2008-02-29), as quoted verbatim in AOSP
  // build/tools/releasetools/test_common.py (VERITY_CERTIFICATE2).
  a40da80a59d170caa950cf15c18c454d47a39b26989d8b640ecd745ba71bf5dc: {
    name: 'AOSP testkey',
    meaning: 'the public AOSP test key: its private key is in the Android source tree',
    source: 'AOSP build/target/product/security/testkey.x509.pem',
  },
  // Computed here from AOSP build/target/product/security/platform.x509.pem (serial
  // b3:99:80:86:d0:56:cf:fa, 2008-04-15). An app with this key on a device built with
  // the public keys gets android:sharedUserId="android.uid.system" privileges.
  c8a2e9bccf597c2fb6dc66bee293fc13f2fc47ec77bc6b2b0d52c11f51192ab8: {
    name: 'AOSP platform key',
    meaning: 'the public AOSP platform key: its private key is in the Android source tree',
    source: 'AOSP build/target/product/security/platform.x509.pem',
  },
};

/**
 * AOSP's testkey, platform, shared, media and networkstack certificates all carry this
 * subject (build/target/product/security/*.x509.pem); a certificate with it is either
 * one of them or an imitation.
 */
const AOSP_SUBJECT =
  'EMAILADDRESS=android@android.com, CN=Android, OU=Android, O=Android, L=Mountain View, ST=California, C=US';

/**
 * The Android SDK creates ~/.android/debug.keystore with subject "CN=Android Debug,
 * O=Android, C=US" (developer.android.com, "Sign your debug build"). Every developer's
 * key differs, so it is recognised by subject, not fingerprint.
 */
const DEBUG_SUBJECT = 'CN=Android Debug, O=Android, C=US';

export function recogniseWellKnownKey(
  sha256: string,
  subject: DistinguishedName | undefined,
): WellKnownKey | undefined {
  const known = BY_FINGERPRINT[sha256];
  if (known !== undefined) return known;
  if (subject?.text === DEBUG_SUBJECT) {
    return {
      name: 'Android debug key',
      meaning: 'a debug build signed with the SDK-generated debug keystore (not a release signature)',
      source: 'subject "CN=Android Debug, O=Android, C=US" written by the Android SDK',
    };
  }
  if (subject?.text === AOSP_SUBJECT) {
    return {
      name: 'AOSP public key set (shared/media/other)',
      meaning: 'carries the subject of the public AOSP keys; treat as a published test key',
      source: 'subject of AOSP build/target/product/security/*.x509.pem',
    };
  }
  return undefined;
}
