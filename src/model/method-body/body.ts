/**
 * A decoded method body: the instructions of one method as columns, with what
 * a data-flow analysis asks of each (registers read and written, the result a
 * move-result takes, literals, references by name and by code-index id, branch
 * and switch targets, try ranges) and, built on first use, the control-flow
 * graph (cfg.ts). Decoded lazily, per method, from the dex bytes the model
 * holds; see README.md for the API and an example.
 *
 * Offsets are evidence: `offsets[i]` is the code-unit offset dexdump prints as
 * `|0004:`, `fileOffset(i)` the offset in the dex file (dexdump's left column).
 */
import { DiagnosticSink, type Diagnostic } from '../../formats/diagnostics.js';
import type { CodeItem, DexFile } from '../../formats/dex/index.js';
import {
  CODE_UNIT_BYTES,
  decodeInstructions,
  DESTINATION_NONE,
  DESTINATION_WIDE,
  FORMAT_NAMES,
  INVOKE_KIND_NAMES,
  InstructionFormat,
  OPCODE_DESTINATION,
  OPCODE_FLAGS,
  OPCODE_FORMATS,
  OPCODE_INVOKE_KINDS,
  OPCODE_IS_REGISTER_RANGE,
  OPCODE_NAMES,
  OPCODE_READS,
  OPCODE_REFERENCES,
  OPCODE_WIDE_OPERANDS,
  OpcodeFlag,
  readArrayPayload,
  readSwitchPayload,
  REFERENCE_KIND_NAMES,
  ReferenceKind,
  type ArrayPayload,
  type InvokeKindName,
  type ReferenceKindName,
} from '../../formats/dex/bytecode/index.js';
import { buildTryTable, instructionAt, type TryRange, type TryTable } from './tries.js';
import { ControlFlowGraph, buildControlFlowGraph, type SwitchCases } from './cfg.js';

/** ACC_STATIC (dex-format access_flags). */
const ACC_STATIC = 0x0008;
/** Opcodes above 0xff in `opcodes` are payload idents (packed-switch-data 0x0100, ...). */
const LAST_OPCODE = 0xff;
/** Mnemonics dexdump gives the payload pseudo-instructions. */
const PAYLOAD_NAMES: Readonly<Record<number, string>> = {
  0x0100: 'packed-switch-data',
  0x0200: 'sparse-switch-data',
  0x0300: 'array-data',
};
/** Switch cases decoded per method, at most: codeUnits + this (a real payload holds at most one case per 2 units). */
const SWITCH_CASES_FLOOR = 256;
const WIDE_DESCRIPTORS: ReadonlySet<string> = new Set(['J', 'D']);
const LITERAL_FORMAT_SET: ReadonlySet<number> = new Set([
  InstructionFormat.F11n,
  InstructionFormat.F21s,
  InstructionFormat.F21h,
  InstructionFormat.F31i,
  InstructionFormat.F51l,
  InstructionFormat.F22b,
  InstructionFormat.F22s,
]);
const BRANCH_FORMAT_SET: ReadonlySet<number> = new Set([
  InstructionFormat.F10t,
  InstructionFormat.F20t,
  InstructionFormat.F30t,
  InstructionFormat.F21t,
  InstructionFormat.F22t,
]);
/** Per opcode: 1 when it carries a literal, a branch target, a payload target (tables, not Set lookups: hot paths). */
const HAS_LITERAL: Uint8Array = OPCODE_FORMATS.map((format) => (LITERAL_FORMAT_SET.has(format) ? 1 : 0));
const HAS_BRANCH_TARGET: Uint8Array = OPCODE_FORMATS.map((format) => (BRANCH_FORMAT_SET.has(format) ? 1 : 0));
const HAS_PAYLOAD_TARGET: Uint8Array = OPCODE_FORMATS.map((format) => (format === InstructionFormat.F31t ? 1 : 0));
// Module-local copies of the imported tables read per instruction.
const FLAGS = OPCODE_FLAGS;
/** Population count of the 3-bit OPCODE_READS masks. */
const READ_COUNTS = Uint8Array.from([0, 1, 1, 2, 1, 2, 2, 3]);
const NO_IDS = new Int32Array(0);

/** Where the code-index ids of a dex's pools are (dex-local index -> id; -1 when not interned). */
export interface PoolIds {
  readonly strings: Int32Array;
  readonly types: Int32Array;
  readonly methods: Int32Array;
  readonly fields: Int32Array;
}

