/** DEX structure layer: public entry points. */
export { readDex, type ReadDexOptions } from './read-dex.js';
export { DexFile } from './dex-file.js';
export { StringTable, FNV_PRIME, STRING_HASH_BASIS } from './strings.js';
export { decodeMutf8, encodeMutf8 } from './mutf8.js';
export { readEncodedArray, MAX_ENCODED_VALUE_DEPTH, type EncodedValue } from './encoded-value.js';
export { type Annotation } from './annotations.js';
export { descriptorToJavaName, descriptorPackage, descriptorSimpleName, isValidTypeDescriptor } from './names.js';
export { AccessFlag, MapItemType } from './constants.js';
export type * from './types.js';
