/**
 * map_list (DEX spec "map_list"): the file's own table of contents. It is
 * read, then cross-checked against header_item; every disagreement is
 * evidence of a hand-made or tampered dex and becomes a diagnostic, while
 * parsing continues from the header's values (what ART's class linker uses).
 */
import { clampCount, type ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import {
  CALL_SITE_ID_ITEM_SIZE,
  CLASS_DEF_ITEM_SIZE,
  FIELD_ID_ITEM_SIZE,
  HEADER_SIZE_V35,
  MAP_ITEM_SIZE,
  MAP_ITEM_TYPE_NAMES,
  METHOD_HANDLE_ITEM_SIZE,
  METHOD_ID_ITEM_SIZE,
  MapItemType,
  PROTO_ID_ITEM_SIZE,
  STRING_ID_ITEM_SIZE,
  TYPE_ID_ITEM_SIZE,
} from './constants.js';
import type { DexHeader, MapItem, SectionReference } from './types.js';

const MAP_SIZE_FIELD_SIZE = 4;
/**
 * A valid map_list names each item type at most once (DEX spec "map_list"; ART's verifier
 * rejects a duplicate), so it has at most as many items as there are types: twice the types
 * known today leaves room for types a later dex version adds. A hostile count (clamped to
 * the file: a twelfth of its bytes) made every record a few diagnostics of its own.
 */
const MAX_MAP_ITEMS = 2 * MAP_ITEM_TYPE_NAMES.size;
/** Item types that live in the data section (DEX spec: type codes 0x1000 and up). */
const FIRST_DATA_ITEM_TYPE = 0x1000;

/** Fixed item sizes, where the spec fixes them; variable-sized items are absent. */
const FIXED_ITEM_SIZES: ReadonlyMap<number, number> = new Map([
  [MapItemType.headerItem, HEADER_SIZE_V35],
  [MapItemType.stringIdItem, STRING_ID_ITEM_SIZE],
  [MapItemType.typeIdItem, TYPE_ID_ITEM_SIZE],
  [MapItemType.protoIdItem, PROTO_ID_ITEM_SIZE],
  [MapItemType.fieldIdItem, FIELD_ID_ITEM_SIZE],
  [MapItemType.methodIdItem, METHOD_ID_ITEM_SIZE],
  [MapItemType.classDefItem, CLASS_DEF_ITEM_SIZE],
  [MapItemType.callSiteIdItem, CALL_SITE_ID_ITEM_SIZE],
  [MapItemType.methodHandleItem, METHOD_HANDLE_ITEM_SIZE],
]);

function mapTypeName(type: number): string {
  return MAP_ITEM_TYPE_NAMES.get(type) ?? `unknown-0x${type.toString(16).padStart(4, '0')}`;
}

/** Reads map_list; an absent or unreadable map yields [] and a diagnostic. */
export function readMapList(reader: ByteReader, header: DexHeader, sink: DiagnosticSink): MapItem[] {
  const base = reader.base;
  if (header.mapOffset === undefined) {
    sink.add('dex.map-missing', base, 'map_off is 0: the dex has no map_list (ART rejects such a file)', 'error');
    return [];
  }
  const start = header.mapOffset - base;
  if (!reader.has(MAP_SIZE_FIELD_SIZE, start)) {
    sink.add(
      'dex.map-out-of-range',
      header.mapOffset,
      `map_off 0x${start.toString(16)} is past the end of the dex`,
      'error',
    );
    return [];
  }
  const declared = reader.u32At(start);
  const bytesLeft = reader.length - start - MAP_SIZE_FIELD_SIZE;
  const count = clampCount(declared, bytesLeft, MAP_ITEM_SIZE);
  if (count < declared) {
    sink.add(
      'dex.map-count',
      header.mapOffset,
      `map_list declares ${declared} items but only ${count} fit in the file`,
      'error',
    );
  }
  const kept = Math.min(count, MAX_MAP_ITEMS);
  if (kept < count) {
    sink.add(
      'dex.map-too-many-items',
      header.mapOffset,
      `map_list has ${count} items, but lists each item type at most once: the first ${kept} are read`,
      'error',
    );
  }
  const items: MapItem[] = [];
  for (let index = 0; index < kept; index++) {
    const record = start + MAP_SIZE_FIELD_SIZE + index * MAP_ITEM_SIZE;
    const type = reader.u16At(record);
    items.push({
      type,
      typeName: mapTypeName(type),
      size: reader.u32At(record + 4),
      offset: base + reader.u32At(record + 8),
      recordOffset: base + record,
    });
  }
  return items;
}

const HEADER_SECTIONS: ReadonlyArray<readonly [number, keyof DexHeader]> = [
  [MapItemType.stringIdItem, 'stringIds'],
  [MapItemType.typeIdItem, 'typeIds'],
  [MapItemType.protoIdItem, 'protoIds'],
  [MapItemType.fieldIdItem, 'fieldIds'],
  [MapItemType.methodIdItem, 'methodIds'],
  [MapItemType.classDefItem, 'classDefs'],
];

/**
 * Cross-checks map_list with header_item and with itself (DEX spec map_list:
 * "sorted by initial offset and must not overlap", each type at most once).
 * `length` is the number of dex bytes available.
 */
export function checkMapList(header: DexHeader, items: readonly MapItem[], length: number, sink: DiagnosticSink): void {
  const base = header.offset;
  const end = base + length;
  const seen = new Set<number>();
  for (const item of items) {
    if (seen.has(item.type)) {
      sink.add(
        'dex.map-duplicate-type',
        item.recordOffset,
        `map_list lists ${item.typeName} more than once`,
        'warning',
      );
    }
    seen.add(item.type);
    if (!MAP_ITEM_TYPE_NAMES.has(item.type)) {
      sink.add(
        'dex.map-unknown-type',
        item.recordOffset,
        `map_list has unknown item type 0x${item.type.toString(16)}`,
        'warning',
      );
    }
    const fixed = FIXED_ITEM_SIZES.get(item.type);
    const minimumLength = fixed === undefined ? Math.min(item.size, 1) : item.size * fixed;
    if (item.offset < base || item.offset + minimumLength > end) {
      sink.add(
        'dex.section-out-of-range',
        item.recordOffset,
        `${item.typeName} section (${item.size} items at 0x${(item.offset - base).toString(16)}) runs outside the dex`,
        'error',
      );
    }
    if (item.type >= FIRST_DATA_ITEM_TYPE && header.data.size > 0 && item.size > 0) {
      const dataEnd = header.data.offset + header.data.size;
      if (item.offset < header.data.offset || item.offset >= dataEnd) {
        sink.add(
          'dex.outside-data-section',
          item.recordOffset,
          `${item.typeName} at 0x${(item.offset - base).toString(16)} lies outside the data section`,
          'warning',
        );
      }
    }
  }
  for (let index = 1; index < items.length; index++) {
    const previous = items[index - 1] as MapItem;
    const current = items[index] as MapItem;
    if (current.offset < previous.offset) {
      sink.add(
        'dex.map-unsorted',
        current.recordOffset,
        `map_list is not sorted by offset at ${current.typeName}`,
        'warning',
      );
      continue;
    }
    const fixed = FIXED_ITEM_SIZES.get(previous.type);
    if (fixed !== undefined && previous.offset + previous.size * fixed > current.offset && current.size > 0) {
      sink.add(
        'dex.section-overlap',
        current.recordOffset,
        `${previous.typeName} section overlaps ${current.typeName} at 0x${(current.offset - base).toString(16)}`,
        'error',
      );
    }
  }
  checkHeaderAgainstMap(header, items, sink);
}

function checkHeaderAgainstMap(header: DexHeader, items: readonly MapItem[], sink: DiagnosticSink): void {
  if (items.length === 0) return;
  const byType = new Map<number, MapItem>();
  for (const item of items) if (!byType.has(item.type)) byType.set(item.type, item);
  const headerItem = byType.get(MapItemType.headerItem);
  if (headerItem === undefined || headerItem.offset !== header.offset || headerItem.size !== 1) {
    sink.add(
      'dex.map-header-item',
      header.mapOffset ?? header.offset,
      'map_list does not describe the header at offset 0',
      'warning',
    );
  }
  if (!byType.has(MapItemType.mapList)) {
    sink.add('dex.map-self-missing', header.mapOffset ?? header.offset, 'map_list does not list itself', 'warning');
  } else if ((byType.get(MapItemType.mapList) as MapItem).offset !== header.mapOffset) {
    sink.add(
      'dex.map-header-mismatch',
      (byType.get(MapItemType.mapList) as MapItem).recordOffset,
      'map_list entry for itself disagrees with header map_off',
      'warning',
    );
  }
  for (const [type, key] of HEADER_SECTIONS) {
    const section = header[key] as SectionReference;
    const item = byType.get(type);
    if (item === undefined) {
      if (section.size > 0) {
        sink.add(
          'dex.map-missing-section',
          header.offset,
          `header declares ${section.size} ${mapTypeName(type)} but map_list has none`,
          'warning',
        );
      }
      continue;
    }
    if (item.size !== section.size || (section.size > 0 && item.offset !== section.offset)) {
      sink.add(
        'dex.map-header-mismatch',
        item.recordOffset,
        `${item.typeName}: header says ${section.size} at 0x${(section.offset - header.offset).toString(16)}, ` +
          `map_list says ${item.size} at 0x${(item.offset - header.offset).toString(16)}`,
        'warning',
      );
    }
  }
}
