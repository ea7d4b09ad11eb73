/**
 * The members of every class_data_item of a dex, stored as typed-array
 * columns rather than one object per encoded_field / encoded_method: a large
 * app has hundreds of thousands of members, and as objects they were the
 * largest part of a parsed dex (about 30 MB of heap for Appium's 24 MB of
 * dex). ClassDef.classData builds the objects for one class on demand; the
 * code index reads the columns directly.
 */
import type { ClassData, ClassDataSpan, CodeItem, EncodedField, EncodedMethod } from './types.js';

/** Small: every dex of every APK builds seven columns, most apps have few members per dex. */
const INITIAL_CAPACITY = 16;
/** Most rows a column is sized for up front from the id tables (past it, it grows by doubling). */
const MAX_PRESIZED_ROWS = 1 << 20;

/** A Uint32 column that grows by doubling (its size follows members really read, never a declared count). */
class GrowableColumn {
  data: Uint32Array;
  constructor(capacity: number) {
    this.data = new Uint32Array(Math.max(INITIAL_CAPACITY, Math.min(capacity, MAX_PRESIZED_ROWS)));
  }
  push(position: number, value: number): void {
    if (position >= this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[position] = value;
  }
  trim(length: number): void {
    if (this.data.length !== length) this.data = this.data.slice(0, length);
  }
}

export class MemberColumns {
  fieldCount = 0;
  methodCount = 0;
  /**
   * insns_size summed over the methods whose code_item header lies in the dex, as readDex
   * read them (the code index sizes its reference table from it without reading them again).
   */
  declaredCodeUnits = 0;
  private readonly fieldIndexColumn: GrowableColumn;
  private readonly fieldAccessColumn: GrowableColumn;
  private readonly fieldRecordColumn: GrowableColumn;
  private readonly methodIndexColumn: GrowableColumn;
  private readonly methodAccessColumn: GrowableColumn;
  /** code_off as in the file (relative to the dex start; 0: abstract or native). */
  private readonly methodCodeColumn: GrowableColumn;
  private readonly methodRecordColumn: GrowableColumn;

  /**
   * @param base     absolute offset of the dex's first byte
   * @param readCode reads the fixed part of the code_item at relative `position` without reporting (readDex already did)
   * @param expectedFields, expectedMethods rows to size the columns for (the id tables' sizes, which fit in
   *   the file: a valid dex defines each member once; the columns still grow past them)
   */
  constructor(
    readonly base: number,
    private readonly readCode: (position: number) => CodeItem | undefined,
    expectedFields = 0,
    expectedMethods = 0,
  ) {
    this.fieldIndexColumn = new GrowableColumn(expectedFields);
    this.fieldAccessColumn = new GrowableColumn(expectedFields);
    this.fieldRecordColumn = new GrowableColumn(expectedFields);
    this.methodIndexColumn = new GrowableColumn(expectedMethods);
    this.methodAccessColumn = new GrowableColumn(expectedMethods);
    this.methodCodeColumn = new GrowableColumn(expectedMethods);
    this.methodRecordColumn = new GrowableColumn(expectedMethods);
  }

  addField(fieldIndex: number, accessFlags: number, recordOffset: number): void {
    const row = this.fieldCount++;
    this.fieldIndexColumn.push(row, fieldIndex);
    this.fieldAccessColumn.push(row, accessFlags);
    this.fieldRecordColumn.push(row, recordOffset);
  }

  addMethod(methodIndex: number, accessFlags: number, codeOffset: number, recordOffset: number): void {
    const row = this.methodCount++;
    this.methodIndexColumn.push(row, methodIndex);
    this.methodAccessColumn.push(row, accessFlags);
    this.methodCodeColumn.push(row, codeOffset);
    this.methodRecordColumn.push(row, recordOffset);
  }

  /** Drops the spare capacity once every class_data_item is read. */
  trim(): void {
    for (const column of [this.fieldIndexColumn, this.fieldAccessColumn, this.fieldRecordColumn])
      column.trim(this.fieldCount);
    for (const column of [
      this.methodIndexColumn,
      this.methodAccessColumn,
      this.methodCodeColumn,
      this.methodRecordColumn,
    ])
      column.trim(this.methodCount);
  }

  /** method_idx of member row `row` (rows of a span: methodStart .. methodStart + direct + virtual). */
  get methodIndexes(): Uint32Array {
    return this.methodIndexColumn.data;
  }
  get methodAccessFlags(): Uint32Array {
    return this.methodAccessColumn.data;
  }
  /** code_off as in the file; 0 for methods without code. */
  get methodCodeOffsets(): Uint32Array {
    return this.methodCodeColumn.data;
  }
  /** Absolute offset of each encoded_method record. */
  get methodRecordOffsets(): Uint32Array {
    return this.methodRecordColumn.data;
  }
  get fieldIndexes(): Uint32Array {
    return this.fieldIndexColumn.data;
  }

  /** The code_item of method row `row` (built on each call); undefined for abstract and native methods. */
  codeItem(row: number): CodeItem | undefined {
    const codeOffset = row >= 0 && row < this.methodCount ? (this.methodCodeColumn.data[row] as number) : 0;
    return codeOffset === 0 ? undefined : this.readCode(codeOffset);
  }

  /** The objects of one class_data_item (built on each call; nothing is kept). */
  classData(span: ClassDataSpan): ClassData {
    const base = this.base;
    const fields = (start: number, count: number): EncodedField[] => {
      const out: EncodedField[] = new Array<EncodedField>(count);
      for (let row = start; row < start + count; row++) {
        out[row - start] = {
          fieldIndex: this.fieldIndexColumn.data[row] as number,
          accessFlags: this.fieldAccessColumn.data[row] as number,
          offset: this.fieldRecordColumn.data[row] as number,
        };
      }
      return out;
    };
    const methods = (start: number, count: number): EncodedMethod[] => {
      const out: EncodedMethod[] = new Array<EncodedMethod>(count);
      for (let row = start; row < start + count; row++) {
        const codeOffset = this.methodCodeColumn.data[row] as number;
        out[row - start] = {
          methodIndex: this.methodIndexColumn.data[row] as number,
          accessFlags: this.methodAccessColumn.data[row] as number,
          codeOffset: codeOffset === 0 ? undefined : base + codeOffset,
          code: codeOffset === 0 ? undefined : this.readCode(codeOffset),
          offset: this.methodRecordColumn.data[row] as number,
        };
      }
      return out;
    };
    return {
      offset: span.offset,
      staticFields: fields(span.fieldStart, span.staticFields),
      instanceFields: fields(span.fieldStart + span.staticFields, span.instanceFields),
      directMethods: methods(span.methodStart, span.directMethods),
      virtualMethods: methods(span.methodStart + span.directMethods, span.virtualMethods),
    };
  }
}
