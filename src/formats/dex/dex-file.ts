/**
 * The parsed dex: header, map, typed-array id tables, lazily decoded strings,
 * class defs with class data and code items, plus the name helpers every
 * later layer uses to print evidence (`Lcom/a/B;->m(I)V`).
 */
import type { ByteReader } from '../binary/byte-reader.js';
import { DiagnosticSink, type ParseResult } from '../diagnostics.js';
import { FIRST_METHOD_HANDLE_INVOKE_TYPE, METHOD_HANDLE_TYPE_NAMES } from './constants.js';
import { AnnotationReader, type AnnotationsDirectory } from './annotations.js';
import type { WorkBudget } from './budget.js';
import { readDebugInfo, type DebugInfo } from './debug-info.js';
import { readEncodedArray, type EncodedValue } from './encoded-value.js';
import type { IdTables } from './id-tables.js';
import type { MemberColumns } from './member-columns.js';
import { descriptorToJavaName } from './names.js';
import type { StringTable } from './strings.js';
import { readTryBlocks } from './tries.js';
import type { ClassDef, CodeItem, DexHeader, Integrity, MapItem, MethodHandle, TryBlock } from './types.js';

const CODE_UNIT_SIZE = 2;

export interface DexFileParts {
  readonly reader: ByteReader;
  readonly header: DexHeader;
  readonly mapList: readonly MapItem[];
  readonly integrity: Integrity | undefined;
  readonly strings: StringTable;
  readonly ids: IdTables;
  readonly protoParameters: readonly (readonly number[])[];
  readonly classDefs: readonly ClassDef[];
  readonly members: MemberColumns;
  readonly budget: WorkBudget;
}

export class DexFile {
  /** The dex bytes as given to readDex. */
  readonly bytes: Uint8Array;
  /** Absolute offset of bytes[0]; every model offset includes it. */
  readonly base: number;
  readonly header: DexHeader;
  readonly mapList: readonly MapItem[];
  /** Undefined when readDex was asked to skip the checks. */
  readonly integrity: Integrity | undefined;
  readonly strings: StringTable;
  /** Raw id columns (indexes as in the file), for consumers that iterate millions of references. */
  readonly ids: IdTables;
  readonly classDefs: readonly ClassDef[];
  /** Every encoded_field / encoded_method of the class data, as columns (ClassDef.classDataSpan points in). */
  readonly members: MemberColumns;
  private readonly protoParameterLists: readonly (readonly number[])[];
  private readonly reader: ByteReader;
  private readonly budget: WorkBudget;
  private classIndexByType: Map<number, ClassDef> | undefined;
  private annotationReader: AnnotationReader | undefined;
  private absoluteCallSiteOffsets: readonly number[] | undefined;
  /** Static values by offset: classes may share one encoded_array_item (a hostile dex can make 100,000 share a huge one). */
  private readonly staticValuesCache = new Map<number, ParseResult<readonly EncodedValue[]>>();

  constructor(parts: DexFileParts) {
    this.reader = parts.reader;
    this.bytes = parts.reader.bytes;
    this.base = parts.reader.base;
    this.header = parts.header;
    this.mapList = parts.mapList;
    this.integrity = parts.integrity;
    this.strings = parts.strings;
    this.ids = parts.ids;
    this.protoParameterLists = parts.protoParameters;
    this.classDefs = parts.classDefs;
    this.members = parts.members;
    this.budget = parts.budget;
  }

  /** Reads an encoded_array_item at relative `position`, charged to the work budget. */
  private encodedArray(position: number, sink: DiagnosticSink, what: string): EncodedValue[] {
    if (!this.budget.spend(0, sink, this.base + position)) return [];
    const problems = sink.diagnostics.length;
    const value = readEncodedArray(this.reader, position, sink, what);
    this.budget.spend(Math.max(1, this.reader.position - position), sink, this.base + position);
    if (sink.diagnostics.length > problems) this.budget.fail(sink, this.base + position);
    return value;
  }

