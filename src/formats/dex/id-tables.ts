/**
 * The fixed-size id sections (DEX spec "string_id_item" ... "method_id_item",
 * "call_site_id_item", "method_handle_item"), read into typed arrays: a
 * large dex has hundreds of thousands of ids and objects would dominate the
 * parse time. Declared counts are clamped by the bytes that exist.
 */
import { clampCount, type ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import {
  CALL_SITE_ID_ITEM_SIZE,
  FIELD_ID_ITEM_SIZE,
  METHOD_HANDLE_ITEM_SIZE,
  METHOD_ID_ITEM_SIZE,
  MapItemType,
  PROTO_ID_ITEM_SIZE,
  STRING_ID_ITEM_SIZE,
  TYPE_ID_ITEM_SIZE,
} from './constants.js';
import type { DexHeader, MapItem, MethodHandle, SectionReference } from './types.js';

// Module-local copies: imported bindings can compile to getters (tsx/esbuild), too slow for per-record loops.
const STRING_ID = STRING_ID_ITEM_SIZE;
const TYPE_ID = TYPE_ID_ITEM_SIZE;
const PROTO_ID = PROTO_ID_ITEM_SIZE;
const FIELD_ID = FIELD_ID_ITEM_SIZE;
const METHOD_ID = METHOD_ID_ITEM_SIZE;

export interface IdTables {
  /** string_data_off per string, relative to the dex start. */
  readonly stringDataOffsets: Uint32Array;
  /** descriptor_idx per type. */
  readonly typeDescriptors: Uint32Array;
  readonly protoShorty: Uint32Array;
  readonly protoReturnType: Uint32Array;
  /** parameters_off per proto, relative (0: no parameters). */
  readonly protoParametersOffset: Uint32Array;
  readonly fieldClass: Uint16Array;
  readonly fieldType: Uint16Array;
  readonly fieldName: Uint32Array;
  readonly methodClass: Uint16Array;
  readonly methodProto: Uint16Array;
  readonly methodName: Uint32Array;
  /** call_site_off per call site, relative. */
  readonly callSiteOffsets: Uint32Array;
  readonly methodHandles: readonly MethodHandle[];
}

/** Number of records of `itemSize` that can be read for a section; reports a clamp. */
function sectionCount(
  reader: ByteReader,
  section: SectionReference,
  itemSize: number,
  name: string,
  sink: DiagnosticSink,
): number {
  if (section.size === 0) return 0;
  const start = section.offset - reader.base;
  if (start < 0 || start > reader.length) {
    sink.add(
      'dex.section-out-of-range',
      section.offset,
      `${name}: offset 0x${start.toString(16)} is outside the dex`,
      'error',
    );
    return 0;
  }
  const count = clampCount(section.size, reader.length - start, itemSize);
  if (count < section.size) {
    sink.add(
      'dex.section-truncated',
      section.offset,
      `${name}: ${section.size} declared, only ${count} fit in the file`,
      'error',
    );
  }
  return count;
}

/** Reports the first out-of-range value in an index column, and how many there are. */
function checkIndexes(
  column: ArrayLike<number>,
  limit: number,
  what: string,
  section: SectionReference,
  itemSize: number,
  sink: DiagnosticSink,
): void {
  let bad = 0;
  let first = -1;
  for (let index = 0; index < column.length; index++) {
    if ((column[index] as number) >= limit) {
      if (first < 0) first = index;
      bad++;
    }
  }
  if (bad > 0) {
    sink.add(
      'dex.index-out-of-range',
      section.offset + first * itemSize,
      `${bad} ${what} out of range (first at item ${first}: ${column[first]} >= ${limit})`,
      'error',
    );
  }
}

/**
 * Little-endian reads without the ByteReader's per-call bounds check: every
 * loop below reads only records that sectionCount found complete in the file.
 */
function u32At(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)) >>>
    0
  );
}

