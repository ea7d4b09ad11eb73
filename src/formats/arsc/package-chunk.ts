/**
 * ResTable_package and its children (ResourceTypes.cpp ResTable::parsePackage,
 * LoadedArsc.cpp LoadedPackage::Load): type and key string pools, type specs,
 * types, the library chunk (DynamicRefTable), overlayables and staged aliases.
 */
import { ByteReader, OutOfBoundsError, clampCount } from '../binary/byte-reader.js';
import { FormatError, type DiagnosticSink } from '../diagnostics.js';
import {
  RES_CHUNK_HEADER_SIZE,
  RES_STRING_POOL_TYPE,
  RES_TABLE_LIBRARY_TYPE,
  RES_TABLE_OVERLAYABLE_POLICY_TYPE,
  RES_TABLE_OVERLAYABLE_TYPE,
  RES_TABLE_STAGED_ALIAS_TYPE,
  RES_TABLE_TYPE_SPEC_TYPE,
  RES_TABLE_TYPE_TYPE,
  chunkTypeName,
  iterateChunks,
  readChunkHeader,
  validateChunk,
  type ResChunk,
} from '../res/chunk.js';
import { readStringPool, type StringPool } from '../res/string-pool.js';
import {
  FLAG_SPARSE,
  LIB_HEADER_COUNT_OFFSET,
  MAX_ENTRIES_PER_TYPE,
  OVERLAYABLE_NAME_CHAR16_COUNT,
  OVERLAYABLE_OFFSET,
  OVERLAYABLE_POLICY_OFFSET,
  RES_TABLE_OVERLAYABLE_POLICY_HEADER_SIZE,
  STAGED_ALIAS_COUNT_OFFSET,
  TYPE_SPEC_OFFSET,
  PACKAGE_NAME_CHAR16_COUNT,
  PACKAGE_OFFSET,
  RES_TABLE_LIB_ENTRY_SIZE,
  RES_TABLE_LIB_HEADER_SIZE,
  RES_TABLE_OVERLAYABLE_HEADER_SIZE,
  RES_TABLE_PACKAGE_MIN_HEADER_SIZE,
  RES_TABLE_STAGED_ALIAS_ENTRY_SIZE,
  RES_TABLE_STAGED_ALIAS_HEADER_SIZE,
  RES_TABLE_TYPE_MIN_HEADER_SIZE,
  RES_TABLE_TYPE_SPEC_HEADER_SIZE,
} from './constants.js';
import { readTypeChunk } from './type-chunk.js';
import type {
  LibraryReference,
  Overlayable,
  OverlayablePolicy,
  ResourcePackage,
  ResourceTypeChunk,
  ResourceTypeSpec,
  StagedAlias,
} from './types.js';

/** A NUL-terminated UTF-16 name in a fixed char16 array (package and library names). */
function readFixedUtf16(reader: ByteReader, position: number, char16Count: number): string {
  const units: number[] = [];
  for (let index = 0; index < char16Count; index++) {
    const unit = reader.u16At(position + index * 2);
    if (unit === 0) break;
    units.push(unit);
  }
  return String.fromCharCode(...units);
}

/** Reads a string pool chunk at `position` of the package (typeStrings/keyStrings offsets). */
function readPoolAt(reader: ByteReader, position: number, what: string, sink: DiagnosticSink): StringPool | undefined {
  if (position === 0 || !reader.has(8, position)) {
    sink.add(
      'arsc.package-pool-missing',
      reader.base,
      `package ${what} offset ${position} is outside the package`,
      'error',
    );
    return undefined;
  }
  const header = readChunkHeader(reader, position);
  const problem =
    header.type === RES_STRING_POOL_TYPE
      ? validateChunk(header, RES_CHUNK_HEADER_SIZE, reader.length - position)
      : 'not a string pool';
  if (problem !== undefined) {
    sink.add('arsc.package-pool-invalid', header.offset, `package ${what}: ${problem}`, 'error');
    return undefined;
  }
  try {
    return readStringPool(reader.slice(position, header.size), sink);
  } catch (error) {
    if (!(error instanceof FormatError) && !(error instanceof OutOfBoundsError)) throw error;
    sink.add('arsc.package-pool-unreadable', header.offset, `package ${what}: ${error.message}`, 'error');
    return undefined;
  }
}

