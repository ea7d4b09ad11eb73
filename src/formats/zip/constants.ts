/**
 * Fixed values of the ZIP format, named as PKWARE's APPNOTE.TXT (6.3.x) names
 * them. Section numbers refer to that document.
 */

/** Every record starts with a 4-byte signature (4.3.7, 4.3.9, 4.3.12, 4.3.14 to 4.3.16). */
export const SIGNATURE_LENGTH = 4;

/** 4.3.16 end of central directory record: "end of central dir signature". */
export const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
/** 4.3.16: fixed part of the end of central directory record, without the comment. */
export const END_OF_CENTRAL_DIRECTORY_LENGTH = 22;
/** 4.3.16: ".ZIP file comment length" is a 2-byte field. */
export const MAX_COMMENT_LENGTH = 0xffff;

/** 4.3.15 Zip64 end of central directory locator. */
export const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
export const ZIP64_LOCATOR_LENGTH = 20;
/** 4.3.14 Zip64 end of central directory record (fixed part). */
export const ZIP64_END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06064b50;
export const ZIP64_END_OF_CENTRAL_DIRECTORY_LENGTH = 56;

/** 4.3.12 central directory file header. */
export const CENTRAL_DIRECTORY_HEADER_SIGNATURE = 0x02014b50;
export const CENTRAL_DIRECTORY_HEADER_LENGTH = 46;

/** 4.3.7 local file header. */
export const LOCAL_FILE_HEADER_SIGNATURE = 0x04034b50;
export const LOCAL_FILE_HEADER_LENGTH = 30;

/** 4.3.9 data descriptor: optional signature, then crc-32 and the two sizes. */
export const DATA_DESCRIPTOR_SIGNATURE = 0x08074b50;
export const DATA_DESCRIPTOR_LENGTH = 12;
export const ZIP64_DATA_DESCRIPTOR_LENGTH = 20;

/** 4.5.3 Zip64 extended information extra field header id. */
export const ZIP64_EXTRA_FIELD_ID = 0x0001;
/** 4.5.1: every extra field starts with a 2-byte id and a 2-byte data size. */
export const EXTRA_FIELD_HEADER_LENGTH = 4;
/** Android's zipalign (-p / apksigner) alignment padding extra field id (AOSP ZipAlign). */
export const ANDROID_ALIGNMENT_EXTRA_FIELD_ID = 0xd935;

/** 4.4.5 compression method. */
export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;

/** 4.4.4 general purpose bit flag. */
export const FLAG_ENCRYPTED = 1 << 0;
export const FLAG_DATA_DESCRIPTOR = 1 << 3;
export const FLAG_STRONG_ENCRYPTION = 1 << 6;

/** 4.4.8/4.4.9/4.4.16: a 32-bit field holding this value defers to the Zip64 extra field. */
export const ZIP64_SENTINEL_32 = 0xffffffff;
/** 4.4.21/4.4.22: a 16-bit entry count holding this value defers to the Zip64 record. */
export const ZIP64_SENTINEL_16 = 0xffff;

/**
 * The most central-directory bytes a peek (peek.ts) reads before it gives up and leaves the
 * archive to a whole read: a central record takes 46 bytes plus its name, so 16 MiB lists
 * some 200,000 entries, far above any app store's APK.
 */
export const PEEK_CENTRAL_DIRECTORY_LIMIT = 16 * 1024 * 1024;

/** Default inflation budget per entry (ReadEntryOptions.maxBytes). */
export const DEFAULT_INFLATE_BUDGET = 512 * 1024 * 1024;
/**
 * DEFLATE (RFC 1951) cannot expand by more than about 1032:1 (a 258-byte match
 * coded in at most 2 bits), so output larger than this ratio is impossible for a
 * well-formed stream; it bounds inflation independently of the declared size.
 */
export const MAX_DEFLATE_RATIO = 1032;

/**
 * Field positions inside the fixed records (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.14,
 * 4.3.15, 4.3.16), used to read in place and to point diagnostics at the exact
 * field that is wrong (offsets are evidence).
 */
export const END_OF_CENTRAL_DIRECTORY_FIELD = {
  diskNumber: 4,
  entriesOnThisDisk: 8,
  totalEntries: 10,
  commentLength: 20,
} as const;
export const ZIP64_LOCATOR_FIELD = { recordOffset: 8 } as const;
export const ZIP64_END_OF_CENTRAL_DIRECTORY_FIELD = {
  entriesOnThisDisk: 24,
  totalEntries: 32,
  centralDirectorySize: 40,
  centralDirectoryOffset: 48,
} as const;
export const CENTRAL_DIRECTORY_FIELD = {
  flags: 8,
  method: 10,
  crc32: 16,
  compressedSize: 20,
  uncompressedSize: 24,
  diskStart: 34,
  localHeaderOffset: 42,
  name: CENTRAL_DIRECTORY_HEADER_LENGTH,
} as const;
export const LOCAL_FILE_HEADER_FIELD = {
  versionNeeded: 4,
  flags: 6,
  method: 8,
  crc32: 14,
  compressedSize: 18,
  nameLength: 26,
  extraLength: 28,
  name: LOCAL_FILE_HEADER_LENGTH,
} as const;
/** 4.5.1: the data size follows the 2-byte id. */
export const EXTRA_FIELD_SIZE_OFFSET = 2;
/** 4.3.9: after the CRC-32 come the compressed then the uncompressed size. */
export const DATA_DESCRIPTOR_FIELD = { compressedSize: 4, uncompressedSize32: 8, uncompressedSize64: 12 } as const;
