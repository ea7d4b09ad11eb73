/**
 * The analysis's view of a method body, built from the model's decoded body
 * (src/model/method-body): one record per instruction with the operands the transfer
 * functions read (vA, vB, vC or the argument list), its literal, what it names (smali
 * spelling), its branch or switch targets, and the try ranges. Nothing here reads bytes:
 * every field comes from the model's columns and accessors.
 */
import type { MethodBody as ModelBody } from '../../model/method-body/index.js';
import { OpcodeFlag } from '../../model/method-body/index.js';
import type { Instruction, MethodBody, TryRange } from './types.js';
import { isInvoke } from './opcodes.js';

const NO_NUMBERS: readonly number[] = [];
const INT_MIN = -0x8000_0000;
const INT_MAX = 0x7fff_ffff;
/** Reference kinds whose name the analysis reads (method handles, protos and call sites it does not follow). */
const NAMED_KINDS: ReadonlySet<string> = new Set([
  'string',
  'type',
  'new-instance',
  'const-class',
  'check-cast',
  'invoke',
  'field-read',
  'field-write',
]);

/**
 * Signatures by code-index id, shared by every body of one app (the Program's): a method or
 * field is named by many instructions, and its text is then built once.
 */
export interface ReferenceNames {
  method(id: number): string;
  field(id: number): string;
}

function nameOf(body: ModelBody, from: number, kind: string, names: ReferenceNames | undefined): string {
  if (names !== undefined) {
    const id = body.referenceId(from);
    if (id >= 0) {
      if (kind === 'invoke') return names.method(id);
      if (kind === 'field-read' || kind === 'field-write') return names.field(id);
    }
  }
  return body.referenceName(from) ?? '';
}

/** What the instruction at `from` names, as its analysis instruction's `reference` ('' for what the analysis does not read). */
function referenceOf(body: ModelBody, from: number, names: ReferenceNames | undefined): string {
  const kind = body.referenceKind(from);
  return kind !== undefined && NAMED_KINDS.has(kind) ? nameOf(body, from, kind, names) : '';
}

/**
 * True when an invoke of `body` names a method `test` accepts: what the invokes of analysisBody's
 * instructions would reference, read without building them (a question about a method the
 * analysis may never run).
 */
export function invokesAny(body: ModelBody, test: (reference: string) => boolean, names?: ReferenceNames): boolean {
  for (let from = 0; from < body.count; from++)
    if (!body.isPayload(from) && isInvoke(body.opcodes[from] as number) && test(referenceOf(body, from, names)))
      return true;
  return false;
}

function instructionOf(body: ModelBody, from: number, index: number, names: ReferenceNames | undefined): Instruction {
  const flags = body.flags(from);
  const operands = body.operandCount(from);
  const list = (flags & OpcodeFlag.ArgumentList) !== 0;
  const literal = body.literalNumber(from);
  let targets: readonly number[] = NO_NUMBERS;
  let keys: readonly number[] = NO_NUMBERS;
  const branch = body.branchTarget(from);
  if (branch !== undefined) targets = [branch];
  else if ((flags & OpcodeFlag.Switch) !== 0) {
    const cases = body.switchCases(from);
    if (cases !== undefined) {
      targets = Array.from(cases.targets);
      keys = Array.from(cases.keys);
    }
  }
  return {
    index,
    offset: body.offsets[from] as number,
    opcode: body.opcodes[from] as number,
    mnemonic: body.mnemonic(from),
    a: !list && operands > 0 ? body.register(from, 0) : -1,
    b: !list && operands > 1 ? body.register(from, 1) : -1,
    c: !list && operands > 2 ? body.register(from, 2) : -1,
    args: list ? body.registerList(from) : NO_NUMBERS,
    // The analysis models 32-bit values; a wider constant is unknown to it.
    literal: literal !== undefined && literal >= INT_MIN && literal <= INT_MAX ? literal : Number.NaN,
    reference: referenceOf(body, from, names),
    targets,
    keys,
  };
}

/** The analysis's view of `body` (payload pseudo-instructions left out: they never run). */
export function analysisBody(body: ModelBody, names?: ReferenceNames): MethodBody {
  const instructions: Instruction[] = [];
  for (let from = 0; from < body.count; from++)
    if (!body.isPayload(from)) instructions.push(instructionOf(body, from, instructions.length, names));
  const tries: TryRange[] = body.tries.map((range) => ({
    start: range.start,
    end: range.end,
    clauses: range.clauses.map((clause) => ({ type: clause.type ?? '*', target: clause.address })),
  }));
  return {
    signature: body.signature,
    dex: body.dexName,
    codeOffset: body.instructionsOffset,
    registers: body.registersSize,
    ins: body.insSize,
    isStatic: body.isStatic,
    parameterTypes: body.parameterTypes,
    returnType: body.returnType,
    instructions,
    tries,
  };
}
