/**
 * buildCodeIndex: one pass over every method of every dex file of an app.
 * Phase one walks the bytecode and records each reference as a row of numbers
 * (dex-local indices translated to app-wide interned ids, lazily, once per
 * id per dex); phase two links the class hierarchy, resolves members through
 * it, and groups the rows by target (CSR postings).
 */
import { DiagnosticSink, type ParseResult } from '../../formats/diagnostics.js';
import type { DexFile } from '../../formats/dex/index.js';
import { ReferenceKind, ReferenceList, walkInstructions, type WalkOptions } from '../../formats/dex/bytecode/index.js';
import { CodeIndex, type CodeIndexState } from './code-index.js';
import { EdgeTable, SPACE_OF_KIND as SPACE_OF_KIND_IMPORTED, TargetSpace } from './edges.js';
import { ClassHierarchy } from './hierarchy.js';
import { Int32Column, Interner } from './interner.js';
import { MemberTable } from './members.js';
import { parsedSources, type DexSource, type ParsedDexSource } from '../code/index.js';

const SPACE_STRING: number = TargetSpace.String;
const SPACE_TYPE: number = TargetSpace.Type;
const SPACE_METHOD: number = TargetSpace.Method;
const SPACE_FIELD: number = TargetSpace.Field;
/** Module-local copy: the reference loop reads it per row, and imported bindings can compile to getters (tsx/esbuild). */
const SPACE_OF_KIND = SPACE_OF_KIND_IMPORTED;

/** code_item: 16-byte header, insns_size (uint) at offset 12 (DEX spec "code_item"). */
const CODE_ITEM_HEADER_BYTES = 16;
const INSTRUCTIONS_SIZE_FIELD = 12;
const CODE_UNIT_BYTES = 2;
/** The parentheses of a method descriptor `(params)return` (DEX spec "MethodDescriptor"). */
const DESCRIPTOR_OPEN = 0x28;
const DESCRIPTOR_CLOSE = 0x29;

function readU32(bytes: Uint8Array, position: number): number {
  return (
    ((bytes[position] as number) |
      ((bytes[position + 1] as number) << 8) |
      ((bytes[position + 2] as number) << 16) |
      ((bytes[position + 3] as number) << 24)) >>>
    0
  );
}

const NO_INTERFACES: readonly number[] = [];

/** DexTranslation.typeNameLength of a type not measured yet. */
const TYPE_NAME_UNMEASURED = -2;

/** Dex-local index -> app-wide id, filled on first use (-1: not yet). */
class DexTranslation {
  readonly strings: Int32Array;
  readonly types: Int32Array;
  readonly methods: Int32Array;
  readonly fields: Int32Array;
  readonly protos: Int32Array;
  /**
   * Where each type's descriptor lies in the dex when it is plain ASCII (start, length), for
   * composing proto descriptors: measured once per type, not once per proto naming it.
   * Length -2: not measured yet; -1: not plain ASCII (the proto takes DexFile's spelling).
   */
  readonly typeNameStart: Int32Array;
  readonly typeNameLength: Int32Array;
  /** The dex's string table as registered with the string and type interners. */
  readonly stringTable: number;
  readonly typeTable: number;
  constructor(dex: DexFile, stringTable: number, typeTable: number) {
    this.protos = new Int32Array(dex.protoCount).fill(-1);
    this.strings = new Int32Array(dex.stringCount).fill(-1);
    this.types = new Int32Array(dex.typeCount).fill(-1);
    this.typeNameStart = new Int32Array(dex.typeCount);
    this.typeNameLength = new Int32Array(dex.typeCount).fill(TYPE_NAME_UNMEASURED);
    this.methods = new Int32Array(dex.methodCount).fill(-1);
    this.fields = new Int32Array(dex.fieldCount).fill(-1);
    this.stringTable = stringTable;
    this.typeTable = typeTable;
  }
}

/**
 * The id tables' sizes summed over the app's dex files: what the builder's tables are sized for.
 * Distinct ids are at most these (fewer when dex files share names); the tables hold only what
 * fit in each file, so hostile counts cannot size them beyond the bytes present.
 */
interface IdCounts {
  readonly strings: number;
  readonly types: number;
  readonly protos: number;
  readonly methods: number;
  readonly fields: number;
}

/** Share of the dex strings the index interns (member names and const-strings): 0.45-0.6 in the corpus. */
const INTERNED_STRING_SHARE = 0.6;

