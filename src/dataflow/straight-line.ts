/**
 * Straight-line reading of a method body (Dalvik bytecode,
 * source.android.com/docs/core/runtime/dalvik-bytecode): what is known of a register between
 * two instructions when control can only flow from one to the next (no branch lands between
 * them, none leaves), used where a whole analysis run would be too much to ask.
 */
import { Op } from './ir/opcodes.js';
import type { MethodBody } from './ir/types.js';

/** Instructions whose vA register is read, not written (if-*, aput, iput, sput, monitor-*). */
function readsOnlyA(opcode: number): boolean {
  return (
    (opcode >= Op.IF_EQ && opcode <= Op.IF_LEZ) ||
    (opcode >= Op.APUT_FIRST && opcode <= Op.APUT_LAST) ||
    (opcode >= Op.IPUT_FIRST && opcode <= Op.IPUT_LAST) ||
    (opcode >= Op.SPUT_FIRST && opcode <= Op.SPUT_LAST) ||
    opcode === Op.MONITOR_ENTER ||
    opcode === Op.MONITOR_EXIT
  );
}

/** Instructions after which control does not fall through to the next one. */
export function endsStraightLine(opcode: number): boolean {
  return (
    opcode === Op.GOTO ||
    opcode === Op.GOTO_16 ||
    opcode === Op.GOTO_32 ||
    opcode === Op.THROW ||
    (opcode >= Op.RETURN_VOID && opcode <= Op.RETURN_OBJECT)
  );
}

/** Code-unit offsets where control may arrive from elsewhere: branch targets and exception handlers. */
export function entryOffsets(body: MethodBody): ReadonlySet<number> {
  const entries = new Set<number>();
  for (const instruction of body.instructions) for (const target of instruction.targets) entries.add(target);
  for (const range of body.tries) for (const clause of range.clauses) entries.add(clause.target);
  return entries;
}

/** True when the instruction writes `register` (its vA, or the upper half of a wide vA). */
export function writesRegister(
  instruction: { opcode: number; a: number; mnemonic: string },
  register: number,
): boolean {
  if (instruction.a === register - 1 && instruction.mnemonic.includes('-wide')) return true;
  return instruction.a === register && !readsOnlyA(instruction.opcode);
}
