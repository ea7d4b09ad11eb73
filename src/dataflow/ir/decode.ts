/**
 * Decodes a method's code item into the analysis's Instruction records: operands by
 * instruction format ("Dalvik Executable instruction formats",
 * source.android.com/docs/core/runtime/instruction-formats), references resolved to smali
 * spelling, branch and switch targets from the payloads (dalvik-bytecode, "packed-switch-payload"
 * and "sparse-switch-payload"), and the try/catch table.
 *
 * Bounded: the formats layer's walker lists the instructions (it clamps to the bytes that
 * exist and steps over payloads), every read here stays inside the method's code units, and
 * a switch payload's case count is bounded by the units it actually has.
 */
import { DiagnosticSink } from '../../formats/diagnostics.js';
import {
  InstructionFormat as F,
  InstructionList,
  OPCODE_CODE_UNITS,
  OPCODE_FORMATS,
  OPCODE_REFERENCES,
  ReferenceKind,
  walkInstructions,
} from '../../formats/dex/bytecode/index.js';
import { AccessFlag, type CodeItem, type DexFile, type EncodedMethod } from '../../formats/dex/index.js';
import {
  CODE_UNIT_BYTES,
  parseDescriptor,
  type CatchClause,
  type Instruction,
  type MethodBody,
  type TryRange,
} from './types.js';
import { Op } from './opcodes.js';

const NO_OPERANDS: readonly number[] = [];
const PACKED_SWITCH_PAYLOAD = 0x0100;
const SPARSE_SWITCH_PAYLOAD = 0x0200;

const signed4 = (value: number): number => (value << 28) >> 28;
const signed8 = (value: number): number => (value << 24) >> 24;
const signed16 = (value: number): number => (value << 16) >> 16;

/** Code units of one method, read only inside the method. */
class Units {
  constructor(
    private readonly bytes: Uint8Array,
    readonly size: number,
  ) {}

  at(index: number): number {
    if (index < 0 || index >= this.size) return 0;
    const at = index * CODE_UNIT_BYTES;
    return (this.bytes[at] ?? 0) | ((this.bytes[at + 1] ?? 0) << 8);
  }

  int32(index: number): number {
    return this.at(index) | (this.at(index + 1) << 16) | 0;
  }
}

function reference(dex: DexFile, kind: number, index: number): string {
  switch (kind) {
    case ReferenceKind.String:
      return index < dex.strings.count ? dex.string(index) : '';
    case ReferenceKind.Type:
    case ReferenceKind.NewInstance:
    case ReferenceKind.ConstClass:
    case ReferenceKind.CheckCast:
      return dex.typeName(index);
    case ReferenceKind.Invoke:
      return dex.methodSignature(index);
    case ReferenceKind.FieldRead:
    case ReferenceKind.FieldWrite:
      return dex.fieldSignature(index);
    default:
      return '';
  }
}

/** Switch targets and keys from the payload at `payload` (code units), relative to the switch at `offset`. */
function switchCases(units: Units, offset: number, payload: number): { targets: number[]; keys: number[] } {
  const ident = units.at(payload);
  const targets: number[] = [];
  const keys: number[] = [];
  if (ident === PACKED_SWITCH_PAYLOAD) {
    const size = Math.min(units.at(payload + 1), Math.max(0, (units.size - payload - 4) >> 1));
    const first = units.int32(payload + 2);
    for (let index = 0; index < size; index++) {
      keys.push((first + index) | 0);
      targets.push(offset + units.int32(payload + 4 + 2 * index));
    }
  } else if (ident === SPARSE_SWITCH_PAYLOAD) {
    const size = Math.min(units.at(payload + 1), Math.max(0, (units.size - payload - 2) >> 2));
    for (let index = 0; index < size; index++) {
      keys.push(units.int32(payload + 2 + 2 * index));
      targets.push(offset + units.int32(payload + 2 + 2 * size + 2 * index));
    }
  }
  return { targets, keys };
}