class Builder {
  readonly sink = new DiagnosticSink();
  /** All string content: const-string operands and member names. */
  readonly strings: Interner;
  readonly types: Interner;
  /** Proto descriptors, `(ILjava/lang/String;)V`. */
  readonly protos: Interner;
  readonly methods: MemberTable;
  readonly fields: MemberTable;
  readonly hierarchy: ClassHierarchy;
  readonly edges: EdgeTable;
  readonly definedTypes: number[] = [];
  /** method id -> absolute offset of insns[0] (for code-unit offsets of its rows). */
  readonly methodInstructions: Int32Column;
  readonly methodAccess: Int32Column;
  readonly methodFirstRow: Int32Column;
  readonly methodRowCount: Int32Column;
  /** method id -> its row in the defining dex's MemberColumns (where its method body is read from). */
  readonly methodMemberRow: Int32Column;
  /** Per dex position, its dex-local -> app-wide id maps (kept: method bodies name their references by these ids). */
  readonly translations: DexTranslation[];
  methodsDefined = 0;
  methodsWithCode = 0;
  codeUnits = 0;
  private readonly references = new ReferenceList(256);
  /** Reused for every method of a dex (one object per dex, not per method). */
  private walkOptions: WalkOptions = {};
  private outOfRange = 0;
  /** Name of the dex being indexed (for diagnostics). */
  private sourceName = '';
  /**
   * Code units of the current dex not yet walked. Each method's code_item is an item of its own
   * in the data section (map_list's TYPE_CODE_ITEM; d8 and R8 never share one), so the code a
   * valid dex declares fits in its bytes. A hostile dex points many methods at code_items that
   * overlap or whose insns_size runs to the end of the file: walked one by one, that is the file
   * size times the number of methods. Methods beyond the room are defined without their code.
   */
  private codeRoom = 0;
  /** Methods of the current dex whose code did not fit the room, and the first one's record offset. */
  private codeRefused = 0;
  private firstRefusedAt = 0;

  constructor(estimatedReferences: number, ids: IdCounts, dexCount: number) {
    const strings = ids.strings * INTERNED_STRING_SHARE;
    this.strings = new Interner(strings);
    this.types = new Interner(ids.types);
    this.hierarchy = new ClassHierarchy(ids.types);
    this.protos = new Interner(ids.protos);
    this.edges = new EdgeTable(estimatedReferences, [strings, ids.types, ids.methods, ids.fields]);
    this.methods = new MemberTable('method', this.strings, this.types, this.protos, ids.methods);
    this.fields = new MemberTable('field', this.strings, this.types, this.types, ids.fields);
    this.methodInstructions = new Int32Column(ids.methods);
    this.methodAccess = new Int32Column(ids.methods);
    this.methodFirstRow = new Int32Column(ids.methods);
    this.methodRowCount = new Int32Column(ids.methods);
    this.methodMemberRow = new Int32Column(ids.methods);
    // Filled with placeholders first: an array created empty changes its hidden class at its first store.
    this.translations = new Array<DexTranslation | undefined>(dexCount).fill(undefined) as DexTranslation[];
  }

  type(dex: DexFile, map: DexTranslation, local: number): number {
    let id = map.types[local];
    if (id === undefined) return this.types.intern(dex.typeName(local)); // out of range: DexFile's placeholder
    if (id === -1) {
      // The type's name is its descriptor string (DexFile.typeName), interned from the dex bytes.
      id = this.types.internDexString(map.typeTable, dex.ids.typeDescriptors[local] as number);
      map.types[local] = id;
    }
    return id;
  }

  proto(dex: DexFile, map: DexTranslation, local: number): number {
    let id = map.protos[local];
    if (id === undefined) return this.protos.intern(dex.protoDescriptor(local)); // out of range: DexFile's placeholder
    if (id === -1) {
      id = this.composeProto(dex, map, local);
      map.protos[local] = id;
    }
    return id;
  }

  /**
   * The id of proto_ids[local]'s descriptor (what interning dex.protoDescriptor(local) gives),
   * composed from the ASCII bytes of its type names where they lie in the dex: no string is
   * built for a proto until a query asks for it. A name that is not plain ASCII (or a missing
   * one, or a spent budget) takes DexFile's spelling.
   */
  private composeProto(dex: DexFile, map: DexTranslation, local: number): number {
    const protos = this.protos;
    const returnType = dex.ids.protoReturnType[local];
    if (returnType === undefined) return protos.intern(dex.protoDescriptor(local));
    protos.beginComposite();
    protos.appendByte(DESCRIPTOR_OPEN);
    for (const parameter of dex.protoParameterTypeIndexes(local))
      if (!this.appendTypeName(dex, map, parameter)) return protos.intern(dex.protoDescriptor(local));
    protos.appendByte(DESCRIPTOR_CLOSE);
    if (!this.appendTypeName(dex, map, returnType)) return protos.intern(dex.protoDescriptor(local));
    return protos.internComposite();
  }