function readTypeSpec(chunk: ResChunk, sink: DiagnosticSink): ResourceTypeSpec {
  const reader = chunk.reader;
  const id = reader.u8At(TYPE_SPEC_OFFSET.id);
  const typesCount = reader.u16At(TYPE_SPEC_OFFSET.typesCount);
  const entryCount = reader.u32At(TYPE_SPEC_OFFSET.entryCount);
  const start = chunk.header.headerSize;
  if (entryCount > MAX_ENTRIES_PER_TYPE) {
    sink.add(
      'arsc.type-spec-count-over-limit',
      chunk.header.offset,
      `typeSpec ${id} declares ${entryCount} entries, more than the ${MAX_ENTRIES_PER_TYPE} a resource id can address; Android rejects it, the first ${MAX_ENTRIES_PER_TYPE} are read`,
      'error',
    );
  }
  const count = clampCount(Math.min(entryCount, MAX_ENTRIES_PER_TYPE), reader.length - start, 4);
  if (count < Math.min(entryCount, MAX_ENTRIES_PER_TYPE)) {
    sink.add(
      'arsc.type-spec-count-clamped',
      chunk.header.offset,
      `typeSpec ${id} declares ${entryCount} entries, ${count} fit`,
      'error',
    );
  }
  const entryFlags: number[] = [];
  for (let index = 0; index < count; index++) entryFlags.push(reader.u32At(start + index * 4));
  return { offset: chunk.header.offset, id, typesCount, entryCount, entryFlags };
}

function readLibrary(chunk: ResChunk, sink: DiagnosticSink): LibraryReference[] {
  const reader = chunk.reader;
  const declared = reader.u32At(LIB_HEADER_COUNT_OFFSET);
  const start = chunk.header.headerSize;
  const count = clampCount(declared, reader.length - start, RES_TABLE_LIB_ENTRY_SIZE);
  if (count < declared)
    sink.add(
      'arsc.library-count-clamped',
      chunk.header.offset,
      `library chunk declares ${declared} entries, ${count} fit`,
      'error',
    );
  const libraries: LibraryReference[] = [];
  for (let index = 0; index < count; index++) {
    const position = start + index * RES_TABLE_LIB_ENTRY_SIZE;
    libraries.push({
      offset: reader.base + position,
      packageId: reader.u32At(position),
      packageName: readFixedUtf16(reader, position + 4, PACKAGE_NAME_CHAR16_COUNT),
    });
  }
  return libraries;
}

function readOverlayable(chunk: ResChunk, sink: DiagnosticSink): Overlayable {
  const reader = chunk.reader;
  const name = readFixedUtf16(reader, OVERLAYABLE_OFFSET.name, OVERLAYABLE_NAME_CHAR16_COUNT);
  const actor = readFixedUtf16(reader, OVERLAYABLE_OFFSET.actor, OVERLAYABLE_NAME_CHAR16_COUNT);
  const policies: OverlayablePolicy[] = [];
  for (const child of iterateChunks(chunk.body, sink, { codePrefix: 'arsc' })) {
    if (child.header.type !== RES_TABLE_OVERLAYABLE_POLICY_TYPE) continue;
    const policyReader = child.reader;
    if (child.header.headerSize < RES_TABLE_OVERLAYABLE_POLICY_HEADER_SIZE) continue;
    const declared = policyReader.u32At(OVERLAYABLE_POLICY_OFFSET.entryCount);
    const start = child.header.headerSize;
    const count = clampCount(declared, policyReader.length - start, 4);
    const resourceIds: number[] = [];
    for (let index = 0; index < count; index++) resourceIds.push(policyReader.u32At(start + index * 4));
    policies.push({
      offset: child.header.offset,
      policyFlags: policyReader.u32At(OVERLAYABLE_POLICY_OFFSET.policyFlags),
      resourceIds,
    });
  }
  return { offset: chunk.header.offset, name, actor, policies };
}

