/** Materialises entries of a ReferenceList as objects (for reports and tests, not hot loops). */
import { OPCODE_INVOKE_KINDS, OPCODE_IS_RANGE } from './opcodes.js';
import {
  INVOKE_KIND_NAMES,
  REFERENCE_KIND_NAMES,
  ReferenceKind,
  type InstructionReference,
  type ReferenceKindName,
  type ReferenceList,
} from './references.js';

function referenceAt(list: ReferenceList, position: number): InstructionReference | undefined {
  if (!Number.isInteger(position) || position < 0 || position >= list.count) return undefined;
  const kind = list.kinds[position] ?? ReferenceKind.None;
  const opcode = list.opcodes[position] ?? 0;
  const invokeKind = kind === ReferenceKind.Proto ? undefined : INVOKE_KIND_NAMES[OPCODE_INVOKE_KINDS[opcode] ?? 0];
  const base = {
    kind: (REFERENCE_KIND_NAMES[kind] ?? 'none') as ReferenceKindName,
    opcode,
    index: list.indices[position] ?? 0,
    codeUnitOffset: list.codeUnitOffsets[position] ?? 0,
    absoluteOffset: list.absoluteOffsets[position] ?? 0,
  };
  return invokeKind === undefined ? base : { ...base, invokeKind, range: OPCODE_IS_RANGE[opcode] === 1 };
}

export function referencesToArray(list: ReferenceList): InstructionReference[] {
  const out: InstructionReference[] = [];
  for (let position = 0; position < list.count; position++) {
    const reference = referenceAt(list, position);
    if (reference !== undefined) out.push(reference);
  }
  return out;
}
