/**
 * Fixed sizes and flags of the resource-table records (AOSP ResourceTypes.h).
 * Chunk type ids themselves live in ../res/chunk.ts, shared with binary XML.
 */

/** sizeof(ResTable_header): ResChunk_header + uint32 packageCount. */
export const RES_TABLE_HEADER_SIZE = 12;

/** ResTable_package: header(8) id(4) name(char16[128]) typeStrings lastPublicType keyStrings lastPublicKey typeIdOffset. */
export const PACKAGE_NAME_CHAR16_COUNT = 128;
/** Header of the oldest packages, without typeIdOffset (Android < 7). */
export const RES_TABLE_PACKAGE_MIN_HEADER_SIZE = 284;
export const PACKAGE_OFFSET = {
  id: 8,
  name: 12,
  typeStrings: 268,
  lastPublicType: 272,
  keyStrings: 276,
  lastPublicKey: 280,
  typeIdOffset: 284,
} as const;
/** Resource id 0xPPTTEEEE: the package id a shared library is compiled with (DynamicRefTable). */
export const SHARED_LIBRARY_PACKAGE_ID = 0x00;

/** ResTable_typeSpec: header(8) id(1) res0(1) typesCount(2) entryCount(4). */
export const RES_TABLE_TYPE_SPEC_HEADER_SIZE = 16;
export const TYPE_SPEC_OFFSET = { id: 8, res0: 9, typesCount: 10, entryCount: 12 } as const;

/** ResTable_type: header(8) id(1) flags(1) reserved(2) entryCount(4) entriesStart(4) then ResTable_config. */
export const TYPE_OFFSET = { id: 8, flags: 9, reserved: 10, entryCount: 12, entriesStart: 16, config: 20 } as const;
/** Header size when the config is at its smallest (28 bytes). */
export const RES_TABLE_TYPE_MIN_HEADER_SIZE = 20;
/** ResTable_type.flags. */
export const FLAG_SPARSE = 0x01;
export const FLAG_OFFSET16 = 0x02;
/** ResTable_type::NO_ENTRY and its 16-bit form. */
export const NO_ENTRY = 0xffffffff;
export const NO_ENTRY_OFFSET16 = 0xffff;
/**
 * Entries one type can hold: a resource id is 0xPPTTEEEE, so the entry index has 16 bits
 * (ResourceTypes.h Res_MAKEID); LoadedArsc.cpp VerifyResTableType refuses a type chunk whose
 * entryCount exceeds uint16_t's range. The corpus' largest type has far fewer
 * (docs/robustness.md gives the figure).
 */
export const MAX_ENTRIES_PER_TYPE = 0xffff;
/** Offsets in OFFSET16 and sparse tables are stored divided by 4. */
export const OFFSET_UNIT = 4;
export const SPARSE_TYPE_ENTRY_SIZE = 4;

/** ResTable_entry: size(2) flags(2) key(4). */
export const RES_TABLE_ENTRY_SIZE = 8;
/** ResTable_map_entry adds parent(4) and count(4). */
export const RES_TABLE_MAP_ENTRY_SIZE = 16;
/** ResTable_map: name(4) + Res_value(8). */
export const RES_TABLE_MAP_SIZE = 12;
export const RES_VALUE_SIZE = 8;
/** ResTable_entry.flags. */
export const FLAG_COMPLEX = 0x0001;
export const FLAG_PUBLIC = 0x0002;
/** Android 14: key index in the size field, dataType in the high byte of flags, data in the key field. */
export const FLAG_COMPACT = 0x0008;
export const COMPACT_DATA_TYPE_SHIFT = 8;

/** ResTable_lib_header: header(8) count(4); ResTable_lib_entry: packageId(4) packageName(char16[128]). */
export const RES_TABLE_LIB_HEADER_SIZE = 12;
export const RES_TABLE_LIB_ENTRY_SIZE = 260;
export const LIB_HEADER_COUNT_OFFSET = 8;

/** ResTable_overlayable_header: header(8) name(char16[256]) actor(char16[256]). */
export const OVERLAYABLE_NAME_CHAR16_COUNT = 256;
export const RES_TABLE_OVERLAYABLE_HEADER_SIZE = 8 + 2 * 2 * OVERLAYABLE_NAME_CHAR16_COUNT;
export const OVERLAYABLE_OFFSET = { name: 8, actor: 8 + 2 * OVERLAYABLE_NAME_CHAR16_COUNT } as const;
/** ResTable_overlayable_policy_header: header(8) policy_flags(4) entry_count(4). */
export const RES_TABLE_OVERLAYABLE_POLICY_HEADER_SIZE = 16;
export const OVERLAYABLE_POLICY_OFFSET = { policyFlags: 8, entryCount: 12 } as const;

/** ResTable_staged_alias_header: header(8) count(4); entry: stagedResId(4) finalizedResId(4). */
export const RES_TABLE_STAGED_ALIAS_HEADER_SIZE = 12;
export const RES_TABLE_STAGED_ALIAS_ENTRY_SIZE = 8;
export const STAGED_ALIAS_COUNT_OFFSET = 8;

export function makeResourceId(packageId: number, typeId: number, entryIndex: number): number {
  return ((packageId << 24) | (typeId << 16) | entryIndex) >>> 0;
}
