/**
 * header_item (DEX spec "header_item"). The header is always read as the fixed
 * 0x70-byte struct ART maps over the file (art/libdexfile/dex/dex_file.h
 * `struct Header`), whatever header_size says: that is what Android reads.
 */
import type { ByteReader } from '../binary/byte-reader.js';
import { FormatError, type DiagnosticSink } from '../diagnostics.js';
import {
  COMPACT_DEX_MAGIC,
  DEX_CONTAINER_VERSION,
  DEX_FILE_MAGIC,
  DEX_MAX_VERSION,
  DEX_MIN_VERSION,
  ENDIAN_CONSTANT,
  HEADER_SIZE_V35,
  HEADER_SIZE_V41,
  HeaderField,
  ODEX_MAGIC,
  OAT_MAGIC,
  REVERSE_ENDIAN_CONSTANT,
  SIGNATURE_LENGTH,
  VDEX_MAGIC,
} from './constants.js';
import type { DexHeader, DexKind, SectionReference } from './types.js';

const MAGIC_LENGTH = 8;
/** DexOptHeader fields (dalvik/libdex/DexFile.h) locating the dex inside an odex. */
const ODEX_DEX_OFFSET_FIELD = 8;
const ODEX_DEX_LENGTH_FIELD = 12;
const ODEX_HEADER_PREFIX = 16;
const VERSION_DIGITS_OFFSET = 4;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let index = 0; index < magic.length; index++) if (bytes[index] !== magic[index]) return false;
  return true;
}

/** Says what the leading magic claims the bytes are, without parsing anything else. */
export function detectDexKind(bytes: Uint8Array): DexKind {
  if (startsWith(bytes, DEX_FILE_MAGIC)) return 'dex';
  if (startsWith(bytes, COMPACT_DEX_MAGIC)) return 'compact-dex';
  if (startsWith(bytes, ODEX_MAGIC)) return 'odex';
  if (startsWith(bytes, VDEX_MAGIC)) return 'vdex';
  if (startsWith(bytes, OAT_MAGIC)) return 'oat';
  return 'unknown';
}

/** Printable magic: `dex\n035\0` becomes `dex\\n035\\0`, other bytes as \xNN. */
function printableMagic(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes.subarray(0, MAGIC_LENGTH)) {
    if (byte === 0x0a) text += '\\n';
    else if (byte === 0) text += '\\0';
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return text;
}

/** Parses the three version digits; NaN when they are not digits. */
function parseVersion(bytes: Uint8Array): number {
  let version = 0;
  for (let index = VERSION_DIGITS_OFFSET; index < VERSION_DIGITS_OFFSET + 3; index++) {
    const digit = (bytes[index] ?? 0) - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    version = version * 10 + digit;
  }
  return version;
}

const KIND_EXPLANATIONS: Record<Exclude<DexKind, 'dex'>, string> = {
  'compact-dex': 'compact dex ("cdex", written by ART dex2oat inside vdex files) is not a standard dex',
  odex: 'optimized dex ("dey\\n", Dalvik dexopt output) wraps a dex at a later offset; not parsed here',
  vdex: 'ART verified-dex container ("vdex") is not a standard dex',
  oat: 'ART compiled OAT file ("oat\\n") is not a standard dex',
  unknown: 'no dex magic: not a dex file',
};

/**
 * Reads header_item. Throws FormatError only when the bytes are not a dex at
 * all (other magic, or shorter than the fixed header).
 */
