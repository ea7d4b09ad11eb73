/**
 * Named constants of the Dalvik Executable format.
 * Spec: source.android.com/docs/core/dalvik/dex-format ("DEX spec" below),
 * and AOSP art/libdexfile/dex/dex_file.h for what the runtime really reads.
 */

/** DEX spec "header_item": `dex\n` followed by a three-digit version and NUL. */
export const DEX_FILE_MAGIC = [0x64, 0x65, 0x78, 0x0a] as const;
/** Versions Android has shipped (DEX spec "DEX_FILE_MAGIC"; 041 adds containers, ART dex_file.h). */
export const DEX_MIN_VERSION = 35;
export const DEX_MAX_VERSION = 41;
/** Version from which the header carries container_size/header_offset (ART StandardDexFile::kDexContainerVersion). */
export const DEX_CONTAINER_VERSION = 41;
/** Compact dex written by ART's dex2oat into vdex files (art/libdexfile/dex/compact_dex_file.h). */
export const COMPACT_DEX_MAGIC = [0x63, 0x64, 0x65, 0x78] as const; // "cdex"
/** Optimized dex produced by dexopt on Dalvik (dalvik/libdex/DexFile.h DEX_OPT_MAGIC). */
export const ODEX_MAGIC = [0x64, 0x65, 0x79, 0x0a] as const; // "dey\n"
/** Verified dex container (art/runtime/vdex_file.h kVdexMagic). */
export const VDEX_MAGIC = [0x76, 0x64, 0x65, 0x78] as const; // "vdex"
/** ART ahead-of-time compiled file (art/runtime/oat.h kOatMagic), sometimes shipped as ".dex". */
export const OAT_MAGIC = [0x6f, 0x61, 0x74, 0x0a] as const; // "oat\n"

/** DEX spec header_item: size of the fixed header before version 041. */
export const HEADER_SIZE_V35 = 0x70;
/** Version 041 header adds container_size and header_offset (ART dex_file.h Header). */
export const HEADER_SIZE_V41 = 0x78;
/** DEX spec "ENDIAN_CONSTANT" and "REVERSE_ENDIAN_CONSTANT". */
export const ENDIAN_CONSTANT = 0x12345678;
export const REVERSE_ENDIAN_CONSTANT = 0x78563412;
/** DEX spec "NO_INDEX": absent index in class_def_item and elsewhere. */
export const NO_INDEX = 0xffffffff;

/** Byte offsets of header_item fields (DEX spec "header_item"). */
export const HeaderField = {
  magic: 0x00,
  checksum: 0x08,
  signature: 0x0c,
  fileSize: 0x20,
  headerSize: 0x24,
  endianTag: 0x28,
  linkSize: 0x2c,
  linkOffset: 0x30,
  mapOffset: 0x34,
  stringIdsSize: 0x38,
  stringIdsOffset: 0x3c,
  typeIdsSize: 0x40,
  typeIdsOffset: 0x44,
  protoIdsSize: 0x48,
  protoIdsOffset: 0x4c,
  fieldIdsSize: 0x50,
  fieldIdsOffset: 0x54,
  methodIdsSize: 0x58,
  methodIdsOffset: 0x5c,
  classDefsSize: 0x60,
  classDefsOffset: 0x64,
  dataSize: 0x68,
  dataOffset: 0x6c,
  containerSize: 0x70,
  headerOffset: 0x74,
} as const;

/** The adler32 checksum covers the file from here (DEX spec header_item "checksum"). */
export const CHECKSUM_START = 0x0c;
/** The SHA-1 signature covers the file from here (DEX spec header_item "signature"). */
export const SIGNATURE_START = 0x20;
export const SIGNATURE_LENGTH = 20;

/** Fixed record sizes (DEX spec, one section per item). */
export const STRING_ID_ITEM_SIZE = 4;
export const TYPE_ID_ITEM_SIZE = 4;
export const PROTO_ID_ITEM_SIZE = 12;
export const FIELD_ID_ITEM_SIZE = 8;
export const METHOD_ID_ITEM_SIZE = 8;
export const CLASS_DEF_ITEM_SIZE = 32;
export const CALL_SITE_ID_ITEM_SIZE = 4;
export const METHOD_HANDLE_ITEM_SIZE = 8;
export const MAP_ITEM_SIZE = 12;
export const TYPE_ITEM_SIZE = 2;
/** code_item fixed part: registers, ins, outs, tries (ushort each), debug_info_off, insns_size (uint each). */
export const CODE_ITEM_HEADER_SIZE = 16;
export const TRY_ITEM_SIZE = 8;
/** Smallest encodings inside class_data_item: two uleb128 per field, three per method. */
export const MIN_ENCODED_FIELD_SIZE = 2;
export const MIN_ENCODED_METHOD_SIZE = 3;
/** A uleb128 in a dex file encodes a 32-bit value in at most five bytes (DEX spec "LEB128"). */
export const MAX_ULEB128_SIZE = 5;

/** DEX spec "Type codes" of map_item. */
export const MapItemType = {
  headerItem: 0x0000,
  stringIdItem: 0x0001,
  typeIdItem: 0x0002,
  protoIdItem: 0x0003,
  fieldIdItem: 0x0004,
  methodIdItem: 0x0005,
  classDefItem: 0x0006,
  callSiteIdItem: 0x0007,
  methodHandleItem: 0x0008,
  mapList: 0x1000,
  typeList: 0x1001,
  annotationSetRefList: 0x1002,
  annotationSetItem: 0x1003,
  classDataItem: 0x2000,
  codeItem: 0x2001,
  stringDataItem: 0x2002,
  debugInfoItem: 0x2003,
  annotationItem: 0x2004,
  encodedArrayItem: 0x2005,
  annotationsDirectoryItem: 0x2006,
  hiddenapiClassDataItem: 0xf000,
} as const;

export const MAP_ITEM_TYPE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(MapItemType).map(([name, code]) => [code, name]),
);

/** DEX spec "access_flags definitions". */
export const AccessFlag = {
  public: 0x1,
  private: 0x2,
  protected: 0x4,
  static: 0x8,
  final: 0x10,
  synchronized: 0x20,
  volatile: 0x40,
  bridge: 0x40,
  transient: 0x80,
  varargs: 0x80,
  native: 0x100,
  interface: 0x200,
  abstract: 0x400,
  strict: 0x800,
  synthetic: 0x1000,
  annotation: 0x2000,
  enum: 0x4000,
  constructor: 0x10000,
  declaredSynchronized: 0x20000,
} as const;

/** DEX spec "Value formats" (encoded_value value_type). */
export const ValueType = {
  byte: 0x00,
  short: 0x02,
  char: 0x03,
  int: 0x04,
  long: 0x06,
  float: 0x10,
  double: 0x11,
  methodType: 0x15,
  methodHandle: 0x16,
  string: 0x17,
  type: 0x18,
  field: 0x19,
  method: 0x1a,
  enum: 0x1b,
  array: 0x1c,
  annotation: 0x1d,
  null: 0x1e,
  boolean: 0x1f,
} as const;

/** DEX spec "Method handle type codes" (method_handle_item.method_handle_type), named as dexdump prints them. */
export const METHOD_HANDLE_TYPE_NAMES: readonly string[] = [
  'put-static',
  'get-static',
  'put-instance',
  'get-instance',
  'invoke-static',
  'invoke-instance',
  'invoke-constructor',
  'invoke-direct',
  'invoke-interface',
];
/** Handle types below this one target a field (the accessors), the rest a method. */
export const FIRST_METHOD_HANDLE_INVOKE_TYPE = 4;
