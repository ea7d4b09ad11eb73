/** Public entry of the signing model. */
export { readSigning } from './read-signing.js';
export type { SigningReport, SchemeReport, SchemeName } from './types.js';