  /** Appends type_ids[type]'s descriptor to the proto being composed; false when it is not plain ASCII in the dex. */
  private appendTypeName(dex: DexFile, map: DexTranslation, type: number): boolean {
    let length = map.typeNameLength[type];
    if (length === undefined) return false; // past type_ids: DexFile's placeholder
    if (length === TYPE_NAME_UNMEASURED) {
      const descriptor = dex.ids.typeDescriptors[type] as number;
      length = dex.strings.asciiSpan(descriptor);
      map.typeNameLength[type] = length;
      map.typeNameStart[type] = dex.strings.spanStart;
    }
    if (length < 0) return false;
    this.protos.appendSpan(dex.strings.bytes, map.typeNameStart[type] as number, length);
    return true;
  }

  /** Global id of method_ids[local]; the caller checked `local` against the table. */
  method(dex: DexFile, map: DexTranslation, local: number): number {
    let id = map.methods[local] ?? -2;
    if (id === -1) {
      const ids = dex.ids;
      id = this.methods.intern(
        this.type(dex, map, ids.methodClass[local] as number),
        this.string(dex, map, ids.methodName[local] as number),
        this.proto(dex, map, ids.methodProto[local] as number),
      );
      map.methods[local] = id;
    }
    return id;
  }

  /** Global id of field_ids[local]; the caller checked `local` against the table. */
  field(dex: DexFile, map: DexTranslation, local: number): number {
    let id = map.fields[local] ?? -2;
    if (id === -1) {
      const ids = dex.ids;
      id = this.fields.intern(
        this.type(dex, map, ids.fieldClass[local] as number),
        this.string(dex, map, ids.fieldName[local] as number),
        this.type(dex, map, ids.fieldType[local] as number),
      );
      map.fields[local] = id;
    }
    return id;
  }

  string(dex: DexFile, map: DexTranslation, local: number): number {
    let id = map.strings[local];
    if (id === undefined) return this.strings.intern(dex.string(local)); // out of range: DexFile's placeholder
    if (id === -1) {
      id = this.strings.internDexString(map.stringTable, local);
      map.strings[local] = id;
    }
    return id;
  }

  /**
   * Indexes one dex. The hot loops read only the DexFile (one class) and the translation: the
   * source records are object literals whose hidden classes differ between apps, and reading
   * them per method deoptimised addMethod again at every new shape in a fresh process.
   */
  addDex(position: number, dex: DexFile, sourceName: string): void {
    this.sourceName = sourceName;
    const map = new DexTranslation(dex, this.strings.addTable(dex.strings), this.types.addTable(dex.strings));
    this.translations[position] = map;
    this.walkOptions = { references: this.references, base: dex.base };
    this.codeRoom = Math.floor(dex.bytes.length / CODE_UNIT_BYTES);
    this.codeRefused = 0;
    let shadowed = 0;
    for (const classDef of dex.classDefs) {
      if (classDef.classIndex >= map.types.length) continue; // reported by readDex (dex.index-out-of-range)
      const type = this.type(dex, map, classDef.classIndex);
      if (this.hierarchy.isDefined(type)) {
        // Android's class loader searches classes.dex, classes2.dex, ... in order and
        // takes the first definition; a later copy never runs (DexPathList.findClass).
        // The first is named; the rest of this dex are counted (an assets copy of the app shadows thousands).
        if (shadowed++ === 0) {
          this.sink.add(
            'code-index.duplicate-class',
            classDef.offset,
            `${this.types.value(type)} in ${sourceName} is shadowed by an earlier definition`,
            'warning',
          );
        }
        continue;
      }
      const superclass =
        classDef.superclassIndex !== undefined && classDef.superclassIndex < map.types.length
          ? this.type(dex, map, classDef.superclassIndex)
          : -1;
      // Most classes implement nothing: they share one empty list (the hierarchy keeps only non-empty ones).
      const interfaceIndexes = classDef.interfaceIndexes;
      let interfaces: readonly number[] = NO_INTERFACES;
      if (interfaceIndexes.length > 0) {
        const translated: number[] = [];
        for (const index of interfaceIndexes) if (index < map.types.length) translated.push(this.type(dex, map, index));
        interfaces = translated;
      }
      this.hierarchy.define(type, position, classDef.offset, classDef.accessFlags, superclass, interfaces);
      this.definedTypes.push(type);
      const span = classDef.classDataSpan;
      if (span === undefined) continue;
      const members = dex.members;
      const fieldIndexes = members.fieldIndexes;
      for (let row = span.fieldStart; row < span.fieldStart + span.staticFields + span.instanceFields; row++) {
        const fieldIndex = fieldIndexes[row] as number;
        if (fieldIndex < map.fields.length) this.fields.definingDex.set(this.field(dex, map, fieldIndex), position);
      }
      const methodEnd = span.methodStart + span.directMethods + span.virtualMethods;
      for (let row = span.methodStart; row < methodEnd; row++) this.addMethod(position, dex, map, row);
    }
    if (this.codeRefused > 0) {
      this.sink.add(
        'code-index.code-overlap',
        this.firstRefusedAt,
        `${sourceName}: the code of ${this.codeRefused} methods is not indexed: with the code already walked it would take more than the ${Math.floor(dex.bytes.length / CODE_UNIT_BYTES)} code units the dex holds (code_items that overlap, or run past the end of the dex)`,
        'error',
      );
    }
    if (shadowed > 1) {
      this.sink.add(
        'code-index.duplicate-class-count',
        0,
        `${sourceName}: ${shadowed} classes in all are shadowed by earlier definitions`,
        'info',
      );
    }
  }