function readStagedAliases(chunk: ResChunk): StagedAlias[] {
  const reader = chunk.reader;
  const start = chunk.header.headerSize;
  const count = clampCount(
    reader.u32At(STAGED_ALIAS_COUNT_OFFSET),
    reader.length - start,
    RES_TABLE_STAGED_ALIAS_ENTRY_SIZE,
  );
  const aliases: StagedAlias[] = [];
  for (let index = 0; index < count; index++) {
    const position = start + index * RES_TABLE_STAGED_ALIAS_ENTRY_SIZE;
    aliases.push({
      offset: reader.base + position,
      stagedId: reader.u32At(position),
      finalizedId: reader.u32At(position + 4),
    });
  }
  return aliases;
}

/** Minimum header size of each package child, as LoadedArsc checks it. */
const MIN_HEADER_SIZE: ReadonlyMap<number, number> = new Map([
  [RES_TABLE_TYPE_SPEC_TYPE, RES_TABLE_TYPE_SPEC_HEADER_SIZE],
  [RES_TABLE_TYPE_TYPE, RES_TABLE_TYPE_MIN_HEADER_SIZE],
  [RES_TABLE_LIBRARY_TYPE, RES_TABLE_LIB_HEADER_SIZE],
  [RES_TABLE_OVERLAYABLE_TYPE, RES_TABLE_OVERLAYABLE_HEADER_SIZE],
  [RES_TABLE_STAGED_ALIAS_TYPE, RES_TABLE_STAGED_ALIAS_HEADER_SIZE],
]);

