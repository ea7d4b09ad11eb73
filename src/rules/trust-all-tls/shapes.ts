/**
 * What a TLS callback's body can do, read from the model's decoded method body
 * (src/model/method-body): can it throw, which calls can let an exception out,
 * and does every `return` return constant true. Bounded: bodies longer than
 * MAX_BODY_CODE_UNITS are not judged (a real check is never that short anyway,
 * and a trust-all body never that long).
 */
import type { AppModel } from '../../model/app-model.js';
import { OpcodeFlag, type MethodBody } from '../../model/method-body/index.js';

/** Longest body judged, in 16-bit code units. */
const MAX_BODY_CODE_UNITS = 512;
/** Dalvik opcodes (source.android.com/docs/core/runtime/dalvik-bytecode). */
const OP_THROW = 0x27;
const OP_RETURN_VOID = 0x0e;
const OP_RETURN = 0x0f;
const OP_CONST_4 = 0x12;
const OP_CONST_16 = 0x13;

/** The decoded body of `Lclass;->name(desc)ret` as the app defines it; undefined without code or when too long. */
export function methodBody(app: AppModel, classDescriptor: string, nameAndDescriptor: string): MethodBody | undefined {
  const body = app.code?.methodBody(`${classDescriptor}->${nameAndDescriptor}`);
  return body === undefined || body.codeUnits > MAX_BODY_CODE_UNITS ? undefined : body;
}

function instructionsWith(body: MethodBody, opcode: number): number[] {
  const found: number[] = [];
  for (let index = 0; index < body.count; index++) if (body.opcodes[index] === opcode) found.push(index);
  return found;
}

export function hasThrow(body: MethodBody): boolean {
  return instructionsWith(body, OP_THROW).length > 0;
}

/** True when an exception of a type in `caught` (or any, for a catch-all) raised at code unit `offset` is caught in this method. */
export function isCaught(body: MethodBody, offset: number, caught: ReadonlySet<string>): boolean {
  const index = body.indexAt(offset);
  const range = index < 0 ? undefined : body.tryOf(index);
  return (range?.clauses ?? []).some((clause) => clause.type === undefined || caught.has(clause.type));
}

/** Code-unit targets of every branch; undefined when a switch makes them hard to list (not judged). */
function branchTargets(body: MethodBody): Set<number> | undefined {
  const targets = new Set<number>();
  for (let index = 0; index < body.count; index++) {
    if ((body.flags(index) & OpcodeFlag.Switch) !== 0) return undefined;
    const target = body.branchTarget(index);
    if (target !== undefined) targets.add(target);
  }
  return targets;
}

/** The literal a const/4 or const/16 at `index` puts in `register`, if it is one. */
function constantInto(body: MethodBody, index: number, register: number): number | undefined {
  if (index < 0) return undefined;
  const opcode = body.opcodes[index];
  if ((opcode !== OP_CONST_4 && opcode !== OP_CONST_16) || body.writtenRegister(index) !== register) return undefined;
  return body.literalNumber(index);
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
  const returns = instructionsWith(body, OP_RETURN);
  for (const index of returns) {
    if (targets.has(body.offsets[index] as number)) return false;
    if (constantInto(body, index - 1, body.register(index, 0)) !== value) return false;
  }
  return returns.length > 0;
}

/** Code-unit offset of the first `return-void`. */
export function firstReturnVoid(body: MethodBody): number | undefined {
  const [index] = instructionsWith(body, OP_RETURN_VOID);
  return index === undefined ? undefined : body.offsets[index];
}

/** Code-unit offset of the instruction before the first `return` (the constant alwaysReturns checked). */
export function constantBeforeFirstReturn(body: MethodBody): number | undefined {
  const [index] = instructionsWith(body, OP_RETURN);
  return index !== undefined && index > 0 ? body.offsets[index - 1] : undefined;
}
