/** Public entry of the signing model. */
export { readSigning, type ReadSigningOptions } from './read-signing.js';
export type {
  SigningReport,
  SchemeReport,
  SchemeSigner,
  SigningFinding,
  SigningFindingCode,
  SigningBlockReport,
  SourceStampReport,
  SchemeName,
} from './types.js';
export type { CertificateInfo, PublicKeyInfo } from './certificate.js';
export type { DistinguishedName, NameAttribute } from './distinguished-name.js';
export type { WellKnownKey } from './known-keys.js';