/** What a body is decoded from. */
export interface MethodBodyInput {
  readonly dex: DexFile;
  /** Name of the dex source (`classes2.dex`, `assets/x.apk!/classes.dex`). */
  readonly dexName: string;
  /** method_ids index of the method in `dex`. */
  readonly methodIndex: number;
  readonly accessFlags: number;
  readonly code: CodeItem;
  /** The method's id in the code index; -1 when decoded outside one. */
  readonly methodId?: number;
  /** Code-index ids of the dex's pools, when decoded through the code index. */
  readonly ids?: PoolIds;
}

/** One instruction as an object (for listings, reports and tests; analyses read the columns). */
export interface InstructionView {
  readonly index: number;
  readonly offset: number;
  readonly fileOffset: number;
  readonly opcode: number;
  readonly mnemonic: string;
  /** Spec format id (`35c`); `payload` for the payload pseudo-instructions. */
  readonly format: string;
  /** Register operands in the spec's order, ranges expanded. */
  readonly registers: readonly number[];
  readonly literal?: bigint;
  readonly reference?: {
    readonly kind: ReferenceKindName;
    readonly index: number;
    readonly name: string;
    /** The proto of invoke-polymorphic(/range). */
    readonly proto?: { readonly index: number; readonly name: string };
  };
  /** Branch target (goto, if-*) or payload (switch, fill-array-data), in code units. */
  readonly target?: number;
}

export class MethodBody {
  /** Name of the dex source the method is in (evidence: `classes2.dex`). */
  readonly dexName: string;
  readonly methodIndex: number;
  /** Code-index id of the method (-1 when decoded outside a code index). */
  readonly methodId: number;
  readonly accessFlags: number;
  /** Offset of the code_item in the dex file (dexdump's `[0003a4]`). */
  readonly codeItemOffset: number;
  /** Offset of insns[0] in the dex file. */
  readonly instructionsOffset: number;
  /** insns_size as far as the bytes exist. */
  readonly codeUnits: number;
  readonly registersSize: number;
  readonly insSize: number;
  readonly outsSize: number;
  readonly isStatic: boolean;

  // Instruction columns (see DecodedInstructions in src/formats/dex/bytecode/decode.ts).
  readonly count: number;
  readonly offsets: Uint32Array;
  readonly opcodes: Uint16Array;
  readonly registerStart: Uint32Array;
  readonly registerCount: Uint8Array;
  readonly registers: Uint16Array;
  readonly valueLow: Int32Array;
  readonly valueHigh: Int32Array;
  /** Safe size for per-register arrays: above every register any operand names (and registersSize). */
  readonly registerBound: number;

  /** The parsed dex (kept private: analyses read decoded columns and names, never bytes). */
  private readonly dex: DexFile;
  private readonly ids: PoolIds | undefined;
  private readonly sink = new DiagnosticSink();
  private readonly tryBlocks: ReturnType<DexFile['readTryBlocks']>['value'];
  private tryTable: TryTable | undefined;
  private switchTable: Map<number, SwitchCases> | undefined;
  private graph: ControlFlowGraph | undefined;
  private incomplete = false;

