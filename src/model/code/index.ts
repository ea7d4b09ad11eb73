/** Dex discovery: where every piece of an app's code comes from. */
export { findDexSources, PREFIX_LOCATION, type DexSource, type DexOrigin, type FindDexOptions } from './dex-sources.js';