function decodeOne(dex: DexFile, units: Units, index: number, offset: number, opcode: number): Instruction {
  const u0 = units.at(offset);
  const u1 = units.at(offset + 1);
  const u2 = units.at(offset + 2);
  const format = OPCODE_FORMATS[opcode] as F;
  let a = -1;
  let b = -1;
  let c = -1;
  let args: readonly number[] = NO_OPERANDS;
  let literal = Number.NaN;
  let poolIndex = -1;
  let targets: readonly number[] = NO_OPERANDS;
  let keys: readonly number[] = NO_OPERANDS;
  const high = u0 >> 8;
  switch (format) {
    case F.F12x:
      a = high & 0xf;
      b = u0 >> 12;
      break;
    case F.F11n:
      a = high & 0xf;
      literal = signed4(u0 >> 12);
      break;
    case F.F11x:
      a = high;
      break;
    case F.F10t:
      targets = [offset + signed8(high)];
      break;
    case F.F20t:
      targets = [offset + signed16(u1)];
      break;
    case F.F22x:
      a = high;
      b = u1;
      break;
    case F.F21t:
      a = high;
      targets = [offset + signed16(u1)];
      break;
    case F.F21s:
      a = high;
      literal = signed16(u1);
      break;
    case F.F21h:
      a = high;
      // const/high16 shifts into the top 16 bits of an int; the wide form into a long (not kept).
      literal = opcode === Op.CONST_HIGH16 ? (u1 << 16) | 0 : Number.NaN;
      break;
    case F.F21c:
      a = high;
      poolIndex = u1;
      break;
    case F.F23x:
      a = high;
      b = u1 & 0xff;
      c = u1 >> 8;
      break;
    case F.F22b:
      a = high;
      b = u1 & 0xff;
      literal = signed8(u1 >> 8);
      break;
    case F.F22t:
      a = high & 0xf;
      b = u0 >> 12;
      targets = [offset + signed16(u1)];
      break;
    case F.F22s:
      a = high & 0xf;
      b = u0 >> 12;
      literal = signed16(u1);
      break;
    case F.F22c:
    case F.F22cs:
      a = high & 0xf;
      b = u0 >> 12;
      poolIndex = u1;
      break;
    case F.F30t:
      targets = [offset + units.int32(offset + 1)];
      break;
    case F.F32x:
      a = u1;
      b = u2;
      break;
    case F.F31i:
      a = high;
      literal = opcode === Op.CONST_WIDE_32 ? units.int32(offset + 1) : units.int32(offset + 1);
      break;
    case F.F31t: {
      a = high;
      const payload = offset + units.int32(offset + 1);
      if (opcode === Op.PACKED_SWITCH || opcode === Op.SPARSE_SWITCH)
        ({ targets, keys } = switchCases(units, offset, payload));
      break;
    }
    case F.F31c:
      a = high;
      poolIndex = (u1 | (u2 << 16)) >>> 0;
      break;
    case F.F35c:
    case F.F35ms:
    case F.F35mi:
    case F.F45cc: {
      const count = Math.min(5, u0 >> 12);
      const registers = [u2 & 0xf, (u2 >> 4) & 0xf, (u2 >> 8) & 0xf, u2 >> 12, high & 0xf];
      args = registers.slice(0, count);
      poolIndex = u1;
      break;
    }
    case F.F3rc:
    case F.F3rms:
    case F.F3rmi:
    case F.F4rcc:
      args = Array.from({ length: high }, (_, position) => u2 + position);
      poolIndex = u1;
      break;
    case F.F51l:
      a = high;
      break;
    default:
      break;
  }
  const kind = OPCODE_REFERENCES[opcode] ?? ReferenceKind.None;
  return {
    index,
    offset,
    opcode,
    length: OPCODE_CODE_UNITS[opcode] ?? 1,
    a,
    b,
    c,
    args,
    literal,
    reference: kind === ReferenceKind.None || poolIndex < 0 ? '' : reference(dex, kind, poolIndex),
    targets,
    keys,
  };
}

function tryRanges(dex: DexFile, code: CodeItem): TryRange[] {
  if (code.triesSize === 0) return [];
  return dex.readTryBlocks(code).value.map((block) => {
    const clauses: CatchClause[] = block.handlers.map((handler) => ({
      type: dex.typeName(handler.typeIndex),
      target: handler.address,
    }));
    if (block.catchAllAddress !== undefined) clauses.push({ type: '*', target: block.catchAllAddress });
    return { start: block.startAddress, end: block.startAddress + block.instructionCount, clauses };
  });
}

/** The decoded body of `method` (undefined for abstract and native methods). */
export function decodeMethod(dex: DexFile, dexName: string, method: EncodedMethod): MethodBody | undefined {
  const code = method.code;
  if (code === undefined) return undefined;
  const bytes = dex.instructionBytes(code);
  const list = new InstructionList();
  walkInstructions(bytes, 0, code.instructionsSize, new DiagnosticSink(), { instructions: list });
  const units = new Units(bytes, Math.floor(bytes.length / CODE_UNIT_BYTES));
  const instructions: Instruction[] = [];
  for (let position = 0; position < list.count; position++) {
    const opcode = list.opcodes[position] ?? 0;
    if (opcode > 0xff) continue;
    instructions.push(decodeOne(dex, units, instructions.length, list.codeUnitOffsets[position] ?? 0, opcode));
  }
  const signature = dex.methodSignature(method.methodIndex);
  const descriptor = signature.slice(signature.indexOf('('));
  const { parameters, returnType } = parseDescriptor(descriptor);
  return {
    signature,
    dex: dexName,
    codeOffset: code.instructionsOffset,
    registers: code.registersSize,
    ins: code.insSize,
    isStatic: (method.accessFlags & AccessFlag.static) !== 0,
    isNative: (method.accessFlags & AccessFlag.native) !== 0,
    parameterTypes: parameters,
    returnType,
    instructions,
    tries: tryRanges(dex, code),
  };
}
