/** Dex discovery: where every piece of an app's code comes from, and each parsed. */
export { findDexSources, PREFIX_LOCATION, type DiscoveredDex } from './dex-sources.js';
export { readDexSources, type ParsedDexSource } from './read-sources.js';