  /** Member row `row` of the dex's MemberColumns: defines the method and walks its code. */
  private addMethod(position: number, dex: DexFile, map: DexTranslation, row: number): void {
    const members = dex.members;
    const methodIndex = members.methodIndexes[row] as number;
    if (methodIndex >= map.methods.length) return; // reported by readDex
    const caller = this.method(dex, map, methodIndex);
    if (this.methods.isDefined(caller)) {
      this.sink.add(
        'code-index.duplicate-method',
        members.methodRecordOffsets[row] as number,
        `${this.methods.signature(caller)} is defined twice`,
        'warning',
      );
      return;
    }
    this.methods.definingDex.set(caller, position);
    this.methodMemberRow.set(caller, row);
    this.methodAccess.set(caller, members.methodAccessFlags[row] as number);
    this.methodsDefined++;
    const codeOffset = members.methodCodeOffsets[row] as number;
    // code_item header: insns_size at +12, insns at +16 (DEX spec "code_item"); readDex reported a header past the end.
    if (codeOffset === 0 || codeOffset + CODE_ITEM_HEADER_BYTES > dex.bytes.length) return;
    const instructionsSize = readU32(dex.bytes, codeOffset + INSTRUCTIONS_SIZE_FIELD);
    const instructionsStart = codeOffset + CODE_ITEM_HEADER_BYTES;
    // What the walker reads: insns_size, clamped to the file (it reports the overrun).
    const walked = Math.min(instructionsSize, Math.floor((dex.bytes.length - instructionsStart) / CODE_UNIT_BYTES));
    if (walked > this.codeRoom) {
      if (this.codeRefused++ === 0) this.firstRefusedAt = members.methodRecordOffsets[row] as number;
      return;
    }
    this.codeRoom -= walked;
    this.methodsWithCode++;
    this.methodInstructions.set(caller, dex.base + instructionsStart);
    this.codeUnits += walked;
    const references = this.references;
    references.clear();
    walkInstructions(dex.bytes, instructionsStart, instructionsSize, this.sink, this.walkOptions);
    this.methodFirstRow.set(caller, this.edges.count);
    this.addRows(dex, map, caller);
    this.methodRowCount.set(caller, this.edges.count - this.methodFirstRow.get(caller));
  }

