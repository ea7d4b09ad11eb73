/**
 * The method body as the flow analysis reads it (built from the model's decoded body by
 * from-model.ts): instructions with their register
 * operands, literals, resolved references and branch targets, and the try/catch table.
 * Offsets are the evidence the findings cite (dexdump's `|0004:` and left column).
 * Dalvik bytecode spec: source.android.com/docs/core/runtime/dalvik-bytecode.
 */

export interface Instruction {
  /** Position in the method's instruction list. */
  readonly index: number;
  /** Offset in 16-bit code units from insns[0] (dexdump's `|0004:`). */
  readonly offset: number;
  readonly opcode: number;
  /** As dexdump spells it (`invoke-virtual`). */
  readonly mnemonic: string;
  /** Register operands in the spec's order (vA, vB, vC); -1 where the format has none. */
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** Argument registers of invoke-* and filled-new-array (wide arguments take two). */
  readonly args: readonly number[];
  /** The literal of const and the lit8/lit16 operations; NaN when none or wider than 32 bits. */
  readonly literal: number;
  /** What the instruction names, smali spelling: a method or field signature, a type descriptor, a string. */
  readonly reference: string;
  /** Branch targets in code units (goto, if-*, every switch case in payload order). */
  readonly targets: readonly number[];
  /** Switch case keys, in the order of `targets`. */
  readonly keys: readonly number[];
}

interface CatchClause {
  /** Exception type descriptor caught, or `*` for a catch-all. */
  readonly type: string;
  /** Handler address in code units. */
  readonly target: number;
}

export interface TryRange {
  /** First code unit covered. */
  readonly start: number;
  /** First code unit after the range. */
  readonly end: number;
  readonly clauses: readonly CatchClause[];
}

export interface MethodBody {
  /** `Lcom/a/B;->m(I)V`. */
  readonly signature: string;
  /** Dex entry name holding the code (`classes2.dex`). */
  readonly dex: string;
  /** Absolute offset of insns[0] in that dex (file offset = this + 2 × code offset). */
  readonly codeOffset: number;
  readonly registers: number;
  /** Registers holding the incoming arguments (the last `ins` registers). */
  readonly ins: number;
  readonly isStatic: boolean;
  /** Declared parameter types (the receiver excluded). */
  readonly parameterTypes: readonly string[];
  readonly returnType: string;
  readonly instructions: readonly Instruction[];
  readonly tries: readonly TryRange[];
}

/** Code unit size in bytes (dex-format "insns: ushort[]"). */
const CODE_UNIT_BYTES = 2;

/** The file offset of an instruction (dexdump's left column). */
export function fileOffsetOf(body: MethodBody, instruction: Instruction): number {
  return body.codeOffset + instruction.offset * CODE_UNIT_BYTES;
}

/** `(ILjava/lang/String;)V` → parameter type descriptors and the return type. */
export function parseDescriptor(descriptor: string): { parameters: string[]; returnType: string } {
  const parameters: string[] = [];
  const close = descriptor.indexOf(')');
  let position = descriptor.indexOf('(') + 1;
  while (position > 0 && position < close) {
    let end = position;
    while (descriptor[end] === '[') end++;
    if (descriptor[end] === 'L') end = descriptor.indexOf(';', end);
    if (end < 0 || end >= close) break;
    parameters.push(descriptor.slice(position, end + 1));
    position = end + 1;
  }
  return { parameters, returnType: close < 0 ? 'V' : descriptor.slice(close + 1) };
}

/** True for the two-register types (long, double). */
export function isWide(type: string): boolean {
  return type === 'J' || type === 'D';
}
