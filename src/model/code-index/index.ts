/** The code index: every class, method, string and call site of an app's dex files. */
export { buildCodeIndex } from './build.js';
export { CodeIndex, type FieldAccesses } from './code-index.js';
export {
  loadDexSources,
  loadDexSourcesFromApk,
  multidexName,
  prefixDexSource,
  DEX_ENTRY_LIMIT,
  PREFIX_DEX_NAME,
  type LoadDexOptions,
} from './dex-sources.js';
export type * from './types.js';