  constructor(input: MethodBodyInput) {
    const { dex, code } = input;
    this.dex = dex;
    this.dexName = input.dexName;
    this.methodIndex = input.methodIndex;
    this.methodId = input.methodId ?? -1;
    this.accessFlags = input.accessFlags;
    this.ids = input.ids;
    this.codeItemOffset = code.offset - dex.base;
    this.instructionsOffset = code.instructionsOffset - dex.base;
    this.registersSize = code.registersSize;
    this.insSize = code.insSize;
    this.outsSize = code.outsSize;
    this.isStatic = (input.accessFlags & ACC_STATIC) !== 0;
    const decoded = decodeInstructions(dex.bytes, this.instructionsOffset, code.instructionsSize, this.sink);
    this.codeUnits = Math.min(code.instructionsSize, Math.max(0, (dex.bytes.length - this.instructionsOffset) >> 1));
    this.count = decoded.count;
    this.offsets = decoded.offsets;
    this.opcodes = decoded.opcodes;
    this.registerStart = decoded.registerStart;
    this.registerCount = decoded.registerCount;
    this.registers = decoded.registers;
    this.valueLow = decoded.valueLow;
    this.valueHigh = decoded.valueHigh;
    this.registerBound = Math.max(decoded.registerBound, this.registersSize);
    if (decoded.registerBound > this.registersSize + 1) {
      this.sink.add(
        'method-body.register-out-of-range',
        this.instructionsOffset,
        `an operand names register v${decoded.registerBound - 2} but the method has ${this.registersSize} registers`,
        'error',
      );
    }
    if (this.insSize > this.registersSize) {
      this.sink.add(
        'method-body.ins-size',
        this.codeItemOffset,
        `ins_size ${this.insSize} exceeds registers_size ${this.registersSize}`,
        'error',
      );
    }
    const tries = code.triesSize > 0 ? dex.readTryBlocks(code) : undefined;
    this.tryBlocks = tries?.value ?? [];
    for (const diagnostic of tries?.diagnostics ?? [])
      this.sink.add(diagnostic.code, diagnostic.offset, diagnostic.detail, diagnostic.severity);
    this.checkMoveResults();
  }

  /** Anomalies of this body (decoding, tries, and once built, the graph), offsets in the dex file. */
  get diagnostics(): readonly Diagnostic[] {
    return this.sink.diagnostics;
  }

  /** False when a bound cut something off (switch cases or graph edges of a hostile method: see diagnostics). */
  get complete(): boolean {
    return !this.incomplete;
  }

  /** `Lcom/a/B;->m(ILjava/lang/String;)V`. */
  get signature(): string {
    return this.dex.methodSignature(this.methodIndex);
  }

  /** Declared parameter type descriptors (without `this`). */
  get parameterTypes(): string[] {
    const proto = this.dex.ids.methodProto[this.methodIndex];
    if (proto === undefined) return [];
    return this.dex.protoParameterTypeIndexes(proto).map((type) => this.dex.typeName(type));
  }

  get returnType(): string {
    const proto = this.dex.ids.methodProto[this.methodIndex];
    const type = proto === undefined ? undefined : this.dex.protoReturnTypeIndex(proto);
    return type === undefined ? 'V' : this.dex.typeName(type);
  }

  /** Register holding `this` on entry; -1 for static methods. */
  get thisRegister(): number {
    return this.isStatic ? -1 : Math.max(0, this.registersSize - this.insSize);
  }

  /**
   * First register of each declared parameter on entry (the last ins_size registers,
   * after `this`; a long or double takes the pair starting there).
   */
  get parameterRegisters(): number[] {
    let register = Math.max(0, this.registersSize - this.insSize) + (this.isStatic ? 0 : 1);
    const registers: number[] = [];
    for (const type of this.parameterTypes) {
      registers.push(register);
      register += WIDE_DESCRIPTORS.has(type) ? 2 : 1;
    }
    return registers;
  }

  /** Descriptor of type_ids[`index`] of the method's dex (the caught types of `cfg.exceptionTypes`). */
  typeName(index: number): string {
    return this.dex.typeName(index);
  }

  /** Size in bytes of the method's dex file (every `fileOffset` lies below it). */
  get dexSize(): number {
    return this.dex.bytes.length;
  }

  /** Index of the instruction starting at code unit `offset`; -1 when none starts there. */
  indexAt(offset: number): number {
    return instructionAt(this.offsets, this.count, offset);
  }

  isPayload(index: number): boolean {
    return (this.opcodes[index] as number) > LAST_OPCODE;
  }

  mnemonic(index: number): string {
    const opcode = this.opcodes[index] as number;
    return opcode > LAST_OPCODE ? (PAYLOAD_NAMES[opcode] ?? 'payload') : (OPCODE_NAMES[opcode] ?? '');
  }

  /** Spec format id (`35c`), or `payload`. */
  format(index: number): string {
    const opcode = this.opcodes[index] as number;
    return opcode > LAST_OPCODE ? 'payload' : (FORMAT_NAMES[OPCODE_FORMATS[opcode] as number] ?? '');
  }

  /** OpcodeFlag bits (0 for payloads). */
  flags(index: number): number {
    const opcode = this.opcodes[index] as number;
    return opcode > LAST_OPCODE ? 0 : (FLAGS[opcode] as number);
  }

