/**
 * resources.arsc reader (ResourceTypes.h ResTable_header; ResourceTypes.cpp
 * ResTable::addInternal and LoadedArsc.cpp LoadedArsc::LoadTable): one global
 * string pool of values, then one or more packages.
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { DiagnosticSink, FormatError, type ParseResult } from '../diagnostics.js';
import {
  RES_CHUNK_HEADER_SIZE,
  RES_STRING_POOL_TYPE,
  RES_TABLE_PACKAGE_TYPE,
  RES_TABLE_TYPE,
  chunkTypeName,
  iterateChunks,
  readChunkHeader,
  validateChunk,
} from '../res/chunk.js';
import { readStringPool, type StringPool } from '../res/string-pool.js';
import { RES_TABLE_HEADER_SIZE } from './constants.js';
import { readPackage } from './package-chunk.js';
import type { ResourcePackage, ResourceTable } from './types.js';

/**
 * Parses a resources.arsc. Throws FormatError only when the bytes are not a
 * resource table at all; everything else becomes a diagnostic. `base` is the
 * absolute offset of the first byte (a stored entry's data offset in the APK,
 * so every recorded offset points into the APK; 0 for an inflated entry).
 */
export function readResourceTable(bytes: Uint8Array, base = 0): ParseResult<ResourceTable> {
  const sink = new DiagnosticSink();
  const reader = new ByteReader(bytes, base);
  if (!reader.has(RES_TABLE_HEADER_SIZE, 0)) {
    throw new FormatError(
      'arsc.too-short',
      base,
      `resources.arsc of ${bytes.length} bytes is shorter than a ResTable_header`,
    );
  }
  const header = readChunkHeader(reader, 0);
  if (header.type !== RES_TABLE_TYPE) {
    throw new FormatError('arsc.not-a-table', base, `first chunk is ${chunkTypeName(header.type)}, not RES_TABLE_TYPE`);
  }
  const declaredPackageCount = reader.u32At(RES_CHUNK_HEADER_SIZE);
  let size = header.size;
  const problem = validateChunk(header, RES_TABLE_HEADER_SIZE, reader.length);
  if (problem !== undefined) {
    // Read what is there: a truncated or oversized table is still evidence.
    sink.add('arsc.table-header-invalid', base, `ResTable_header: ${problem}`, 'error');
    if (header.headerSize < RES_TABLE_HEADER_SIZE || header.headerSize > reader.length) {
      throw new FormatError(
        'arsc.table-header-unusable',
        base,
        `ResTable_header size ${header.headerSize} is unusable`,
      );
    }
    size = Math.min(Math.max(size, header.headerSize), reader.length);
  }
  if (size < reader.length) {
    sink.add(
      'arsc.table-trailing-bytes',
      base + size,
      `${reader.length - size} bytes follow the resource table`,
      'info',
    );
  }
  const body = reader.slice(header.headerSize, size - header.headerSize);
  let globalStrings: StringPool | undefined;
  const packages: ResourcePackage[] = [];
  for (const chunk of iterateChunks(body, sink, { codePrefix: 'arsc' })) {
    try {
      if (chunk.header.type === RES_STRING_POOL_TYPE) {
        if (globalStrings === undefined) globalStrings = readStringPool(chunk.reader, sink);
        else
          sink.add('arsc.extra-string-pool', chunk.header.offset, 'second global string pool ignored, as Android does');
      } else if (chunk.header.type === RES_TABLE_PACKAGE_TYPE) {
        packages.push(readPackage(chunk, sink));
      } else {
        sink.add(
          'arsc.table-chunk-unknown',
          chunk.header.offset,
          `unknown chunk ${chunkTypeName(chunk.header.type)} in table; skipped`,
          'info',
        );
      }
    } catch (error) {
      if (error instanceof OutOfBoundsError || error instanceof FormatError) {
        sink.add(
          'arsc.chunk-truncated',
          chunk.header.offset,
          `${chunkTypeName(chunk.header.type)}: ${error.message}`,
          'error',
        );
      } else {
        throw error;
      }
    }
  }
  if (globalStrings === undefined)
    sink.add('arsc.no-global-string-pool', base, 'the table has no global string pool', 'error');
  if (packages.length !== declaredPackageCount) {
    sink.add(
      'arsc.package-count-mismatch',
      base + RES_CHUNK_HEADER_SIZE,
      `header declares ${declaredPackageCount} packages, ${packages.length} found`,
    );
  }
  return { value: { declaredPackageCount, globalStrings, packages }, diagnostics: sink.finish() };
}
