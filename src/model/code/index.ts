/** Dex discovery: where every piece of an app's code comes from, and each parsed. */
export {
  findDexSources,
  PREFIX_LOCATION,
  type DiscoveredDex,
  type DexOrigin,
  type FindDexOptions,
} from './dex-sources.js';
export { readDexSources, type ParsedDexSource, type ReadSourcesOptions } from './read-sources.js';
