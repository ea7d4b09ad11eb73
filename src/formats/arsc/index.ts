/**
 * resources.arsc: reader, configuration qualifiers and the aapt-style printer.
 * See table.ts for the entry point and types.ts for the model.
 */
export { readResourceTable } from './table.js';
export { readConfig, defaultConfig, packCode, unpackCode, type ResourceConfig } from './config.js';
export { localePart } from './qualifiers.js';
export { formatAaptValues } from './aapt-format.js';
export { printValue, normalizeForOutput } from './aapt-values.js';
export * from './types.js';
export { packageIdOf, typeIdOf, entryIndexOf, makeResourceId } from './constants.js';
