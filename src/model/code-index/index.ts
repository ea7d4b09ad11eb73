/** The code index: every class, method, string and call site of an app's dex files. */
export { buildCodeIndex } from './build.js';
export { CodeIndex } from './code-index.js';
export type * from './types.js';