  get version(): number {
    return this.header.version;
  }
  get stringCount(): number {
    return this.strings.count;
  }
  get typeCount(): number {
    return this.ids.typeDescriptors.length;
  }
  get protoCount(): number {
    return this.ids.protoShorty.length;
  }
  get fieldCount(): number {
    return this.ids.fieldName.length;
  }
  get methodCount(): number {
    return this.ids.methodName.length;
  }
  /** Absolute offsets of every call_site_item (computed once). */
  get callSiteOffsets(): readonly number[] {
    this.absoluteCallSiteOffsets ??= Array.from(this.ids.callSiteOffsets, (offset) => this.base + offset);
    return this.absoluteCallSiteOffsets;
  }
  get methodHandles(): readonly MethodHandle[] {
    return this.ids.methodHandles;
  }

  string(index: number): string {
    return this.strings.get(index);
  }

  /** Type descriptor of type_ids[index], e.g. `Ljava/lang/String;`. */
  typeName(index: number): string {
    const descriptor = this.ids.typeDescriptors[index];
    return descriptor === undefined ? `<invalid type ${index}>` : this.strings.get(descriptor);
  }

  /** The same type as dexdump prints it: `java.lang.String`, `int[]`. */
  javaTypeName(index: number): string {
    return descriptorToJavaName(this.typeName(index));
  }

  protoShorty(index: number): string {
    const shorty = this.ids.protoShorty[index];
    return shorty === undefined ? `<invalid proto ${index}>` : this.strings.get(shorty);
  }

  protoReturnTypeIndex(index: number): number | undefined {
    return this.ids.protoReturnType[index];
  }

  protoParameterTypeIndexes(index: number): readonly number[] {
    return this.protoParameterLists[index] ?? [];
  }

  /** Method descriptor of proto_ids[index]: `(ILjava/lang/String;)V`. */
  protoDescriptor(index: number): string {
    const returnType = this.ids.protoReturnType[index];
    if (returnType === undefined) return `<invalid proto ${index}>`;
    let text = '(';
    for (const parameter of this.protoParameterTypeIndexes(index)) text += this.typeName(parameter);
    return `${text})${this.typeName(returnType)}`;
  }

  fieldName(index: number): string {
    const name = this.ids.fieldName[index];
    return name === undefined ? `<invalid field ${index}>` : this.strings.get(name);
  }

  /** `Lcom/a/B;->name:Ljava/lang/String;` (smali/baksmali spelling). */
  fieldSignature(index: number): string {
    const name = this.ids.fieldName[index];
    if (name === undefined) return `<invalid field ${index}>`;
    return `${this.typeName(this.ids.fieldClass[index] as number)}->${this.strings.get(name)}:${this.typeName(this.ids.fieldType[index] as number)}`;
  }

  methodName(index: number): string {
    const name = this.ids.methodName[index];
    return name === undefined ? `<invalid method ${index}>` : this.strings.get(name);
  }

  /** `Lcom/a/B;->m(ILjava/lang/String;)V` (smali/baksmali spelling). */
  methodSignature(index: number): string {
    const name = this.ids.methodName[index];
    if (name === undefined) return `<invalid method ${index}>`;
    return `${this.typeName(this.ids.methodClass[index] as number)}->${this.strings.get(name)}${this.protoDescriptor(this.ids.methodProto[index] as number)}`;
  }

  /** Java-style spelling: `com.a.B.m(int, java.lang.String): void`. */
  methodJavaSignature(index: number): string {
    const proto = this.ids.methodProto[index];
    if (proto === undefined) return `<invalid method ${index}>`;
    const parameters = this.protoParameterTypeIndexes(proto)
      .map((type) => this.javaTypeName(type))
      .join(', ');
    const returnType = this.ids.protoReturnType[proto];
    const returnName = returnType === undefined ? '?' : this.javaTypeName(returnType);
    return `${this.javaTypeName(this.ids.methodClass[index] as number)}.${this.methodName(index)}(${parameters}): ${returnName}`;
  }