export function readHeader(reader: ByteReader, sink: DiagnosticSink): DexHeader {
  const bytes = reader.bytes;
  const kind = detectDexKind(bytes);
  if (kind !== 'dex') {
    let where = '';
    if (kind === 'odex' && reader.has(ODEX_HEADER_PREFIX, 0)) {
      // dalvik/libdex/DexFile.h DexOptHeader: magic[8], dexOffset, dexLength, ...
      where = `; its dex is at offset ${reader.base + reader.u32At(ODEX_DEX_OFFSET_FIELD)}, ${reader.u32At(ODEX_DEX_LENGTH_FIELD)} bytes long`;
    }
    throw new FormatError(
      `dex.not-dex-${kind}`,
      reader.base,
      `${KIND_EXPLANATIONS[kind]} (magic ${printableMagic(bytes)})${where}`,
    );
  }
  if (!reader.has(HEADER_SIZE_V35, 0)) {
    throw new FormatError(
      'dex.truncated-header',
      reader.base,
      `dex is ${bytes.length} bytes, shorter than the ${HEADER_SIZE_V35}-byte header`,
    );
  }
  const base = reader.base;
  const version = parseVersion(bytes);
  const magic = printableMagic(bytes);
  if (bytes[VERSION_DIGITS_OFFSET + 3] !== 0 || !(version >= DEX_MIN_VERSION && version <= DEX_MAX_VERSION)) {
    // ART rejects unknown versions (DexFileLoader::IsVersionAndMagicValid); we still read the layout
    // because malware authors patch the version to break tools that insist.
    sink.add(
      'dex.unknown-version',
      base + VERSION_DIGITS_OFFSET,
      `magic ${magic} is not a known dex version 035-041`,
      'error',
    );
  }

  const u32 = (field: number): number => reader.u32At(field);
  const section = (sizeField: number, offsetField: number): SectionReference => ({
    size: u32(sizeField),
    offset: base + u32(offsetField),
  });

  const headerSize = u32(HeaderField.headerSize);
  const expectedHeaderSize = version >= DEX_CONTAINER_VERSION ? HEADER_SIZE_V41 : HEADER_SIZE_V35;
  if (headerSize !== expectedHeaderSize) {
    // Android maps the fixed struct and locates every section by its own offset,
    // so an odd header_size changes nothing it reads; tools that trust it break.
    sink.add(
      'dex.header-size',
      base + HeaderField.headerSize,
      `header_size is ${headerSize}, expected ${expectedHeaderSize}; the fixed header is read as Android reads it`,
      'warning',
    );
  }
  const endianTag = u32(HeaderField.endianTag);
  if (endianTag === REVERSE_ENDIAN_CONSTANT) {
    sink.add(
      'dex.byte-swapped',
      base + HeaderField.endianTag,
      'endian_tag says byte-swapped dex; Android refuses it and so nothing else is trusted',
      'error',
    );
  } else if (endianTag !== ENDIAN_CONSTANT) {
    sink.add(
      'dex.endian-tag',
      base + HeaderField.endianTag,
      `endian_tag is 0x${endianTag.toString(16)}, expected 0x12345678`,
      'warning',
    );
  }

  const fileSize = u32(HeaderField.fileSize);
  const mapOffsetRaw = u32(HeaderField.mapOffset);
  const header: DexHeader = {
    offset: base,
    version,
    magic,
    checksum: u32(HeaderField.checksum),
    signature: bytes.slice(HeaderField.signature, HeaderField.signature + SIGNATURE_LENGTH),
    fileSize,
    headerSize,
    endianTag,
    link: section(HeaderField.linkSize, HeaderField.linkOffset),
    mapOffset: mapOffsetRaw === 0 ? undefined : base + mapOffsetRaw,
    stringIds: section(HeaderField.stringIdsSize, HeaderField.stringIdsOffset),
    typeIds: section(HeaderField.typeIdsSize, HeaderField.typeIdsOffset),
    protoIds: section(HeaderField.protoIdsSize, HeaderField.protoIdsOffset),
    fieldIds: section(HeaderField.fieldIdsSize, HeaderField.fieldIdsOffset),
    methodIds: section(HeaderField.methodIdsSize, HeaderField.methodIdsOffset),
    classDefs: section(HeaderField.classDefsSize, HeaderField.classDefsOffset),
    data: section(HeaderField.dataSize, HeaderField.dataOffset),
    ...(version >= DEX_CONTAINER_VERSION && reader.has(HEADER_SIZE_V41, 0)
      ? { containerSize: u32(HeaderField.containerSize), headerOffsetInContainer: u32(HeaderField.headerOffset) }
      : {}),
  };

  if (fileSize !== bytes.length) {
    const detail =
      fileSize > bytes.length
        ? `file_size says ${fileSize} bytes but only ${bytes.length} are present (truncated dex)`
        : `file_size says ${fileSize} bytes but ${bytes.length} are present (${bytes.length - fileSize} trailing bytes)`;
    sink.add('dex.file-size', base + HeaderField.fileSize, detail, fileSize > bytes.length ? 'error' : 'warning');
  }
  if (header.containerSize !== undefined && header.containerSize > fileSize) {
    sink.add(
      'dex.container',
      base + HeaderField.containerSize,
      `version 041 container of ${header.containerSize} bytes: only the first dex (header_offset ${header.headerOffsetInContainer}) is read`,
      'info',
    );
  }
  const dataEnd = header.data.offset - base + header.data.size;
  if (header.data.size > 0 && dataEnd > bytes.length) {
    sink.add(
      'dex.data-section-out-of-range',
      base + HeaderField.dataSize,
      `data section [0x${(header.data.offset - base).toString(16)}, 0x${dataEnd.toString(16)}) runs past the ${bytes.length} bytes present`,
      'error',
    );
  }
  if (header.link.size !== 0) {
    sink.add(
      'dex.link-section',
      base + HeaderField.linkSize,
      `link section of ${header.link.size} bytes (statically linked dex; unspecified by the format)`,
      'info',
    );
  }
  return header;
}