export function readPackage(chunk: ResChunk, sink: DiagnosticSink): ResourcePackage {
  const reader = chunk.reader;
  const offset = chunk.header.offset;
  if (chunk.header.headerSize < RES_TABLE_PACKAGE_MIN_HEADER_SIZE) {
    sink.add(
      'arsc.package-header-small',
      offset,
      `ResTable_package header of ${chunk.header.headerSize} bytes`,
      'error',
    );
  }
  const id = reader.u32At(PACKAGE_OFFSET.id);
  const name = readFixedUtf16(reader, PACKAGE_OFFSET.name, PACKAGE_NAME_CHAR16_COUNT);
  const typeStringsOffset = reader.u32At(PACKAGE_OFFSET.typeStrings);
  const keyStringsOffset = reader.u32At(PACKAGE_OFFSET.keyStrings);
  const typeIdOffset =
    chunk.header.headerSize > PACKAGE_OFFSET.typeIdOffset ? reader.u32At(PACKAGE_OFFSET.typeIdOffset) : 0;
  if (id > 0xff)
    sink.add('arsc.package-id-large', offset, `package id 0x${id.toString(16)} does not fit in 8 bits`, 'error');
  const typeStrings = readPoolAt(reader, typeStringsOffset, 'typeStrings', sink);
  const keyStrings = readPoolAt(reader, keyStringsOffset, 'keyStrings', sink);
  const typeSpecs = new Map<number, ResourceTypeSpec>();
  const types: ResourceTypeChunk[] = [];
  const libraries: LibraryReference[] = [];
  const overlayables: Overlayable[] = [];
  const stagedAliases: StagedAlias[] = [];
  for (const child of iterateChunks(chunk.body, sink, { codePrefix: 'arsc' })) {
    const type = child.header.type;
    if (type === RES_STRING_POOL_TYPE) continue; // the type/key pools, read above by offset
    const minimum = MIN_HEADER_SIZE.get(type);
    if (minimum === undefined) {
      // Android skips unknown chunks so newer tables load on older releases; none occurs in the corpus.
      sink.add(
        'arsc.package-chunk-unknown',
        child.header.offset,
        `unknown chunk ${chunkTypeName(type)} in package; skipped as Android does`,
        'info',
      );
      continue;
    }
    if (child.header.headerSize < minimum) {
      sink.add(
        'arsc.chunk-header-small',
        child.header.offset,
        `${chunkTypeName(type)} header ${child.header.headerSize} < ${minimum}; skipped`,
        'error',
      );
      continue;
    }
    try {
      if (type === RES_TABLE_TYPE_SPEC_TYPE) {
        const spec = readTypeSpec(child, sink);
        if (spec.id === 0) sink.add('arsc.type-spec-id-zero', child.header.offset, 'typeSpec id 0', 'error');
        if (typeSpecs.has(spec.id))
          sink.add('arsc.type-spec-duplicate', child.header.offset, `second typeSpec for type ${spec.id}`);
        else typeSpecs.set(spec.id, spec);
      } else if (type === RES_TABLE_TYPE_TYPE) {
        const typeChunk = readTypeChunk(child, sink);
        if (typeChunk !== undefined) {
          const spec = typeSpecs.get(typeChunk.id);
          // ResTable::parsePackage refuses a type whose typeSpec has not been seen ("No TypeSpec for type").
          if (spec === undefined)
            sink.add(
              'arsc.type-without-spec',
              child.header.offset,
              `type ${typeChunk.id} precedes its typeSpec; Android rejects the package`,
              'error',
            );
          else if ((typeChunk.flags & FLAG_SPARSE) === 0 && typeChunk.entryCount > spec.entryCount) {
            sink.add(
              'arsc.type-entry-count-exceeds-spec',
              child.header.offset,
              `type ${typeChunk.id} has ${typeChunk.entryCount} entries, its typeSpec ${spec.entryCount}`,
              'error',
            );
          }
          types.push(typeChunk);
        }
      } else if (type === RES_TABLE_LIBRARY_TYPE) {
        libraries.push(...readLibrary(child, sink));
      } else if (type === RES_TABLE_OVERLAYABLE_TYPE) {
        overlayables.push(readOverlayable(child, sink));
      } else if (type === RES_TABLE_STAGED_ALIAS_TYPE) {
        stagedAliases.push(...readStagedAliases(child));
      }
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      sink.add(
        'arsc.chunk-truncated',
        child.header.offset,
        `${chunkTypeName(type)} chunk is truncated: ${error.message}`,
        'error',
      );
    }
  }
  reportKeyMismatches(types, sink);
  return {
    offset,
    id,
    name,
    typeStrings,
    keyStrings,
    typeIdOffset,
    typeSpecs,
    types,
    libraries,
    overlayables,
    stagedAliases,
  };
}

/**
 * aapt and aapt2 give an entry the same key in every configuration; Android names
 * a resource from whichever config it reads first, so a key that changes between
 * configs (a renaming trick) is reported. No corpus table does this.
 */
function reportKeyMismatches(types: readonly ResourceTypeChunk[], sink: DiagnosticSink): void {
  // One array of first-seen keys per type id, indexed by entry index, instead of one Map entry per
  // (type, entry) pair of the package: indices are bounded (u16 when sparse, else by the chunk's bytes),
  // and entries come in ascending index order, so the arrays stay dense.
  const keysByType = new Map<number, number[]>();
  let reported = 0;
  for (const type of types) {
    let keys = keysByType.get(type.id);
    if (keys === undefined) {
      keys = [];
      keysByType.set(type.id, keys);
    }
    for (const entry of type.entries) {
      const known = keys[entry.index];
      if (known === undefined) keys[entry.index] = entry.keyIndex;
      else if (known !== entry.keyIndex && reported++ < MAX_KEY_MISMATCH_REPORTS) {
        sink.add(
          'arsc.entry-key-mismatch',
          entry.offset,
          `entry ${entry.index} of type ${type.id} has key ${entry.keyIndex} here, ${known} in an earlier config`,
        );
      }
    }
  }
}

/** Enough to show the trick without flooding the diagnostics. */
const MAX_KEY_MISMATCH_REPORTS = 100;
