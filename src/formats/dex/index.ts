/** DEX structure layer: public entry points. */
export { readDex, type ReadDexOptions } from './read-dex.js';
export { DexFile } from './dex-file.js';
export { detectDexKind } from './header.js';
export { MemberColumns } from './member-columns.js';
export { StringTable, FNV_OFFSET_BASIS, FNV_PRIME, STRING_HASH_BASIS, type StringAnomaly } from './strings.js';
export { decodeMutf8, encodeMutf8 } from './mutf8.js';
export { readEncodedArray, MAX_ENCODED_VALUE_DEPTH, type EncodedValue } from './encoded-value.js';
export { ANNOTATION_VISIBILITY_NAMES, type Annotation, type AnnotationsDirectory } from './annotations.js';
export type { DebugInfo, Position } from './debug-info.js';
export { adler32 } from './integrity.js';
export { descriptorToJavaName, descriptorPackage, descriptorSimpleName, isValidTypeDescriptor } from './names.js';
export { AccessFlag, MapItemType, NO_INDEX } from './constants.js';
export type * from './types.js';
