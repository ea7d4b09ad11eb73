/**
 * ResTable_type chunks: the entry offset table (u32, FLAG_OFFSET16 or FLAG_SPARSE)
 * and the entries it points at (ResourceTypes.h ResTable_type, ResTable_entry,
 * ResTable_map_entry, ResTable_map, Res_value; LoadedArsc.cpp VerifyResTableType,
 * VerifyResTableEntry).
 */
import { ByteReader, OutOfBoundsError, clampCount } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ResChunk } from '../res/chunk.js';
import { readConfig } from './config.js';
import {
  COMPACT_DATA_TYPE_SHIFT,
  FLAG_COMPACT,
  FLAG_COMPLEX,
  FLAG_OFFSET16,
  FLAG_SPARSE,
  MAX_ENTRIES_PER_TYPE,
  NO_ENTRY,
  NO_ENTRY_OFFSET16,
  OFFSET_UNIT,
  RES_TABLE_ENTRY_SIZE,
  RES_TABLE_MAP_ENTRY_SIZE,
  RES_TABLE_MAP_SIZE,
  RES_TABLE_TYPE_MIN_HEADER_SIZE,
  RES_VALUE_SIZE,
  SPARSE_TYPE_ENTRY_SIZE,
  TYPE_OFFSET,
} from './constants.js';
import type { BagItem, ResourceEntry, ResourceTypeChunk, ResourceValue } from './types.js';

/**
 * Clamped number of slots in the offset table (u32, u16 with FLAG_OFFSET16, or sparse idx/offset pairs).
 * Slots are read in place by readTypeChunk's loop: no slot objects, since it runs once per entry of
 * every type (173,000 times for framework-res).
 */
function slotCount(chunk: ResChunk, width: number, declaredCount: number, sink: DiagnosticSink): number {
  if (declaredCount > MAX_ENTRIES_PER_TYPE) {
    sink.add(
      'arsc.type-entry-count-over-limit',
      chunk.header.offset,
      `entryCount ${declaredCount} is more than the ${MAX_ENTRIES_PER_TYPE} entries a resource id can address (16-bit entry index); Android rejects the type, the first ${MAX_ENTRIES_PER_TYPE} are read`,
      'error',
    );
  }
  const count = clampCount(
    Math.min(declaredCount, MAX_ENTRIES_PER_TYPE),
    chunk.reader.length - chunk.header.headerSize,
    width,
  );
  if (count < Math.min(declaredCount, MAX_ENTRIES_PER_TYPE)) {
    sink.add(
      'arsc.type-entry-count-clamped',
      chunk.header.offset,
      `entryCount ${declaredCount} clamped to ${count} by the chunk size`,
      'error',
    );
  }
  return count;
}

function readValue(reader: ByteReader, position: number): ResourceValue {
  return {
    offset: reader.base + position,
    size: reader.u16At(position),
    res0: reader.u8At(position + 2),
    dataType: reader.u8At(position + 3),
    data: reader.u32At(position + 4),
  };
}

function readEntry(
  reader: ByteReader,
  position: number,
  index: number,
  sink: DiagnosticSink,
): ResourceEntry | undefined {
  const offset = reader.base + position;
  const first = reader.u16At(position);
  const flags = reader.u16At(position + 2);
  if ((flags & FLAG_COMPACT) !== 0) {
    // Compact entry (Android 14, androguard/compact-entry.apk, apktool/client.apk):
    // uint16 key; uint16 flags (dataType in the high byte); uint32 data.
    const value: ResourceValue = {
      offset,
      size: RES_VALUE_SIZE,
      res0: 0,
      dataType: flags >>> COMPACT_DATA_TYPE_SHIFT,
      data: reader.u32At(position + 4),
    };
    return { offset, index, size: RES_TABLE_ENTRY_SIZE, flags, keyIndex: first, compact: true, value };
  }
  const size = first;
  const keyIndex = reader.u32At(position + 4);
  if (size < RES_TABLE_ENTRY_SIZE) {
    sink.add(
      'arsc.entry-size-small',
      offset,
      `ResTable_entry size ${size} < ${RES_TABLE_ENTRY_SIZE}; Android rejects the entry`,
      'error',
    );
    return undefined;
  }
  if ((flags & FLAG_COMPLEX) === 0) {
    if (!reader.has(RES_VALUE_SIZE, position + size)) {
      sink.add('arsc.entry-value-overrun', offset, `Res_value of entry ${index} runs past the type chunk`, 'error');
      return undefined;
    }
    const value = readValue(reader, position + size);
    if (value.size < RES_VALUE_SIZE) {
      // LoadedArsc VerifyResTableEntry refuses the entry; we keep the value as evidence and say so.
      sink.add(
        'arsc.value-size-small',
        value.offset,
        `Res_value of entry ${index} declares ${value.size} bytes; Android rejects the entry`,
        'error',
      );
    }
    return { offset, index, size, flags, keyIndex, compact: false, value };
  }
  if (size < RES_TABLE_MAP_ENTRY_SIZE) {
    sink.add('arsc.map-entry-size-small', offset, `complex entry size ${size} < ${RES_TABLE_MAP_ENTRY_SIZE}`, 'error');
    return undefined;
  }
  const parent = reader.u32At(position + 8);
  const declaredCount = reader.u32At(position + 12);
  const itemsStart = position + size;
  const count = clampCount(declaredCount, reader.length - itemsStart, RES_TABLE_MAP_SIZE);
  if (count < declaredCount) {
    sink.add(
      'arsc.map-count-clamped',
      offset,
      `bag of entry ${index} declares ${declaredCount} items, ${count} fit in the chunk`,
      'error',
    );
  }
  const items: BagItem[] = [];
  for (let item = 0; item < count; item++) {
    const itemPosition = itemsStart + item * RES_TABLE_MAP_SIZE;
    items.push({
      offset: reader.base + itemPosition,
      name: reader.u32At(itemPosition),
      value: readValue(reader, itemPosition + 4),
    });
  }
  return { offset, index, size, flags, keyIndex, compact: false, bag: { parent, declaredCount, items } };
}

