/**
 * ResChunk_header, the framing shared by binary XML and resources.arsc
 * (AOSP frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h,
 * `struct ResChunk_header`), and a bounded iterator over sibling chunks that
 * stops where Android's own loaders stop (ResourceTypes.cpp `validate_chunk`).
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';

// ResourceTypes.h `enum { RES_NULL_TYPE = 0x0000, ... }`.
const RES_NULL_TYPE = 0x0000;
export const RES_STRING_POOL_TYPE = 0x0001;
export const RES_TABLE_TYPE = 0x0002;
export const RES_XML_TYPE = 0x0003;
// Chunk types in RES_XML_TYPE.
export const RES_XML_FIRST_CHUNK_TYPE = 0x0100;
export const RES_XML_START_NAMESPACE_TYPE = 0x0100;
export const RES_XML_END_NAMESPACE_TYPE = 0x0101;
export const RES_XML_START_ELEMENT_TYPE = 0x0102;
export const RES_XML_END_ELEMENT_TYPE = 0x0103;
export const RES_XML_CDATA_TYPE = 0x0104;
export const RES_XML_LAST_CHUNK_TYPE = 0x017f;
/** A chunk of uint32 resource ids, one per attribute-name string (same index). */
export const RES_XML_RESOURCE_MAP_TYPE = 0x0180;
// Chunk types in RES_TABLE_TYPE.
export const RES_TABLE_PACKAGE_TYPE = 0x0200;
export const RES_TABLE_TYPE_TYPE = 0x0201;
export const RES_TABLE_TYPE_SPEC_TYPE = 0x0202;
export const RES_TABLE_LIBRARY_TYPE = 0x0203;
export const RES_TABLE_OVERLAYABLE_TYPE = 0x0204;
export const RES_TABLE_OVERLAYABLE_POLICY_TYPE = 0x0205;
export const RES_TABLE_STAGED_ALIAS_TYPE = 0x0206;

/** sizeof(ResChunk_header): uint16 type, uint16 headerSize, uint32 size. */
export const RES_CHUNK_HEADER_SIZE = 8;
/** validate_chunk rejects sizes that are not multiples of 4 ("not on an integer boundary"). */
const RES_CHUNK_ALIGNMENT = 4;

const CHUNK_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [RES_NULL_TYPE, 'RES_NULL_TYPE'],
  [RES_STRING_POOL_TYPE, 'RES_STRING_POOL_TYPE'],
  [RES_TABLE_TYPE, 'RES_TABLE_TYPE'],
  [RES_XML_TYPE, 'RES_XML_TYPE'],
  [RES_XML_START_NAMESPACE_TYPE, 'RES_XML_START_NAMESPACE_TYPE'],
  [RES_XML_END_NAMESPACE_TYPE, 'RES_XML_END_NAMESPACE_TYPE'],
  [RES_XML_START_ELEMENT_TYPE, 'RES_XML_START_ELEMENT_TYPE'],
  [RES_XML_END_ELEMENT_TYPE, 'RES_XML_END_ELEMENT_TYPE'],
  [RES_XML_CDATA_TYPE, 'RES_XML_CDATA_TYPE'],
  [RES_XML_RESOURCE_MAP_TYPE, 'RES_XML_RESOURCE_MAP_TYPE'],
  [RES_TABLE_PACKAGE_TYPE, 'RES_TABLE_PACKAGE_TYPE'],
  [RES_TABLE_TYPE_TYPE, 'RES_TABLE_TYPE_TYPE'],
  [RES_TABLE_TYPE_SPEC_TYPE, 'RES_TABLE_TYPE_SPEC_TYPE'],
  [RES_TABLE_LIBRARY_TYPE, 'RES_TABLE_LIBRARY_TYPE'],
  [RES_TABLE_OVERLAYABLE_TYPE, 'RES_TABLE_OVERLAYABLE_TYPE'],
  [RES_TABLE_OVERLAYABLE_POLICY_TYPE, 'RES_TABLE_OVERLAYABLE_POLICY_TYPE'],
  [RES_TABLE_STAGED_ALIAS_TYPE, 'RES_TABLE_STAGED_ALIAS_TYPE'],
]);

/** Spec name of a chunk type, or its hex value when unknown. */
export function chunkTypeName(type: number): string {
  return CHUNK_TYPE_NAMES.get(type) ?? `0x${type.toString(16).padStart(4, '0')}`;
}

