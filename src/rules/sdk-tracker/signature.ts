/**
 * One SDK signature: the Java package prefixes and network hosts that identify a public SDK,
 * what kind of SDK it is, what it collects when the app uses it, and the public page the facts
 * were taken from (README: sources and licences).
 */
import type { DataCategory } from '../../findings/vocabulary.js';

/** What an SDK is for (docs/vocabulary.md, "SDK kinds"). */
export const SDK_KINDS = [
  'advertising',
  'attribution',
  'analytics',
  'session-replay',
  'crash-reporting',
  'push',
  'location',
  'maps',
  'social',
  'login',
  'payment',
  'fingerprinting',
  'identity-verification',
  'biometrics',
  'ocr',
  'speech',
  'communication',
  'customer-support',
  'cloud-storage',
] as const;
type SdkKind = (typeof SDK_KINDS)[number];

export interface SdkSignature {
  readonly name: string;
  /** Class descriptor prefixes (`Lcom/google/firebase/analytics/`). */
  readonly prefixes: readonly string[];
  readonly hosts: readonly string[];
  readonly kind: SdkKind;
  readonly categories: readonly DataCategory[];
  readonly source: string;
}

export function sdk(
  name: string,
  packages: readonly string[],
  hosts: readonly string[],
  kind: SdkSignature['kind'],
  categories: readonly DataCategory[],
  source: string,
): SdkSignature {
  return { name, prefixes: packages.map((pkg) => `L${pkg.replace(/\./g, '/')}/`), hosts, kind, categories, source };
}
