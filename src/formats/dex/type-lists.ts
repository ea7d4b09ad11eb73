/**
 * type_list (DEX spec "type_list": a uint size, then size type_item of one ushort type_idx),
 * named by offset from proto_id_item.parameters_off and class_def_item.interfaces_off.
 *
 * d8 stores each distinct list once and points every proto and class with the same types at
 * it, so a list is read once per offset, for protos and classes alike. Distinct lists are
 * distinct items of the data section (map_list's TYPE_TYPE_LIST): in a valid dex they never
 * overlap, so the lists read together never take more bytes than the file has. A hostile dex
 * points its lists at X, X+1, X+2, … each declaring the rest of the file: read one by one they
 * would hold up to the whole work budget in entries (16 per byte of dex, eight bytes of heap
 * each). Lists beyond the file's room are refused, with one diagnostic.
 */
import { clampCount, type ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { WorkBudget } from './budget.js';
import { TYPE_ITEM_SIZE } from './constants.js';

const TYPE_LIST_SIZE_FIELD = 4;
const EMPTY: readonly number[] = [];

export class TypeListReader {
  private readonly lists = new Map<number, readonly number[]>();
  /** Bytes of the file not yet taken by a list read (the lists of a valid dex are disjoint). */
  private room: number;
  private overlapReported = false;

  constructor(
    private readonly reader: ByteReader,
    private readonly sink: DiagnosticSink,
    private readonly budget: WorkBudget,
  ) {
    this.room = reader.length;
  }

  /** The type indexes of the type_list at relative `position` (read once per offset); `what` names the first user. */
  at(position: number, what: () => string): readonly number[] {
    let list = this.lists.get(position);
    if (list === undefined) {
      list = this.read(position, what);
      this.lists.set(position, list);
    }
    return list;
  }

  private read(position: number, what: () => string): readonly number[] {
    const reader = this.reader;
    if (!reader.has(TYPE_LIST_SIZE_FIELD, position)) {
      this.sink.add(
        'dex.type-list-out-of-range',
        reader.base + position,
        `${what()}: type_list at 0x${position.toString(16)} is outside the dex`,
        'error',
      );
      return EMPTY;
    }
    const declared = reader.u32At(position);
    const count = clampCount(declared, reader.length - position - TYPE_LIST_SIZE_FIELD, TYPE_ITEM_SIZE);
    if (count < declared) {
      this.sink.add(
        'dex.type-list-truncated',
        reader.base + position,
        `${what()}: type_list declares ${declared} types, ${count} fit`,
        'error',
      );
    }
    const size = TYPE_LIST_SIZE_FIELD + count * TYPE_ITEM_SIZE;
    if (size > this.room) {
      if (!this.overlapReported) {
        this.overlapReported = true;
        this.sink.add(
          'dex.type-list-overlap',
          reader.base + position,
          `${what()}: type_list at 0x${position.toString(16)} (${count} types) does not fit beside the lists already read: type_lists overlap, this and further overlapping lists are not read`,
          'error',
        );
      }
      return EMPTY;
    }
    if (!this.budget.spend(count, this.sink, reader.base + position)) return EMPTY;
    this.room -= size;
    // `count` fits in the file (clamped above): one bounds check for the whole list.
    const bytes = reader.bytes;
    const types: number[] = new Array<number>(count);
    let at = position + TYPE_LIST_SIZE_FIELD;
    for (let index = 0; index < count; index++, at += TYPE_ITEM_SIZE)
      types[index] = (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
    return types;
  }
}
