/**
 * What a TLS callback's body can do, read from its decoded instructions (the dex
 * layer's walker) and try/catch table: can it throw, which calls can let an
 * exception out, and does every `return` return constant true. Bounded: bodies
 * longer than MAX_BODY_CODE_UNITS are not judged (a real check is never that
 * short anyway, and a trust-all body never that long).
 * Dalvik bytecode spec (source.android.com/docs/core/runtime/dalvik-bytecode):
 * throw 0x27; return 0x0f; const/4 0x12 "B|A|op"; const/16 0x13 "AA|op BBBB";
 * goto 0x28 "AA|op"; goto/16 0x29 "ØØ|op AAAA"; goto/32 0x2a; packed/sparse-switch
 * 0x2b/0x2c; if-test 0x32..0x37 "B|A|op CCCC"; if-testz 0x38..0x3d "AA|op BBBB".
 */
import type { AppModel } from '../../model/app-model.js';
import type { TryBlock } from '../../formats/dex/index.js';
import { InstructionList, walkInstructions } from '../../formats/dex/bytecode/index.js';
import { DiagnosticSink } from '../../formats/diagnostics.js';
import { classDefinitions } from '../shared/app-facts.js';

/** Longest body judged, in 16-bit code units. */
const MAX_BODY_CODE_UNITS = 512;
const OP_THROW = 0x27;
const OP_RETURN_VOID = 0x0e;
const OP_RETURN = 0x0f;
const OP_CONST_4 = 0x12;
const OP_CONST_16 = 0x13;
const OP_GOTO = 0x28;
const OP_GOTO_16 = 0x29;
const OP_GOTO_32 = 0x2a;
const OP_PACKED_SWITCH = 0x2b;
const OP_SPARSE_SWITCH = 0x2c;
const OP_IF_FIRST = 0x32;
const OP_IF_LAST = 0x3d;
const NIBBLE = 4;
const BYTE = 8;
const CODE_UNIT_BYTES = 2;

export interface MethodBody {
  readonly dex: string;
  /** Absolute offset of insns[0] in the dex (dexdump's left column for `|0000`). */
  readonly instructionsOffset: number;
  /** Code-unit offset and opcode of each instruction, in order. */
  readonly instructions: ReadonlyArray<{ readonly offset: number; readonly opcode: number }>;
  readonly tries: readonly TryBlock[];
  /** Exception type caught by each handler (by handler address), `*` for catch-all. */
  readonly catchTypes: (block: TryBlock) => string[];
  /** Code units of the instruction at `offset` (its first unit is the opcode unit). */
  readonly unit: (offset: number, index: number) => number;
}

function findCode(app: AppModel, classDescriptor: string, nameAndDescriptor: string) {
  const found = classDefinitions(app).get(classDescriptor);
  if (found?.classDef.classData === undefined) return undefined;
  const dex = found.source.dex;
  for (const method of [...found.classDef.classData.virtualMethods, ...found.classDef.classData.directMethods]) {
    if (method.code !== undefined && dex.methodSignature(method.methodIndex).endsWith(`->${nameAndDescriptor}`))
      return { source: found.source, code: method.code };
  }
  return undefined;
}

/** The decoded body of `Lclass;->name(desc)ret` as the app defines it; undefined without code or when too long. */
export function methodBody(app: AppModel, classDescriptor: string, nameAndDescriptor: string): MethodBody | undefined {
  const found = findCode(app, classDescriptor, nameAndDescriptor);
  if (found === undefined) return undefined;
  const { source, code } = found;
  if (code.instructionsSize > MAX_BODY_CODE_UNITS) return undefined;
  const dex = source.dex;
  const bytes = dex.instructionBytes(code);
  const list = new InstructionList();
  walkInstructions(bytes, 0, code.instructionsSize, new DiagnosticSink(), { instructions: list });
  const instructions = Array.from({ length: list.count }, (_, index) => ({
    offset: list.codeUnitOffsets[index] ?? 0,
    opcode: list.opcodes[index] ?? 0,
  }));
  const tries = code.triesSize > 0 ? dex.readTryBlocks(code).value : [];
  const unit = (offset: number, index: number): number => {
    const at = (offset + index) * CODE_UNIT_BYTES;
    return at + 1 < bytes.length ? (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << BYTE) : 0;
  };
  return {
    dex: source.name,
    instructionsOffset: code.instructionsOffset,
    instructions,
    tries,
    unit,
    catchTypes: (block) => [
      ...block.handlers.map((handler) => dex.typeName(handler.typeIndex)),
      ...(block.catchAllAddress === undefined ? [] : ['*']),
    ],
  };
}