  /**
   * The class's annotations_directory_item (class, field, method and
   * parameter annotations), read on demand; undefined when it has none.
   */
  readAnnotations(classDef: ClassDef): ParseResult<AnnotationsDirectory | undefined> {
    if (classDef.annotationsOffset === undefined) return { value: undefined, diagnostics: [] };
    const sink = new DiagnosticSink();
    this.annotationReader ??= new AnnotationReader(this.reader, this.budget);
    const value = this.annotationReader.readDirectory(classDef.annotationsOffset - this.base, sink);
    return { value, diagnostics: sink.finish() };
  }

  /** A method's debug_info_item (line numbers), read on demand; undefined when it has none. */
  readDebugInfo(code: CodeItem): ParseResult<DebugInfo | undefined> {
    if (code.debugInfoOffset === undefined) return { value: undefined, diagnostics: [] };
    const sink = new DiagnosticSink();
    if (!this.budget.spend(0, sink, code.debugInfoOffset)) return { value: undefined, diagnostics: sink.finish() };
    const value = readDebugInfo(this.reader, code.debugInfoOffset - this.base, sink);
    this.budget.spend(value.length, sink, code.debugInfoOffset);
    return { value, diagnostics: sink.finish() };
  }

  /** `invoke-static Lcom/a/B;->m(I)V` or `get-static Lcom/a/B;->f:I` for method_handle_item `index`. */
  methodHandleDescription(index: number): string {
    const handle = this.ids.methodHandles[index];
    if (handle === undefined) return `<invalid method handle ${index}>`;
    const kind = METHOD_HANDLE_TYPE_NAMES[handle.handleType] ?? `type-0x${handle.handleType.toString(16)}`;
    const target =
      handle.handleType < FIRST_METHOD_HANDLE_INVOKE_TYPE
        ? this.fieldSignature(handle.fieldOrMethodIndex)
        : this.methodSignature(handle.fieldOrMethodIndex);
    return `${kind} ${target}`;
  }

  /** The class def that defines type `typeIndex` in this dex (first one, if duplicated). */
  classDefForType(typeIndex: number): ClassDef | undefined {
    if (this.classIndexByType === undefined) {
      this.classIndexByType = new Map();
      for (const classDef of this.classDefs) {
        if (!this.classIndexByType.has(classDef.classIndex)) this.classIndexByType.set(classDef.classIndex, classDef);
      }
    }
    return this.classIndexByType.get(typeIndex);
  }

  /**
   * Initial values of a class's static fields, in static field order (DEX spec
   * class_def_item static_values_off; trailing fields without a value are
   * zero/null and absent here).
   */
  readStaticValues(classDef: ClassDef): ParseResult<readonly EncodedValue[]> {
    const offset = classDef.staticValuesOffset;
    if (offset === undefined) return { value: [], diagnostics: [] };
    let result = this.staticValuesCache.get(offset);
    if (result === undefined) {
      const sink = new DiagnosticSink();
      const value = this.encodedArray(
        offset - this.base,
        sink,
        `static values at 0x${(offset - this.base).toString(16)}`,
      );
      result = { value, diagnostics: sink.finish() };
      this.staticValuesCache.set(offset, result);
    }
    return result;
  }

  /** call_site_item `index` (DEX spec: method handle, name, method type, then extra arguments). */
  readCallSite(index: number): ParseResult<EncodedValue[]> {
    const sink = new DiagnosticSink();
    const position = this.ids.callSiteOffsets[index];
    const value = position === undefined ? [] : this.encodedArray(position, sink, `call site ${index}`);
    if (position === undefined)
      sink.add('dex.index-out-of-range', this.base, `call site ${index} does not exist`, 'error');
    return { value, diagnostics: sink.finish() };
  }

  /** A view of a method's instructions as far as they exist (never past the input). */
  instructionBytes(code: CodeItem): Uint8Array {
    const start = code.instructionsOffset - this.base;
    const end = Math.min(this.bytes.length, start + code.instructionsSize * CODE_UNIT_SIZE);
    return this.bytes.subarray(Math.min(start, end), end);
  }

  /**
   * try_item and encoded_catch_handler_list of a code item (DEX spec
   * "code_item", "encoded_catch_handler"), read on demand, bounded by the
   * method's own size (tries.ts).
   */
  readTryBlocks(code: CodeItem): ParseResult<TryBlock[]> {
    return readTryBlocks(this.reader, code);
  }
}
