/** The app's code: where every piece of it comes from (dex discovery), each parsed. */
export {
  dexFileSource,
  findDexSources,
  findDexSourcesInApk,
  multidexName,
  parsedSources,
  PREFIX_LOCATION,
  summarizeDex,
  type DexSource,
  type DexSummary,
  type ParsedDexSource,
} from './dex-sources.js';
/** Java spelling of a type descriptor (`Lcom/a/B;` is `com.a.B`, `[I` is `int[]`). */
export { descriptorToJavaName } from '../../formats/dex/index.js';
/** The class_def_item as the dex layer reads it (rules cite its offset as evidence). */
export type { ClassDef } from '../../formats/dex/index.js';