function u16At(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

export function readIdTables(
  reader: ByteReader,
  header: DexHeader,
  mapItems: readonly MapItem[],
  sink: DiagnosticSink,
): IdTables {
  const base = reader.base;
  const bytes = reader.bytes;
  const relative = (section: SectionReference): number => section.offset - base;

  const stringCount = sectionCount(reader, header.stringIds, STRING_ID_ITEM_SIZE, 'string_ids', sink);
  const stringDataOffsets = new Uint32Array(stringCount);
  for (let index = 0, at = relative(header.stringIds); index < stringCount; index++, at += STRING_ID) {
    stringDataOffsets[index] = u32At(bytes, at);
  }

  const typeCount = sectionCount(reader, header.typeIds, TYPE_ID_ITEM_SIZE, 'type_ids', sink);
  const typeDescriptors = new Uint32Array(typeCount);
  for (let index = 0, at = relative(header.typeIds); index < typeCount; index++, at += TYPE_ID) {
    typeDescriptors[index] = u32At(bytes, at);
  }
  checkIndexes(typeDescriptors, stringCount, 'type descriptor_idx', header.typeIds, TYPE_ID_ITEM_SIZE, sink);

  const protoCount = sectionCount(reader, header.protoIds, PROTO_ID_ITEM_SIZE, 'proto_ids', sink);
  const protoShorty = new Uint32Array(protoCount);
  const protoReturnType = new Uint32Array(protoCount);
  const protoParametersOffset = new Uint32Array(protoCount);
  for (let index = 0, at = relative(header.protoIds); index < protoCount; index++, at += PROTO_ID) {
    protoShorty[index] = u32At(bytes, at);
    protoReturnType[index] = u32At(bytes, at + 4);
    protoParametersOffset[index] = u32At(bytes, at + 8);
  }
  checkIndexes(protoShorty, stringCount, 'proto shorty_idx', header.protoIds, PROTO_ID_ITEM_SIZE, sink);
  checkIndexes(protoReturnType, typeCount, 'proto return_type_idx', header.protoIds, PROTO_ID_ITEM_SIZE, sink);

  const fieldCount = sectionCount(reader, header.fieldIds, FIELD_ID_ITEM_SIZE, 'field_ids', sink);
  const fieldClass = new Uint16Array(fieldCount);
  const fieldType = new Uint16Array(fieldCount);
  const fieldName = new Uint32Array(fieldCount);
  for (let index = 0, at = relative(header.fieldIds); index < fieldCount; index++, at += FIELD_ID) {
    fieldClass[index] = u16At(bytes, at);
    fieldType[index] = u16At(bytes, at + 2);
    fieldName[index] = u32At(bytes, at + 4);
  }
  checkIndexes(fieldClass, typeCount, 'field class_idx', header.fieldIds, FIELD_ID_ITEM_SIZE, sink);
  checkIndexes(fieldType, typeCount, 'field type_idx', header.fieldIds, FIELD_ID_ITEM_SIZE, sink);
  checkIndexes(fieldName, stringCount, 'field name_idx', header.fieldIds, FIELD_ID_ITEM_SIZE, sink);

  const methodCount = sectionCount(reader, header.methodIds, METHOD_ID_ITEM_SIZE, 'method_ids', sink);
  const methodClass = new Uint16Array(methodCount);
  const methodProto = new Uint16Array(methodCount);
  const methodName = new Uint32Array(methodCount);
  for (let index = 0, at = relative(header.methodIds); index < methodCount; index++, at += METHOD_ID) {
    methodClass[index] = u16At(bytes, at);
    methodProto[index] = u16At(bytes, at + 2);
    methodName[index] = u32At(bytes, at + 4);
  }
  checkIndexes(methodClass, typeCount, 'method class_idx', header.methodIds, METHOD_ID_ITEM_SIZE, sink);
  checkIndexes(methodProto, protoCount, 'method proto_idx', header.methodIds, METHOD_ID_ITEM_SIZE, sink);
  checkIndexes(methodName, stringCount, 'method name_idx', header.methodIds, METHOD_ID_ITEM_SIZE, sink);

  // Call sites and method handles (dex 038+) are only located by map_list.
  const callSiteItem = mapItems.find((item) => item.type === MapItemType.callSiteIdItem);
  const callSiteSection = { size: callSiteItem?.size ?? 0, offset: callSiteItem?.offset ?? base };
  const callSiteCount = sectionCount(reader, callSiteSection, CALL_SITE_ID_ITEM_SIZE, 'call_site_ids', sink);
  const callSiteOffsets = new Uint32Array(callSiteCount);
  for (let index = 0, at = relative(callSiteSection); index < callSiteCount; index++, at += CALL_SITE_ID_ITEM_SIZE) {
    callSiteOffsets[index] = reader.u32At(at);
  }
  const handleItem = mapItems.find((item) => item.type === MapItemType.methodHandleItem);
  const handleSection = { size: handleItem?.size ?? 0, offset: handleItem?.offset ?? base };
  const handleCount = sectionCount(reader, handleSection, METHOD_HANDLE_ITEM_SIZE, 'method_handles', sink);
  const methodHandles: MethodHandle[] = [];
  for (let index = 0, at = relative(handleSection); index < handleCount; index++, at += METHOD_HANDLE_ITEM_SIZE) {
    methodHandles.push({ offset: base + at, handleType: reader.u16At(at), fieldOrMethodIndex: reader.u16At(at + 4) });
  }

  return {
    stringDataOffsets,
    typeDescriptors,
    protoShorty,
    protoReturnType,
    protoParametersOffset,
    fieldClass,
    fieldType,
    fieldName,
    methodClass,
    methodProto,
    methodName,
    callSiteOffsets,
    methodHandles,
  };
}