  canThrow(index: number): boolean {
    return (this.flags(index) & OpcodeFlag.CanThrow) !== 0;
  }

  /** Offset of the instruction in the dex file (dexdump's left column). */
  fileOffset(index: number): number {
    return this.instructionsOffset + (this.offsets[index] as number) * CODE_UNIT_BYTES;
  }

  /** True for the range formats (3rc, 4rcc). */
  isRange(index: number): boolean {
    const opcode = this.opcodes[index] as number;
    return opcode <= LAST_OPCODE && OPCODE_IS_REGISTER_RANGE[opcode] === 1;
  }

  /** Number of register operands (a range counts each register). */
  operandCount(index: number): number {
    return this.registerCount[index] as number;
  }

  /** Register operand `position` in the spec's order (vA, vB, vC; vC..vG of a list; CCCC+position of a range). */
  register(index: number, position: number): number {
    const start = this.registerStart[index] as number;
    return this.isRange(index)
      ? (this.registers[start] as number) + position
      : (this.registers[start + position] as number);
  }

  /** Register operands as an array (ranges expanded): for listings and tests. */
  registerList(index: number): number[] {
    const out: number[] = [];
    for (let position = 0; position < this.operandCount(index); position++) out.push(this.register(index, position));
    return out;
  }

  /** The register this instruction writes (operand 0), or -1. */
  writtenRegister(index: number): number {
    const opcode = this.opcodes[index] as number;
    if (opcode > LAST_OPCODE || OPCODE_DESTINATION[opcode] === DESTINATION_NONE) return -1;
    return this.registers[this.registerStart[index] as number] as number;
  }

  /** True when the written register is the low half of a pair (long, double). */
  writesPair(index: number): boolean {
    const opcode = this.opcodes[index] as number;
    return opcode <= LAST_OPCODE && OPCODE_DESTINATION[opcode] === DESTINATION_WIDE;
  }

  /** Number of registers read (list and range formats: every operand). */
  readCount(index: number): number {
    const opcode = this.opcodes[index] as number;
    if (opcode > LAST_OPCODE) return 0;
    if (((FLAGS[opcode] as number) & OpcodeFlag.ArgumentList) !== 0) return this.operandCount(index);
    return READ_COUNTS[OPCODE_READS[opcode] as number] as number;
  }

  /** The `k`-th register read, in operand order. */
  readRegister(index: number, k: number): number {
    const operand = this.readOperand(index, k);
    return operand < 0 ? -1 : this.register(index, operand);
  }

  /** True when the `k`-th register read is the low half of a pair (a list's pairs are listed as two registers). */
  readsPair(index: number, k: number): boolean {
    const operand = this.readOperand(index, k);
    const opcode = this.opcodes[index] as number;
    if (operand < 0 || ((FLAGS[opcode] as number) & OpcodeFlag.ArgumentList) !== 0) return false;
    return (((OPCODE_WIDE_OPERANDS[opcode] as number) >> operand) & 1) === 1;
  }

  private readOperand(index: number, k: number): number {
    const opcode = this.opcodes[index] as number;
    if (opcode > LAST_OPCODE || k < 0) return -1;
    if (((FLAGS[opcode] as number) & OpcodeFlag.ArgumentList) !== 0) return k < this.operandCount(index) ? k : -1;
    let reads = OPCODE_READS[opcode] as number;
    for (let operand = 0; reads !== 0; operand++, reads >>= 1) {
      if ((reads & 1) === 1 && k-- === 0) return operand;
    }
    return -1;
  }

  /** For a move-result*: the instruction whose result it takes (the one just before); -1 otherwise. */
  resultProducer(index: number): number {
    if ((this.flags(index) & OpcodeFlag.MoveResult) === 0 || index === 0) return -1;
    return (this.flags(index - 1) & OpcodeFlag.ResultProducer) !== 0 ? index - 1 : -1;
  }

  /** For an invoke or filled-new-array: the move-result* right after it that takes its result; -1 when none. */
  moveResult(index: number): number {
    if ((this.flags(index) & OpcodeFlag.ResultProducer) === 0 || index + 1 >= this.count) return -1;
    return (this.flags(index + 1) & OpcodeFlag.MoveResult) !== 0 ? index + 1 : -1;
  }