/** One ResChunk_header as it sits on disk. */
export interface ResChunkHeader {
  readonly type: number;
  readonly headerSize: number;
  readonly size: number;
  /** Absolute offset of the header's first byte. */
  readonly offset: number;
}

/** Reads the 8-byte header at `position` (relative to the reader); throws OutOfBoundsError if absent. */
export function readChunkHeader(reader: ByteReader, position: number): ResChunkHeader {
  return {
    type: reader.u16At(position),
    headerSize: reader.u16At(position + 2),
    size: reader.u32At(position + 4),
    offset: reader.base + position,
  };
}

/**
 * The checks of ResourceTypes.cpp `validate_chunk(chunk, minSize, dataEnd, name)`,
 * in Android's order. Returns undefined when Android accepts the chunk,
 * otherwise the reason Android gives (it then refuses the chunk: BAD_TYPE).
 */
export function validateChunk(
  header: ResChunkHeader,
  minHeaderSize: number,
  bytesAvailable: number,
): string | undefined {
  if (header.headerSize < minHeaderSize) {
    return `header size ${header.headerSize} is smaller than the minimum ${minHeaderSize}`;
  }
  if (header.headerSize > header.size) return `size ${header.size} is smaller than header size ${header.headerSize}`;
  if (((header.headerSize | header.size) & (RES_CHUNK_ALIGNMENT - 1)) !== 0) {
    return `size ${header.size} or header size ${header.headerSize} is not a multiple of ${RES_CHUNK_ALIGNMENT}`;
  }
  if (header.size > bytesAvailable) return `size ${header.size} extends past the end (${bytesAvailable} bytes left)`;
  return undefined;
}

/** A child chunk found by `iterateChunks`, with readers over its header and body. */
export interface ResChunk {
  readonly header: ResChunkHeader;
  /** Reader over the whole chunk (header included); `base` is the chunk's absolute offset. */
  readonly reader: ByteReader;
  /** Reader over the bytes after `headerSize` up to `size`. */
  readonly body: ByteReader;
}

export interface IterateChunksOptions {
  /** Minimum header size for every child (default: RES_CHUNK_HEADER_SIZE). */
  readonly minHeaderSize?: number;
  /** Diagnostic code prefix, e.g. `arsc` or `axml`. */
  readonly codePrefix: string;
  /** Upper bound on the number of chunks visited (defence against pathological files). */
  readonly maxChunks?: number;
}

/** Default bound on chunks visited in one parent: far above any real table (framework-res has ~1,500). */
const DEFAULT_MAX_CHUNKS = 1_000_000;

/**
 * Iterates the sibling chunks that fill `reader` (a slice covering a parent's
 * body). Like Android's loaders (ResTable::parsePackage, ResXMLTree::setTo), a
 * chunk that fails `validate_chunk` ends the iteration: its size cannot be
 * trusted to find the next one. A trailing fragment shorter than a header is
 * reported and ignored.
 */
export function* iterateChunks(
  reader: ByteReader,
  sink: DiagnosticSink,
  options: IterateChunksOptions,
): Generator<ResChunk> {
  const minHeaderSize = options.minHeaderSize ?? RES_CHUNK_HEADER_SIZE;
  const maxChunks = options.maxChunks ?? DEFAULT_MAX_CHUNKS;
  let position = 0;
  for (let visited = 0; position < reader.length; visited++) {
    if (visited >= maxChunks) {
      sink.add(
        `${options.codePrefix}.too-many-chunks`,
        reader.base + position,
        `stopped after ${maxChunks} chunks`,
        'error',
      );
      return;
    }
    if (!reader.has(RES_CHUNK_HEADER_SIZE, position)) {
      sink.add(
        `${options.codePrefix}.chunk-trailing-bytes`,
        reader.base + position,
        `${reader.length - position} bytes after the last chunk are too few for a chunk header`,
      );
      return;
    }
    let header: ResChunkHeader;
    try {
      header = readChunkHeader(reader, position);
    } catch (error) {
      if (error instanceof OutOfBoundsError) return;
      throw error;
    }
    const problem = validateChunk(header, minHeaderSize, reader.length - position);
    if (problem !== undefined) {
      sink.add(
        `${options.codePrefix}.chunk-invalid`,
        header.offset,
        `${chunkTypeName(header.type)} chunk: ${problem}; Android stops reading here`,
        'error',
      );
      return;
    }
    const chunkReader = reader.slice(position, header.size);
    yield {
      header,
      reader: chunkReader,
      body: chunkReader.slice(header.headerSize, header.size - header.headerSize),
    };
    position += header.size;
  }
}
