/**
 * Basic blocks of a decoded method: a block starts at the method entry, at every branch or
 * switch target, after every instruction that ends or redirects control, at every try range
 * boundary and at every handler, so each block runs straight through.
 */
import { Op } from './opcodes.js';
import type { MethodBody, TryRange } from './types.js';

export interface Block {
  /** Index of the first instruction. */
  readonly first: number;
  /** Index after the last instruction. */
  readonly end: number;
}

export interface BlockLayout {
  readonly blocks: readonly Block[];
  /** Instruction index → block, for block starts. */
  readonly blockAt: ReadonlyMap<number, number>;
  /** Code-unit offset → instruction index. */
  readonly indexAt: ReadonlyMap<number, number>;
  /** Instruction index → the try range covering it (undefined outside any). */
  readonly tryAt: readonly (TryRange | undefined)[];
}

/** return*, throw and goto end a block and never fall through. */
export function endsFlow(opcode: number): boolean {
  return (
    (opcode >= Op.RETURN_VOID && opcode <= Op.RETURN_OBJECT) ||
    opcode === Op.THROW ||
    opcode === Op.GOTO ||
    opcode === Op.GOTO_16 ||
    opcode === Op.GOTO_32
  );
}

export function blockLayout(body: MethodBody): BlockLayout {
  const instructions = body.instructions;
  const indexAt = new Map<number, number>();
  instructions.forEach((instruction, index) => indexAt.set(instruction.offset, index));
  const leaders = new Set<number>([0]);
  const mark = (offset: number): void => {
    const index = indexAt.get(offset);
    if (index !== undefined) leaders.add(index);
  };
  for (const instruction of instructions) {
    for (const target of instruction.targets) mark(target);
    if (instruction.targets.length > 0 || endsFlow(instruction.opcode)) leaders.add(instruction.index + 1);
  }
  for (const range of body.tries) {
    mark(range.start);
    mark(range.end);
    for (const clause of range.clauses) mark(clause.target);
  }
  const starts = [...leaders].filter((index) => index < instructions.length).sort((a, b) => a - b);
  const blocks: Block[] = [];
  const blockAt = new Map<number, number>();
  starts.forEach((first, position) => {
    blockAt.set(first, blocks.length);
    blocks.push({ first, end: starts[position + 1] ?? instructions.length });
  });
  const tryAt = instructions.map((instruction) =>
    body.tries.find((range) => instruction.offset >= range.start && instruction.offset < range.end),
  );
  return { blocks, blockAt, indexAt, tryAt };
}