  /** The literal of a const*, lit8/lit16 or 11n instruction (21h already shifted), or undefined. */
  literal(index: number): bigint | undefined {
    if (!this.hasLiteral(index)) return undefined;
    return (BigInt(this.valueHigh[index] as number) << 32n) | BigInt((this.valueLow[index] as number) >>> 0);
  }

  /** The literal as a number when it is exactly one (|value| < 2^53), else undefined. */
  literalNumber(index: number): number | undefined {
    if (!this.hasLiteral(index)) return undefined;
    const high = this.valueHigh[index] as number;
    const low = this.valueLow[index] as number;
    if (high === low >> 31) return low; // fits 32 bits, sign-extended
    const value = high * 0x1_0000_0000 + (low >>> 0);
    return Number.isSafeInteger(value) ? value : undefined;
  }

  private hasLiteral(index: number): boolean {
    const opcode = this.opcodes[index] as number;
    return opcode <= LAST_OPCODE && HAS_LITERAL[opcode] === 1;
  }

  /** The kind of constant-pool reference, or undefined. */
  referenceKind(index: number): ReferenceKindName | undefined {
    const opcode = this.opcodes[index] as number;
    if (opcode > LAST_OPCODE) return undefined;
    const kind = OPCODE_REFERENCES[opcode] as number;
    return kind === ReferenceKind.None ? undefined : (REFERENCE_KIND_NAMES[kind] as ReferenceKindName);
  }

  /** The pool index the instruction names (string, type, field, method, call site, method handle, proto); -1 when none. */
  referenceIndex(index: number): number {
    return this.referenceKind(index) === undefined ? -1 : (this.valueLow[index] as number) >>> 0;
  }

  /** The proto index of invoke-polymorphic(/range) (its second reference); -1 otherwise. */
  protoIndex(index: number): number {
    const opcode = this.opcodes[index] as number;
    const format = OPCODE_FORMATS[opcode] as number;
    return opcode <= LAST_OPCODE && (format === InstructionFormat.F45cc || format === InstructionFormat.F4rcc)
      ? (this.valueHigh[index] as number) & 0xffff
      : -1;
  }

  /**
   * What the instruction names, as smali spells it: the string's text, a type descriptor,
   * `Lc;->f:T`, `Lc;->m(T)R`, a method handle (`invoke-static Lc;->m()V`), a proto
   * descriptor, or `call_site@N`. Undefined when it names nothing.
   */
  referenceName(index: number): string | undefined {
    const kind = this.referenceKind(index);
    if (kind === undefined) return undefined;
    const pool = this.referenceIndex(index);
    const dex = this.dex;
    switch (kind) {
      case 'string':
        return dex.string(pool);
      case 'type':
      case 'new-instance':
      case 'const-class':
      case 'check-cast':
        return dex.typeName(pool);
      case 'field-read':
      case 'field-write':
        return dex.fieldSignature(pool);
      case 'invoke':
        return dex.methodSignature(pool);
      case 'method-handle':
        return dex.methodHandleDescription(pool);
      case 'proto':
        return dex.protoDescriptor(pool);
      default:
        return `call_site@${pool}`;
    }
  }

  /**
   * The code-index id of what the instruction names, in the space of its kind (string,
   * type, method, field: CodeIndex.stringValue, typeDescriptor, methodSignature,
   * fieldSignature); -1 for call sites, method handles, protos, out-of-range indexes,
   * and bodies decoded outside a code index.
   */
  referenceId(index: number): number {
    const kind = this.referenceKind(index);
    if (kind === undefined || this.ids === undefined) return -1;
    const pool = this.referenceIndex(index);
    const ids = this.ids;
    let table: Int32Array = NO_IDS;
    if (kind === 'string') table = ids.strings;
    else if (kind === 'invoke') table = ids.methods;
    else if (kind === 'field-read' || kind === 'field-write') table = ids.fields;
    else if (kind === 'type' || kind === 'new-instance' || kind === 'const-class' || kind === 'check-cast')
      table = ids.types;
    return pool < table.length ? (table[pool] as number) : -1;
  }

  /** For an invoke of a method: the code-index id of the method as referenced (resolve it with CodeIndex.resolvedMethod); -1 otherwise. */
  invokedMethod(index: number): number {
    return this.referenceKind(index) === 'invoke' ? this.referenceId(index) : -1;
  }