/** Parses one RES_TABLE_TYPE_TYPE chunk; returns undefined when its header is unusable. */
export function readTypeChunk(chunk: ResChunk, sink: DiagnosticSink): ResourceTypeChunk | undefined {
  const reader = chunk.reader;
  const header = chunk.header;
  if (header.headerSize < RES_TABLE_TYPE_MIN_HEADER_SIZE + 4) {
    sink.add(
      'arsc.type-header-small',
      header.offset,
      `ResTable_type header of ${header.headerSize} bytes cannot hold a config`,
      'error',
    );
    return undefined;
  }
  const id = reader.u8At(TYPE_OFFSET.id);
  const flags = reader.u8At(TYPE_OFFSET.flags);
  const entryCount = reader.u32At(TYPE_OFFSET.entryCount);
  const entriesStart = reader.u32At(TYPE_OFFSET.entriesStart);
  const configReader = reader.slice(TYPE_OFFSET.config, header.headerSize - TYPE_OFFSET.config);
  const config = readConfig(configReader, sink);
  if (id === 0)
    sink.add('arsc.type-id-zero', header.offset, 'ResTable_type id is 0; Android rejects the type', 'error');
  const entries: ResourceEntry[] = [];
  if (entriesStart > header.size || entriesStart < header.headerSize) {
    sink.add(
      'arsc.type-entries-start-invalid',
      header.offset,
      `entriesStart ${entriesStart} outside [${header.headerSize}, ${header.size}]`,
      'error',
    );
    return { offset: header.offset, id, flags, entryCount, config, entries };
  }
  const entriesReader = reader.slice(entriesStart, header.size - entriesStart);
  const sparse = (flags & FLAG_SPARSE) !== 0;
  const offset16 = (flags & FLAG_OFFSET16) !== 0;
  const width = sparse ? SPARSE_TYPE_ENTRY_SIZE : offset16 ? 2 : 4;
  const count = slotCount(chunk, width, entryCount, sink);
  // Only a sparse table names its indices; dense slots are their own (unique) indices.
  const seenIndexes = sparse ? new Set<number>() : undefined;
  const slotsStart = header.headerSize;
  // Local copies, as before: this loop runs once per entry of every type, and under tsx each imported binding is a getter call.
  const unit = OFFSET_UNIT;
  const noEntry16 = NO_ENTRY_OFFSET16;
  const noEntry = NO_ENTRY;
  // Slots may share one record (an optimizer deduplicating identical values, or a crafted table:
  // 65,535 slots naming one bag of 20,000 items took 4.3 GB and 107 s when each slot decoded it
  // again). Each record is decoded once; a slot naming an earlier one shares its value or bag.
  // Writers put records in slot order, so the map is built only when an offset goes back.
  let furthest = -1;
  let byOffset: Map<number, ResourceEntry | null> | undefined;
  for (let slot = 0; slot < count; slot++) {
    const position = slotsStart + slot * width;
    let index: number;
    let offset: number;
    if (sparse) {
      // ResTable_sparseTypeEntry { uint16 idx; uint16 offset (divided by 4) } (apktool/sparse.apk).
      index = reader.u16At(position);
      offset = reader.u16At(position + 2) * unit;
      if (seenIndexes!.has(index)) {
        sink.add('arsc.sparse-index-duplicate', header.offset, `entry index ${index} appears twice in a sparse table`);
        continue;
      }
      seenIndexes!.add(index);
    } else if (offset16) {
      const value = reader.u16At(position);
      if (value === noEntry16) continue;
      index = slot;
      offset = value * unit;
    } else {
      const value = reader.u32At(position);
      if (value === noEntry) continue;
      index = slot;
      offset = value;
    }
    if ((offset & (unit - 1)) !== 0) {
      sink.add(
        'arsc.entry-offset-unaligned',
        header.offset,
        `entry ${index} offset ${offset} is not 4-byte aligned; Android rejects it`,
        'error',
      );
      continue;
    }
    if (offset <= furthest) {
      byOffset ??= new Map(entries.map((entry) => [entry.offset - entriesReader.base, entry]));
      const shared = byOffset.get(offset);
      if (shared === null) continue;
      if (shared !== undefined) {
        const { offset: recordOffset, size, flags: entryFlags, keyIndex, compact, value, bag } = shared;
        entries.push({ offset: recordOffset, index, size, flags: entryFlags, keyIndex, compact, value, bag });
        continue;
      }
    }
    furthest = Math.max(furthest, offset);
    try {
      const entry = readEntry(entriesReader, offset, index, sink);
      byOffset?.set(offset, entry ?? null);
      if (entry !== undefined) entries.push(entry);
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      byOffset?.set(offset, null);
      // Reported at the type chunk: the offset the entry claims lies outside the file.
      sink.add(
        'arsc.entry-out-of-bounds',
        header.offset,
        `entry ${index} of type ${id} at entry offset ${offset} runs past its chunk`,
        'error',
      );
    }
  }
  if (sparse) entries.sort((a, b) => a.index - b.index);
  return { offset: header.offset, id, flags, entryCount, config, entries };
}