  /**
   * One row per reference the walk collected into `this.references`. Ids already translated
   * (nearly every reference: a dex names each member once and uses it many times) are read
   * from the translation here; only a first use calls the interning helpers.
   */
  private addRows(dex: DexFile, map: DexTranslation, caller: number): void {
    const references = this.references;
    const { kinds, indices, opcodes, absoluteOffsets } = references;
    const count = references.count;
    const edges = this.edges;
    for (let reference = 0; reference < count; reference++) {
      const kind = kinds[reference] as ReferenceKind;
      const local = indices[reference] as number;
      const space: number = SPACE_OF_KIND[kind] ?? TargetSpace.Local;
      // A local index past its table reads undefined: no target.
      let target: number;
      if (space === SPACE_METHOD) {
        const known = map.methods[local];
        target = known === undefined ? -1 : known >= 0 ? known : this.method(dex, map, local);
      } else if (space === SPACE_FIELD) {
        const known = map.fields[local];
        target = known === undefined ? -1 : known >= 0 ? known : this.field(dex, map, local);
      } else if (space === SPACE_STRING) {
        const known = map.strings[local];
        target = known === undefined ? -1 : known >= 0 ? known : this.string(dex, map, local);
      } else if (space === SPACE_TYPE) {
        const known = map.types[local];
        target = known === undefined ? -1 : known >= 0 ? known : this.type(dex, map, local);
      } else {
        target = local;
      }
      if (target < 0) {
        // Pool index past its table: the verifier rejects the class; keep count, keep going.
        if (this.outOfRange++ === 0) {
          this.sink.add(
            'code-index.reference-out-of-range',
            absoluteOffsets[reference] as number,
            `${this.sourceName}: instruction refers to index ${local}, past its pool`,
            'error',
          );
        }
        continue;
      }
      edges.push(kind, opcodes[reference] as number, space, target, caller, absoluteOffsets[reference] as number);
    }
  }

  finish(sources: readonly ParsedDexSource[]): CodeIndex {
    if (this.outOfRange > 1) {
      this.sink.add(
        'code-index.reference-out-of-range-count',
        0,
        `${this.outOfRange} references past their pools in total`,
        'info',
      );
    }
    this.hierarchy.link(this.definedTypes, this.types, this.sink);
    this.methods.resolve(this.hierarchy);
    this.fields.resolve(this.hierarchy);
    const state: CodeIndexState = {
      dexNames: sources.map((source) => source.name),
      sources,
      translations: this.translations,
      methodMemberRow: this.methodMemberRow,
      strings: this.strings,
      types: this.types,
      methods: this.methods,
      fields: this.fields,
      hierarchy: this.hierarchy,
      edges: this.edges,
      definedTypes: this.definedTypes,
      methodInstructions: this.methodInstructions,
      methodAccess: this.methodAccess,
      methodFirstRow: this.methodFirstRow,
      methodRowCount: this.methodRowCount,
      methodsDefined: this.methodsDefined,
      methodsWithCode: this.methodsWithCode,
      codeUnits: this.codeUnits,
    };
    return new CodeIndex(state);
  }
}

/**
 * Builds the index over the app's dex files, given in class-loading order (sources
 * whose dex did not parse are skipped). Never throws on hostile input: every anomaly
 * is a diagnostic.
 */
export function buildCodeIndex(given: readonly DexSource[]): ParseResult<CodeIndex> {
  const sources = parsedSources(given);
  // Rows stored the dex position in 16 bits; the limit stays (no real app comes near: Appium's server has 17 dex files).
  const indexed = sources.slice(0, MAX_DEX_FILES);
  const ids = { strings: 0, types: 0, protos: 0, methods: 0, fields: 0 };
  for (const { dex } of indexed) {
    ids.strings += dex.stringCount;
    ids.types += dex.typeCount;
    ids.protos += dex.protoCount;
    ids.methods += dex.methodCount;
    ids.fields += dex.fieldCount;
  }
  const builder = new Builder(estimateReferences(indexed), ids, indexed.length);
  if (sources.length > MAX_DEX_FILES) {
    builder.sink.add(
      'code-index.too-many-dex-files',
      0,
      `${sources.length} dex files; only the first ${MAX_DEX_FILES} are indexed`,
      'error',
    );
  }
  indexed.forEach((source, position) => builder.addDex(position, source.dex, source.name));
  const index = builder.finish(indexed);
  return { value: index, diagnostics: builder.sink.finish() };
}

/** At most this many dex files are indexed (dex positions once lived in a Uint16Array). */
const MAX_DEX_FILES = 0xffff;

/** References per code unit: 0.22 in Appium's 17-dex server, 0.17 in the synthetic app; a little above. */
const REFERENCES_PER_CODE_UNIT = 0.25;

/** Sizes the reference table from the declared code sizes (clamped by the bytes each dex really has). */
function estimateReferences(sources: readonly ParsedDexSource[]): number {
  let codeUnits = 0;
  // insns_size of every method row with a code_item header in the dex, summed while readDex read them.
  // A hostile insns_size cannot make us allocate more than the file could hold.
  for (const { dex } of sources)
    codeUnits += Math.min(dex.members.declaredCodeUnits, Math.floor(dex.bytes.length / CODE_UNIT_BYTES));
  return codeUnits * REFERENCES_PER_CODE_UNIT;
}