export function hasThrow(body: MethodBody): boolean {
  return body.instructions.some((instruction) => instruction.opcode === OP_THROW);
}

/** True when an exception of a type in `caught` (or any, for a catch-all) raised at `offset` is caught in this method. */
export function isCaught(body: MethodBody, offset: number, caught: ReadonlySet<string>): boolean {
  return body.tries.some(
    (block) =>
      offset >= block.startAddress &&
      offset < block.startAddress + block.instructionCount &&
      body.catchTypes(block).some((type) => type === '*' || caught.has(type)),
  );
}

const signed16 = (value: number): number => (value << 16) >> 16;

/** Code-unit targets of every branch; undefined when a switch makes them hard to list (not judged). */
function branchTargets(body: MethodBody): Set<number> | undefined {
  const targets = new Set<number>();
  for (const { offset, opcode } of body.instructions) {
    if (opcode === OP_PACKED_SWITCH || opcode === OP_SPARSE_SWITCH) return undefined;
    if (opcode === OP_GOTO) targets.add(offset + ((body.unit(offset, 0) << 16) >> 24));
    else if (opcode === OP_GOTO_16) targets.add(offset + signed16(body.unit(offset, 1)));
    else if (opcode === OP_GOTO_32) targets.add(offset + (body.unit(offset, 1) | (body.unit(offset, 2) << 16) | 0));
    else if (opcode >= OP_IF_FIRST && opcode <= OP_IF_LAST) targets.add(offset + signed16(body.unit(offset, 1)));
  }
  return targets;
}

/** The literal a const/4 or const/16 at `index` puts in `register`, if it is one. */
function constantInto(body: MethodBody, index: number, register: number): number | undefined {
  const instruction = body.instructions[index];
  if (instruction === undefined) return undefined;
  const first = body.unit(instruction.offset, 0);
  if (instruction.opcode === OP_CONST_4 && ((first >> BYTE) & 0xf) === register)
    return ((first >> (BYTE + NIBBLE)) << (32 - NIBBLE)) >> (32 - NIBBLE);
  if (instruction.opcode === OP_CONST_16 && first >> BYTE === register)
    return signed16(body.unit(instruction.offset, 1));
  return undefined;
}

/**
 * True when every `return` returns `value`: each is directly preceded by a
 * const of `value` into the returned register and no branch lands on it, and
 * the method throws nothing. (A branch past the constant is how `host.equals(x)`
 * checks compile: HvBranchToTrue in the fixtures.)
 */
export function alwaysReturns(body: MethodBody, value: number): boolean {
  if (hasThrow(body)) return false;
  const targets = branchTargets(body);
  if (targets === undefined) return false;
  let returns = 0;
  for (const [index, instruction] of body.instructions.entries()) {
    if (instruction.opcode !== OP_RETURN) continue;
    returns++;
    const register = body.unit(instruction.offset, 0) >> BYTE;
    if (targets.has(instruction.offset) || constantInto(body, index - 1, register) !== value) return false;
  }
  return returns > 0;
}

/** Code-unit offset of the first `return-void`. */
export function firstReturnVoid(body: MethodBody): number | undefined {
  return body.instructions.find((instruction) => instruction.opcode === OP_RETURN_VOID)?.offset;
}

/** Code-unit offset of the instruction before the first `return` (the constant alwaysReturns checked). */
export function constantBeforeFirstReturn(body: MethodBody): number | undefined {
  const index = body.instructions.findIndex((instruction) => instruction.opcode === OP_RETURN);
  return index > 0 ? body.instructions[index - 1]?.offset : undefined;
}
