/**
 * class_data_item and code_item (DEX spec "class_data_item", "encoded_field",
 * "encoded_method", "code_item"). class_data_items are cached by offset: a
 * hostile dex may point thousands of class_defs at one huge class_data_item,
 * and parsing it once per reference would turn a small file into hours of
 * work. (A code_item header is 16 bytes, so re-reading a shared one is cheap.)
 * Members go to typed-array columns (member-columns.ts), not objects.
 */
import { clampCount, OutOfBoundsError, type ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { WorkBudget } from './budget.js';
import {
  CODE_ITEM_HEADER_SIZE,
  MAX_ULEB128_SIZE,
  MIN_ENCODED_FIELD_SIZE,
  MIN_ENCODED_METHOD_SIZE,
} from './constants.js';
import { MemberColumns } from './member-columns.js';
import type { ClassDataSpan } from './types.js';
import type { CodeItem } from './types.js';

// Module-local copies: imported bindings can compile to getters (tsx/esbuild), too slow for per-byte loops.
const ULEB128_LIMIT = MAX_ULEB128_SIZE;
const CODE_HEADER = CODE_ITEM_HEADER_SIZE;
const FIELD_MINIMUM = MIN_ENCODED_FIELD_SIZE;
const METHOD_MINIMUM = MIN_ENCODED_METHOD_SIZE;

/** code_item must be 4-byte aligned (DEX spec "code_item": alignment 4 bytes). */
const CODE_ITEM_ALIGNMENT = 4;
const CODE_UNIT_SIZE = 2;

/** Ends the reading of a class_data_item at a member index past its id table (reported first). */
class MemberIndexOutOfRange extends Error {}

/** The four member lists of class_data_item, in file order. */
const enum Section {
  Static,
  Instance,
  Direct,
  Virtual,
}

export class ClassDataReader {
  private readonly classDataCache = new Map<number, ClassDataSpan | undefined>();
  /** Every member read, in columns; class defs keep only a span into them. */
  readonly members: MemberColumns;

  constructor(
    private readonly reader: ByteReader,
    private readonly fieldCount: number,
    private readonly methodCount: number,
    private readonly sink: DiagnosticSink,
    private readonly budget: WorkBudget,
  ) {
    this.members = new MemberColumns(reader.base, (position) => this.codeAt(position, false), fieldCount, methodCount);
  }

  /** Reads the class_data_item at relative `position` (cached) into the member columns. */
  read(position: number): ClassDataSpan | undefined {
    if (this.classDataCache.has(position)) return this.classDataCache.get(position);
    const value = this.readUncached(position);
    this.classDataCache.set(position, value);
    return value;
  }

  private readUncached(position: number): ClassDataSpan | undefined {
    const reader = this.reader;
    const members = this.members;
    const offset = reader.base + position;
    if (position >= reader.length) {
      this.sink.add(
        'dex.class-data-out-of-range',
        offset,
        `class_data_off 0x${position.toString(16)} is past the end of the dex`,
        'error',
      );
      return undefined;
    }
    if (!this.budget.spend(0, this.sink, offset)) return undefined;
    const fieldStart = members.fieldCount;
    const methodStart = members.methodCount;
    // Counts of members really read, section by section (a truncated item keeps what it has).
    let staticEnd = fieldStart;
    let directEnd = methodStart;
    let section = Section.Static;
    try {
      reader.seek(position);
      const staticSize = reader.uleb128();
      const instanceSize = reader.uleb128();
      const directSize = reader.uleb128();
      const virtualSize = reader.uleb128();
      this.readFields(staticSize, 'static');
      staticEnd = members.fieldCount;
      section = Section.Instance;
      this.readFields(instanceSize, 'instance');
      section = Section.Direct;
      this.readMethods(directSize, 'direct');
      directEnd = members.methodCount;
      section = Section.Virtual;
      this.readMethods(virtualSize, 'virtual');
    } catch (error) {
      if (error instanceof OutOfBoundsError) {
        this.budget.fail(this.sink, error.offset);
        this.sink.add(
          'dex.class-data-truncated',
          error.offset,
          `class_data_item at 0x${position.toString(16)} runs past the end of the dex`,
          'error',
        );
      } else if (error instanceof MemberIndexOutOfRange) this.budget.fail(this.sink, offset);
      else throw error;
      // Keep the members read so far: they are real evidence even in a truncated item.
      if (section === Section.Static) staticEnd = members.fieldCount;
      if (section !== Section.Virtual) directEnd = members.methodCount;
    }
    this.budget.spend(reader.position - position, this.sink, offset);
    return {
      offset,
      fieldStart,
      staticFields: staticEnd - fieldStart,
      instanceFields: members.fieldCount - staticEnd,
      methodStart,
      directMethods: directEnd - methodStart,
      virtualMethods: members.methodCount - directEnd,
    };
  }

  /**
   * uleb128 at the cursor (DEX spec "LEB128", at most five bytes), the hot
   * path of class data: the bytes are indexed directly, with the same bounds
   * check and OutOfBoundsError as ByteReader.
   */
  private uleb128(): number {
    const reader = this.reader;
    const bytes = reader.bytes;
    let position = reader.position;
    let result = 0;
    for (let count = 0; count < ULEB128_LIMIT; count++) {
      const byte = bytes[position];
      if (byte === undefined) throw new OutOfBoundsError(reader.base + position, 1, 0);
      position++;
      result |= (byte & 0x7f) << (7 * count);
      if (byte < 0x80) break;
    }
    reader.position = position;
    return result >>> 0;
  }

  private clamp(declared: number, itemSize: number, what: string): number {
    const count = clampCount(declared, this.reader.remaining, itemSize);
    if (count < declared) {
      this.sink.add(
        'dex.class-data-count',
        this.reader.absolute,
        `${what}: ${declared} declared, at most ${count} fit in the file`,
        'error',
      );
    }
    return count;
  }

  private readFields(declared: number, kind: string): void {
    const reader = this.reader;
    const count = this.clamp(declared, FIELD_MINIMUM, `${kind} fields`);
    let fieldIndex = 0;
    for (let index = 0; index < count; index++) {
      const offset = reader.absolute;
      const difference = this.uleb128();
      // DEX spec encoded_field.field_idx_diff: the first is the index itself, the rest are deltas.
      fieldIndex = index === 0 ? difference : fieldIndex + difference;
      const accessFlags = this.uleb128();
      if (fieldIndex >= this.fieldCount) {
        this.outOfRange(fieldIndex, this.fieldCount, count - index - 1, offset, 'field');
      }
      this.checkDuplicate(fieldIndex, difference, index, offset, 'field');
      this.members.addField(fieldIndex, accessFlags, offset);
    }
  }

  private readMethods(declared: number, kind: string): void {
    const reader = this.reader;
    const count = this.clamp(declared, METHOD_MINIMUM, `${kind} methods`);
    let methodIndex = 0;
    for (let index = 0; index < count; index++) {
      const offset = reader.absolute;
      const difference = this.uleb128();
      methodIndex = index === 0 ? difference : methodIndex + difference;
      const accessFlags = this.uleb128();
      const codeOff = this.uleb128();
      if (methodIndex >= this.methodCount) {
        this.outOfRange(methodIndex, this.methodCount, count - index - 1, offset, 'method');
      }
      this.checkDuplicate(methodIndex, difference, index, offset, 'method');
      if (codeOff !== 0) this.codeAt(codeOff, true);
      this.members.addMethod(methodIndex, accessFlags, codeOff, offset);
    }
  }

  /**
   * A member whose index is past the id table. The index of each later member of the list is
   * this one plus an unsigned uleb128, so every one of them is out of range too (ART's verifier
   * rejects the dex at the first). None is kept and the rest of the class_data_item is not read:
   * its next lists start after the members of this one, and stepping over a garbage count of
   * them, for each of thousands of overlapping items, is the quadratic work the budget stops.
   */
  private outOfRange(value: number, limit: number, rest: number, offset: number, what: string): never {
    this.sink.add(
      'dex.class-data-index-out-of-range',
      offset,
      `${what} index ${value} >= ${limit} ${what}_ids${rest === 0 ? '' : `, and so are the ${rest} ${what}s after it in this list (indexes only grow)`}: the rest of the class_data_item is not read`,
      'error',
    );
    throw new MemberIndexOutOfRange();
  }

  private checkDuplicate(value: number, difference: number, position: number, offset: number, what: string): void {
    if (position > 0 && difference === 0) {
      // ART's verifier rejects repeated members; some obfuscators emit them to crash tools.
      this.sink.add(
        'dex.class-data-duplicate-member',
        offset,
        `${what} index ${value} listed twice in a row`,
        'warning',
      );
    }
  }

  /**
   * Reads the fixed part of code_item at relative `position`; `report` once,
   * when the class data is read (later reads build the object for a caller).
   */
  codeAt(position: number, report: boolean): CodeItem | undefined {
    const reader = this.reader;
    const offset = reader.base + position;
    if (!reader.has(CODE_HEADER, position)) {
      if (report)
        this.sink.add(
          'dex.code-out-of-range',
          offset,
          `code_item at 0x${position.toString(16)} runs past the end of the dex`,
          'error',
        );
      return undefined;
    }
    if (report && position % CODE_ITEM_ALIGNMENT !== 0) {
      this.sink.add(
        'dex.code-misaligned',
        offset,
        `code_item at 0x${position.toString(16)} is not 4-byte aligned`,
        'warning',
      );
    }
    const instructionsSize = reader.u32At(position + 12);
    if (report) this.members.declaredCodeUnits += instructionsSize;
    const instructionsStart = position + CODE_HEADER;
    const instructionsComplete = instructionsSize <= (reader.length - instructionsStart) / CODE_UNIT_SIZE;
    if (report && !instructionsComplete) {
      this.sink.add(
        'dex.code-truncated',
        offset,
        `code_item insns_size ${instructionsSize} runs past the end of the dex`,
        'error',
      );
    }
    if (!report) return this.codeItem(position, instructionsSize, instructionsComplete);
    return undefined;
  }

  private codeItem(position: number, instructionsSize: number, instructionsComplete: boolean): CodeItem {
    const reader = this.reader;
    const offset = reader.base + position;
    const instructionsStart = position + CODE_HEADER;
    const debugInfo = reader.u32At(position + 8);
    return {
      offset,
      registersSize: reader.u16At(position),
      insSize: reader.u16At(position + 2),
      outsSize: reader.u16At(position + 4),
      triesSize: reader.u16At(position + 6),
      debugInfoOffset: debugInfo === 0 ? undefined : reader.base + debugInfo,
      instructionsSize,
      instructionsOffset: reader.base + instructionsStart,
      instructionsComplete,
    };
  }
}