  invokeKind(index: number): InvokeKindName | undefined {
    const opcode = this.opcodes[index] as number;
    return opcode > LAST_OPCODE ? undefined : INVOKE_KIND_NAMES[OPCODE_INVOKE_KINDS[opcode] as number];
  }

  /**
   * First register of each argument of an invoke (receiver first unless invoke-static; a
   * long or double argument's pair counted once), by the invoked method's proto
   * (invoke-polymorphic: its call-site proto). Undefined for other instructions.
   */
  argumentRegisters(index: number): number[] | undefined {
    const kind = this.invokeKind(index);
    if (kind === undefined) return undefined;
    const operands = this.operandCount(index);
    if (kind === 'custom') return this.registerList(index);
    const dex = this.dex;
    const proto = kind === 'polymorphic' ? this.protoIndex(index) : dex.ids.methodProto[this.referenceIndex(index)];
    const parameters = proto === undefined || proto < 0 ? [] : dex.protoParameterTypeIndexes(proto);
    const out: number[] = [];
    let position = 0;
    if (kind !== 'static' && position < operands) out.push(this.register(index, position++));
    for (const parameter of parameters) {
      if (position >= operands) break;
      out.push(this.register(index, position));
      position += WIDE_DESCRIPTORS.has(dex.typeName(parameter)) ? 2 : 1;
    }
    return out;
  }

  /** Target code-unit offset of goto and if-* (may lie outside the method in a hostile one); undefined otherwise. */
  branchTarget(index: number): number | undefined {
    const opcode = this.opcodes[index] as number;
    return opcode <= LAST_OPCODE && HAS_BRANCH_TARGET[opcode] === 1 ? this.valueLow[index] : undefined;
  }

  /** Code-unit offset of the payload of a switch or fill-array-data; undefined for other instructions. */
  payloadOffset(index: number): number | undefined {
    const opcode = this.opcodes[index] as number;
    return opcode <= LAST_OPCODE && HAS_PAYLOAD_TARGET[opcode] === 1 ? this.valueLow[index] : undefined;
  }

  /** Instruction index a goto/if branches to; -1 for other instructions and when the target is no instruction. */
  targetIndex(index: number): number {
    const target = this.branchTarget(index);
    if (target === undefined) return -1;
    const found = this.indexAt(target);
    return found >= 0 && !this.isPayload(found) ? found : -1;
  }

  /** The cases of a packed-switch or sparse-switch; undefined for other instructions or an unusable payload. */
  switchCases(index: number): SwitchCases | undefined {
    return this.switches().get(index);
  }

  /** The data of a fill-array-data, with the file offset of its elements; undefined when the payload is unusable. */
  arrayData(index: number): (ArrayPayload & { readonly fileOffset: number }) | undefined {
    const offset = this.payloadOffset(index);
    if ((this.flags(index) & OpcodeFlag.FillArrayData) === 0 || offset === undefined) return undefined;
    const payload = this.indexAt(offset);
    if (payload < 0 || this.opcodes[payload] !== 0x0300) return undefined;
    const at = this.fileOffset(payload);
    const data = readArrayPayload(this.dex.bytes, at, this.instructionsOffset + this.codeUnits * CODE_UNIT_BYTES);
    return data === undefined ? undefined : { ...data, fileOffset: at + 8 };
  }

  /** The try ranges, sorted and disjoint, with their catch clauses. */
  get tries(): readonly TryRange[] {
    return this.tryTableOf().ranges;
  }

  /** The try range covering instruction `index`, or undefined. */
  tryOf(index: number): TryRange | undefined {
    const table = this.tryTableOf();
    const range = table.covering[index] ?? -1;
    return range < 0 ? undefined : table.ranges[range];
  }

  /** Per instruction, the index in `tries` of the range covering it (-1: none); empty when the method has no try. */
  get tryCoverage(): Int32Array {
    return this.tryTableOf().covering;
  }

  /** The control-flow graph (basic blocks, normal and exceptional edges), built on first use. */
  get cfg(): ControlFlowGraph {
    this.graph ??= buildControlFlowGraph(this, this.sink, () => {
      this.incomplete = true;
    });
    return this.graph;
  }

