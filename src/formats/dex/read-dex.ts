/**
 * readDex: the DEX structure pipeline. Phase one reads each section once
 * through the bounds-checked ByteReader; phase two (the DexFile helpers)
 * resolves indexes into names on demand.
 */
import { ByteReader, clampCount, OutOfBoundsError } from '../binary/byte-reader.js';
import { DiagnosticSink, FormatError, type ParseResult } from '../diagnostics.js';
import { WorkBudget } from './budget.js';
import { ClassDataReader } from './class-data.js';
import { readClassDefs } from './class-defs.js';
import { CLASS_DEF_ITEM_SIZE, PROTO_ID_ITEM_SIZE, TYPE_ID_ITEM_SIZE } from './constants.js';
import { isValidTypeDescriptor } from './names.js';
import { DexFile } from './dex-file.js';
import { readHeader } from './header.js';
import { readIdTables, type IdTables } from './id-tables.js';
import { checkIntegrity } from './integrity.js';
import { checkMapList, readMapList } from './map-list.js';
import { StringTable } from './strings.js';
import { TypeListReader } from './type-lists.js';
import type { DexHeader } from './types.js';

export interface ReadDexOptions {
  /** Compute adler32 and SHA-1 (default true; about 10 ms per 10 MB). */
  readonly verifyIntegrity?: boolean;
  /** Decode every string now and report MUTF-8 anomalies and ordering (default false: strings decode lazily). */
  readonly checkStrings?: boolean;
}

/**
 * A method's parameters take at most 255 argument words: a method descriptor with more is
 * invalid (JVMS §4.3.3), d8 refuses to compile one, and invoke-kind/range names at most 255
 * argument registers (its AA field). A longer parameters type_list is a hostile one; its
 * descriptor would be built from every name in it, for every proto that names it.
 */
const MAX_PROTO_PARAMETERS = 255;

function readProtoParameters(
  ids: IdTables,
  typeLists: TypeListReader,
  header: DexHeader,
  sink: DiagnosticSink,
): (readonly number[])[] {
  const lists: (readonly number[])[] = new Array<readonly number[]>(ids.protoParametersOffset.length);
  const empty: readonly number[] = [];
  let tooLong = 0;
  let first = -1;
  for (let index = 0; index < lists.length; index++) {
    const offset = ids.protoParametersOffset[index] as number;
    let list = offset === 0 ? empty : typeLists.at(offset, () => `proto ${index} parameters`);
    if (list.length > MAX_PROTO_PARAMETERS) {
      if (tooLong++ === 0) first = index;
      list = list.slice(0, MAX_PROTO_PARAMETERS);
    }
    lists[index] = list;
  }
  if (tooLong > 0) {
    sink.add(
      'dex.proto-too-many-parameters',
      header.protoIds.offset + first * PROTO_ID_ITEM_SIZE,
      `${tooLong} protos declare more than ${MAX_PROTO_PARAMETERS} parameters (first: proto ${first}, ${typeLists.at(ids.protoParametersOffset[first] as number, () => '').length}); the first ${MAX_PROTO_PARAMETERS} are kept`,
      'error',
    );
  }
  return lists;
}

function classDefCount(reader: ByteReader, header: DexHeader, sink: DiagnosticSink): number {
  const start = header.classDefs.offset - reader.base;
  if (header.classDefs.size === 0) return 0;
  if (start > reader.length) {
    sink.add('dex.section-out-of-range', header.classDefs.offset, 'class_defs offset is outside the dex', 'error');
    return 0;
  }
  const count = clampCount(header.classDefs.size, reader.length - start, CLASS_DEF_ITEM_SIZE);
  if (count < header.classDefs.size) {
    sink.add(
      'dex.section-truncated',
      header.classDefs.offset,
      `class_defs: ${header.classDefs.size} declared, only ${count} fit in the file`,
      'error',
    );
  }
  return count;
}

/** Reports type_ids whose descriptor is no valid type (DEX spec TypeDescriptor); ART's verifier rejects them. */
function checkTypeDescriptors(strings: StringTable, ids: IdTables, header: DexHeader, sink: DiagnosticSink): void {
  let bad = 0;
  let first = -1;
  for (let index = 0; index < ids.typeDescriptors.length; index++) {
    if (!isValidTypeDescriptor(strings.get(ids.typeDescriptors[index] as number))) {
      if (first < 0) first = index;
      bad++;
    }
  }
  if (bad > 0) {
    sink.add(
      'dex.invalid-type-descriptor',
      header.typeIds.offset + first * TYPE_ID_ITEM_SIZE,
      `${bad} type descriptors are not valid types (first: type ${first} ${JSON.stringify(strings.get(ids.typeDescriptors[first] as number).slice(0, 80))})`,
      'warning',
    );
  }
}

/**
 * Parses a standard dex (versions 035-041). `base` is the absolute offset of
 * `bytes[0]` in the outermost file, added to every offset in the model and in
 * diagnostics. Throws FormatError only when the bytes are no dex at all
 * (compact dex, odex, vdex, oat and unknown magic are named in the message).
 */
export function readDex(bytes: Uint8Array, base = 0, options: ReadDexOptions = {}): ParseResult<DexFile> {
  const sink = new DiagnosticSink();
  const reader = new ByteReader(bytes, base);
  const header = readHeader(reader, sink);
  try {
    const integrity = options.verifyIntegrity === false ? undefined : checkIntegrity(bytes, header, sink);
    const mapList = readMapList(reader, header, sink);
    checkMapList(header, mapList, bytes.length, sink);
    const ids = readIdTables(reader, header, mapList, sink);
    const budget = new WorkBudget(bytes.length);
    const strings = new StringTable(reader, ids.stringDataOffsets, budget);
    const typeLists = new TypeListReader(reader, sink, budget);
    const protoParameters = readProtoParameters(ids, typeLists, header, sink);
    const classDataReader = new ClassDataReader(reader, ids.fieldName.length, ids.methodName.length, sink, budget);
    const classDefs = readClassDefs(
      reader,
      header,
      classDefCount(reader, header, sink),
      ids.typeDescriptors.length,
      classDataReader,
      typeLists,
      sink,
    );
    classDataReader.members.trim();
    if (options.checkStrings) {
      strings.checkAll(sink);
      checkTypeDescriptors(strings, ids, header, sink);
    }
    const value = new DexFile({
      reader,
      header,
      mapList,
      integrity,
      strings,
      ids,
      protoParameters,
      classDefs,
      members: classDataReader.members,
      budget,
    });
    return { value, diagnostics: sink.finish() };
  } catch (error) {
    // Every record reader catches its own overruns; reaching here is a bug, reported as unreadable input.
    if (error instanceof OutOfBoundsError) {
      throw new FormatError('dex.unreadable', error.offset, `dex structure unreadable: ${error.message}`);
    }
    throw error;
  }
}