  /** One instruction as an object (listings, reports, tests). */
  instruction(index: number): InstructionView {
    const opcode = this.opcodes[index] as number;
    const kind = this.referenceKind(index);
    const literal = this.literal(index);
    const branch = this.branchTarget(index);
    const payload = this.payloadOffset(index);
    const proto = this.protoIndex(index);
    return {
      index,
      offset: this.offsets[index] as number,
      fileOffset: this.fileOffset(index),
      opcode,
      mnemonic: this.mnemonic(index),
      format: this.format(index),
      registers: this.registerList(index),
      ...(literal === undefined ? {} : { literal }),
      ...(kind === undefined
        ? {}
        : {
            reference: {
              kind,
              index: this.referenceIndex(index),
              name: this.referenceName(index) ?? '',
              ...(proto < 0 ? {} : { proto: { index: proto, name: this.dex.protoDescriptor(proto) } }),
            },
          }),
      ...(branch === undefined ? {} : { target: branch }),
      ...(payload === undefined ? {} : { target: payload }),
    };
  }

  private tryTableOf(): TryTable {
    this.tryTable ??= buildTryTable(
      this.tryBlocks,
      this.offsets,
      this.count,
      (index) => !this.isPayload(index),
      (type) => this.dex.typeName(type),
      this.sink,
      this.codeItemOffset,
    );
    return this.tryTable;
  }

  /** Decodes every switch's cases once, within a budget of cases for the whole method. */
  private switches(): Map<number, SwitchCases> {
    if (this.switchTable !== undefined) return this.switchTable;
    const table = new Map<number, SwitchCases>();
    const end = this.instructionsOffset + this.codeUnits * CODE_UNIT_BYTES;
    let budget = this.codeUnits + SWITCH_CASES_FLOOR;
    const usedPayloads = new Set<number>();
    let bad = 0;
    for (let index = 0; index < this.count; index++) {
      if ((this.flags(index) & OpcodeFlag.Switch) === 0) continue;
      const payload = this.indexAt(this.payloadOffset(index) ?? -1);
      const ident = payload < 0 ? 0 : (this.opcodes[payload] as number);
      const expected = this.opcodes[index] === 0x2b ? 0x0100 : 0x0200;
      if (ident !== expected || (this.offsets[payload] as number) % 2 !== 0) {
        bad++;
        continue;
      }
      if (usedPayloads.has(payload))
        this.sink.add(
          'method-body.shared-payload',
          this.fileOffset(index),
          `${this.mnemonic(index)} at ${this.offsets[index]} uses the payload of an earlier switch`,
          'warning',
        );
      usedPayloads.add(payload);
      const cases = readSwitchPayload(this.dex.bytes, this.fileOffset(payload), end, budget);
      if (cases === undefined) {
        bad++;
        continue;
      }
      budget -= cases.keys.length;
      if (cases.keys.length < cases.declared) {
        this.incomplete = true;
        this.sink.add(
          'method-body.switch-budget',
          this.fileOffset(index),
          `switch cases of this method exceed ${this.codeUnits + SWITCH_CASES_FLOOR}: the rest are left out`,
          'error',
        );
      }
      const base = this.offsets[index] as number;
      const targets = cases.relativeTargets.map((relative) => (base + relative) | 0);
      const targetIndexes = new Int32Array(targets.length);
      for (let position = 0; position < targets.length; position++) {
        const found = this.indexAt(targets[position] as number);
        targetIndexes[position] = found >= 0 && !this.isPayload(found) ? found : -1;
      }
      table.set(index, { keys: cases.keys, targets, targetIndexes });
    }
    if (bad > 0)
      this.sink.add(
        'method-body.bad-payload',
        this.instructionsOffset,
        `${bad} switch instructions do not point at an aligned payload of their kind`,
        'error',
      );
    this.switchTable = table;
    return table;
  }

  /** Reports move-results that take no result (the verifier rejects them), once per method. */
  private checkMoveResults(): void {
    let orphans = 0;
    let first = -1;
    for (let index = 0; index < this.count; index++) {
      const opcode = this.opcodes[index] as number;
      if (opcode > LAST_OPCODE || ((FLAGS[opcode] as number) & OpcodeFlag.MoveResult) === 0) continue;
      if (this.resultProducer(index) < 0 && orphans++ === 0) first = index;
    }
    if (orphans > 0)
      this.sink.add(
        'method-body.orphan-move-result',
        this.fileOffset(first),
        `${orphans} move-result instructions do not follow an invoke or filled-new-array`,
        'error',
      );
  }
}
