/**
 * The control-flow graph of a method body: basic blocks as instruction ranges,
 * normal successors (fall-through, branch and switch targets) and exceptional
 * successors (the catch clauses of the try range covering a block's last
 * instruction), stored as compressed rows of typed arrays.
 *
 * Block boundaries follow ART's graph builder (art/compiler/optimizing/
 * block_builder.cc): a block starts at the method entry, at every branch,
 * switch and handler target, and after every branch, switch, return and throw;
 * inside a try range, after every instruction that can throw, so a block's
 * exceptional edges leave from its last instruction only. Payload
 * pseudo-instructions belong to no block.
 *
 * An exceptional edge carries the state before the block's last instruction
 * (a throwing instruction writes no register), a normal edge the state after it.
 *
 * Bounded: a hostile method can share one switch payload or one long handler
 * list among many blocks; edges beyond EDGES_PER_CODE_UNIT per code unit are
 * left out with a diagnostic and the body marked incomplete.
 */
import type { DiagnosticSink } from '../../formats/diagnostics.js';
import { OPCODE_FLAGS, OpcodeFlag } from '../../formats/dex/bytecode/index.js';
import type { TryRange } from './tries.js';

/** The cases of one switch instruction. */
export interface SwitchCases {
  readonly keys: Int32Array;
  /** Code-unit offset each case branches to. */
  readonly targets: Int32Array;
  /** Instruction index of each target; -1 when the target is no instruction (diagnostic). */
  readonly targetIndexes: Int32Array;
}

/** What the graph is built from (a MethodBody). */
export interface GraphSource {
  readonly count: number;
  readonly opcodes: Uint16Array;
  readonly offsets: Uint32Array;
  readonly codeUnits: number;
  readonly instructionsOffset: number;
  readonly tries: readonly TryRange[];
  readonly tryCoverage: Int32Array;
  flags(index: number): number;
  targetIndex(index: number): number;
  switchCases(index: number): SwitchCases | undefined;
  fileOffset(index: number): number;
  mnemonic(index: number): string;
}

/** Edges kept per code unit of the method, at most (plus EDGES_FLOOR); real methods stay far below. */
export const EDGES_PER_CODE_UNIT = 16;
const EDGES_FLOOR = 1024;
const ENDS_BLOCK = OpcodeFlag.Branch | OpcodeFlag.Switch | OpcodeFlag.Return | OpcodeFlag.Throw;
const NO_FALL_THROUGH = OpcodeFlag.Goto | OpcodeFlag.Return | OpcodeFlag.Throw;
/** Module-local copy: read per instruction. */
const FLAGS = OPCODE_FLAGS;
/** Opcodes above 0xff in `opcodes` are payload idents. */
const LAST_OPCODE = 0xff;

export class ControlFlowGraph {
  /** Blocks are numbered in code order; block 0 holds instruction 0 (the entry) when the method has code. */
  readonly blockCount: number;
  /** First instruction of each block. */
  readonly blockStart: Uint32Array;
  /** One past the last instruction of each block. */
  readonly blockEnd: Uint32Array;
  /** Block of each instruction; -1 for payload pseudo-instructions. */
  readonly blockOf: Int32Array;
  /** successorBlocks[successorStart[b] .. successorStart[b + 1]): normal successors of b (fall-through first, no duplicates). */
  readonly successorStart: Uint32Array;
  readonly successorBlocks: Uint32Array;
  /** handlerBlocks[handlerStart[b] .. handlerStart[b + 1]): exceptional successors of b, in catch-clause order. */
  readonly handlerStart: Uint32Array;
  readonly handlerBlocks: Uint32Array;
  /** type_ids index caught along each exceptional edge (parallel to handlerBlocks); -1 for a catch-all. */
  readonly handlerTypes: Int32Array;
  /** 1 for blocks reachable from the entry along normal and exceptional edges. */
  readonly reachable: Uint8Array;
  private predecessorIndex: { start: Uint32Array; blocks: Uint32Array } | undefined;
  private exceptionalPredecessorIndex: { start: Uint32Array; blocks: Uint32Array } | undefined;

  constructor(parts: {
    blockCount: number;
    blockStart: Uint32Array;
    blockEnd: Uint32Array;
    blockOf: Int32Array;
    successorStart: Uint32Array;
    successorBlocks: Uint32Array;
    handlerStart: Uint32Array;
    handlerBlocks: Uint32Array;
    handlerTypes: Int32Array;
    reachable: Uint8Array;
  }) {
    this.blockCount = parts.blockCount;
    this.blockStart = parts.blockStart;
    this.blockEnd = parts.blockEnd;
    this.blockOf = parts.blockOf;
    this.successorStart = parts.successorStart;
    this.successorBlocks = parts.successorBlocks;
    this.handlerStart = parts.handlerStart;
    this.handlerBlocks = parts.handlerBlocks;
    this.handlerTypes = parts.handlerTypes;
    this.reachable = parts.reachable;
  }

  /** Last instruction of block `block`. */
  lastInstruction(block: number): number {
    return (this.blockEnd[block] as number) - 1;
  }

  /** Normal successors of `block` (a view). */
  successors(block: number): Uint32Array {
    return this.successorBlocks.subarray(this.successorStart[block], this.successorStart[block + 1]);
  }

  /** Exceptional successors of `block` (a view; parallel to exceptionTypes). */
  exceptionalSuccessors(block: number): Uint32Array {
    return this.handlerBlocks.subarray(this.handlerStart[block], this.handlerStart[block + 1]);
  }

  /** Caught type_ids index of each exceptional successor of `block` (-1: catch-all). */
  exceptionTypes(block: number): Int32Array {
    return this.handlerTypes.subarray(this.handlerStart[block], this.handlerStart[block + 1]);
  }

  /** Blocks with a normal edge into `block` (built on first use). */
  predecessors(block: number): Uint32Array {
    this.predecessorIndex ??= invert(this.blockCount, this.successorStart, this.successorBlocks);
    const { start, blocks } = this.predecessorIndex;
    return blocks.subarray(start[block], start[block + 1]);
  }

  /** Blocks with an exceptional edge into `block` (built on first use). */
  exceptionalPredecessors(block: number): Uint32Array {
    this.exceptionalPredecessorIndex ??= invert(this.blockCount, this.handlerStart, this.handlerBlocks);
    const { start, blocks } = this.exceptionalPredecessorIndex;
    return blocks.subarray(start[block], start[block + 1]);
  }
}

/** Reverses compressed rows (counting sort by target: linear in blocks and edges). */
function invert(
  count: number,
  rowStart: Uint32Array,
  targets: Uint32Array,
): { start: Uint32Array; blocks: Uint32Array } {
  const start = new Uint32Array(count + 1);
  for (const target of targets) start[target + 1]!++;
  for (let block = 0; block < count; block++) start[block + 1]! += start[block] as number;
  const fill = start.slice(0, count);
  const blocks = new Uint32Array(targets.length);
  for (let block = 0; block < count; block++) {
    for (let edge = rowStart[block] as number; edge < (rowStart[block + 1] as number); edge++) {
      const target = targets[edge] as number;
      blocks[fill[target]!++] = block;
    }
  }
  return { start, blocks };
}

/** Builds the graph of `body`; anomalies go to `sink`, `incomplete` is called when edges are cut. */
export function buildControlFlowGraph(
  body: GraphSource,
  sink: DiagnosticSink,
  incomplete: () => void,
): ControlFlowGraph {
  const count = body.count;
  const opcodes = body.opcodes;
  const tries = body.tries;
  const covering = tries.length > 0 ? body.tryCoverage : undefined;
  // Few allocations per method (an app has tens of thousands): `blockOf` first holds the
  // leader marks, then the block numbers; every per-block and per-edge column shares one buffer.
  const blockOf = new Int32Array(count);
  const LEADER = 1;
  let badTargets = 0;
  let firstBad = -1;
  let switches = 0;
  if (count > 0) blockOf[0] = LEADER;
  for (let index = 0; index < count; index++) {
    const opcode = opcodes[index] as number;
    if (opcode > LAST_OPCODE) {
      if (index + 1 < count) blockOf[index + 1] = LEADER;
      continue;
    }
    const flags = FLAGS[opcode] as number;
    if ((flags & OpcodeFlag.Branch) !== 0) {
      const target = body.targetIndex(index);
      if (target >= 0) blockOf[target] = LEADER;
      else if (badTargets++ === 0) firstBad = index;
    }
    if ((flags & OpcodeFlag.Switch) !== 0) {
      switches++;
      const cases = body.switchCases(index);
      if (cases !== undefined) {
        for (const target of cases.targetIndexes) {
          if (target >= 0) blockOf[target] = LEADER;
          else if (badTargets++ === 0) firstBad = index;
        }
      }
    }
    if (
      index + 1 < count &&
      ((flags & ENDS_BLOCK) !== 0 ||
        ((flags & OpcodeFlag.CanThrow) !== 0 && covering !== undefined && (covering[index] as number) >= 0))
    )
      blockOf[index + 1] = LEADER;
  }
  for (const range of tries)
    for (const clause of range.clauses) if (clause.instruction >= 0) blockOf[clause.instruction] = LEADER;
  if (badTargets > 0)
    sink.add(
      'method-body.branch-not-instruction',
      body.fileOffset(firstBad),
      `${badTargets} branch or switch targets are not the start of an instruction: those edges are left out`,
      'error',
    );

  // Blocks in code order: a leader, or the first instruction after a payload, starts one.
  let blockCount = 0;
  let previous = -1;
  for (let index = 0; index < count; index++) {
    if ((opcodes[index] as number) > LAST_OPCODE) {
      blockOf[index] = -1;
      previous = -1;
      continue;
    }
    if (blockOf[index] === LEADER || previous < 0) blockCount++;
    blockOf[index] = previous = blockCount - 1;
  }

  // An upper bound of the edges (duplicates are dropped when filling), within the budget.
  const limit = body.codeUnits * EDGES_PER_CODE_UNIT + EDGES_FLOOR;
  let normalBound = 0;
  let exceptionalBound = 0;
  for (let index = 0; index < count; index++) {
    const block = blockOf[index] as number;
    if (block < 0 || (index + 1 < count && blockOf[index + 1] === block)) continue; // not a block's last
    const flags = FLAGS[opcodes[index] as number] as number;
    normalBound += 2;
    if ((flags & OpcodeFlag.Switch) !== 0) normalBound += body.switchCases(index)?.targetIndexes.length ?? 0;
    if ((flags & OpcodeFlag.CanThrow) !== 0 && covering !== undefined && (covering[index] as number) >= 0)
      exceptionalBound += tries[covering[index] as number]?.clauses.length ?? 0;
  }
  normalBound = Math.min(normalBound, limit);
  exceptionalBound = Math.min(exceptionalBound, limit);
  const words = 3 * blockCount + 2 * (blockCount + 1) + normalBound + 2 * exceptionalBound;
  const buffer = new ArrayBuffer(words * 4 + blockCount);
  // Column offsets in the buffer (4-byte columns first, then `reachable`).
  const startsAt = 0;
  const endsAt = startsAt + blockCount * 4;
  const queueAt = endsAt + blockCount * 4;
  const successorStartAt = queueAt + blockCount * 4;
  const handlerStartAt = successorStartAt + (blockCount + 1) * 4;
  const successorsAt = handlerStartAt + (blockCount + 1) * 4;
  const handlersAt = successorsAt + normalBound * 4;
  const typesAt = handlersAt + exceptionalBound * 4;
  const reachableAt = typesAt + exceptionalBound * 4;
  const blockStart = new Uint32Array(buffer, startsAt, blockCount);
  const blockEnd = new Uint32Array(buffer, endsAt, blockCount);
  const queue = new Uint32Array(buffer, queueAt, blockCount);
  const successorStart = new Uint32Array(buffer, successorStartAt, blockCount + 1);
  const handlerStart = new Uint32Array(buffer, handlerStartAt, blockCount + 1);
  const successorSpace = new Uint32Array(buffer, successorsAt, normalBound);
  const handlerSpace = new Uint32Array(buffer, handlersAt, exceptionalBound);
  const typeSpace = new Int32Array(buffer, typesAt, exceptionalBound);
  const reachable = new Uint8Array(buffer, reachableAt, blockCount);
  for (let index = 0, block = -1; index < count; index++) {
    const current = blockOf[index] as number;
    if (current < 0) continue;
    if (current !== block) {
      block = current;
      blockStart[block] = index;
    }
    blockEnd[block] = index + 1;
  }

  // Edges.
  let budget = limit;
  let cut = false;
  let normal = 0;
  let exceptional = 0;
  /** Last block that added each target (duplicate switch targets); only switches need it. */
  const stamp = switches > 0 ? new Int32Array(blockCount).fill(-1) : undefined;
  let fallingOff = 0;
  let firstFalling = -1;
  for (let block = 0; block < blockCount; block++) {
    successorStart[block] = normal;
    handlerStart[block] = exceptional;
    const last = (blockEnd[block] as number) - 1;
    const opcode = opcodes[last] as number;
    const flags = FLAGS[opcode] as number;
    const first = normal;
    if ((flags & NO_FALL_THROUGH) === 0) {
      const next = last + 1 < count ? (blockOf[last + 1] as number) : -1;
      if (next < 0) {
        // Into a payload or past the code: an error only if reachable (padding nops are not).
        if (fallingOff++ === 0) firstFalling = block;
      } else if (budget-- > 0) successorSpace[normal++] = next;
      else cut = true;
    }
    if ((flags & OpcodeFlag.Branch) !== 0) {
      const target = body.targetIndex(last);
      const targetBlock = target < 0 ? -1 : (blockOf[target] as number);
      if (targetBlock >= 0 && (normal === first || successorSpace[first] !== targetBlock)) {
        if (budget-- > 0) successorSpace[normal++] = targetBlock;
        else cut = true;
      }
    }
    if ((flags & OpcodeFlag.Switch) !== 0 && stamp !== undefined) {
      for (let edge = first; edge < normal; edge++) stamp[successorSpace[edge] as number] = block;
      for (const target of body.switchCases(last)?.targetIndexes ?? []) {
        const targetBlock = target < 0 ? -1 : (blockOf[target] as number);
        if (targetBlock < 0 || stamp[targetBlock] === block) continue;
        if (budget-- <= 0) {
          cut = true;
          break;
        }
        stamp[targetBlock] = block;
        successorSpace[normal++] = targetBlock;
      }
    }
    const range = covering === undefined ? -1 : (covering[last] as number);
    if ((flags & OpcodeFlag.CanThrow) !== 0 && range >= 0) {
      for (const clause of tries[range]?.clauses ?? []) {
        if (clause.instruction < 0) continue;
        if (budget-- <= 0) {
          cut = true;
          break;
        }
        handlerSpace[exceptional] = blockOf[clause.instruction] as number;
        typeSpace[exceptional++] = clause.typeIndex;
      }
    }
  }
  successorStart[blockCount] = normal;
  handlerStart[blockCount] = exceptional;
  if (cut) {
    incomplete();
    sink.add(
      'method-body.edge-budget',
      body.instructionsOffset,
      `more than ${limit} control-flow edges (shared switch payloads or handler lists): the rest are left out`,
      'error',
    );
  }
  const successorBlocks = successorSpace.subarray(0, normal);
  const handlerBlocks = handlerSpace.subarray(0, exceptional);

  // Reachability from the entry (block 0 holds instruction 0 unless the code starts with a payload).
  if (blockCount > 0 && blockOf[0] === 0) {
    let tail = 0;
    reachable[0] = 1;
    queue[tail++] = 0;
    for (let head = 0; head < tail; head++) {
      const block = queue[head] as number;
      for (let edge = successorStart[block] as number; edge < (successorStart[block + 1] as number); edge++) {
        const next = successorBlocks[edge] as number;
        if (reachable[next] === 0) {
          reachable[next] = 1;
          queue[tail++] = next;
        }
      }
      for (let edge = handlerStart[block] as number; edge < (handlerStart[block + 1] as number); edge++) {
        const next = handlerBlocks[edge] as number;
        if (reachable[next] === 0) {
          reachable[next] = 1;
          queue[tail++] = next;
        }
      }
    }
  }
  if (fallingOff > 0) {
    let reachableFalling = 0;
    for (let block = firstFalling; block < blockCount; block++) {
      const last = (blockEnd[block] as number) - 1;
      const flags = FLAGS[opcodes[last] as number] as number;
      const next = last + 1 < count ? (blockOf[last + 1] as number) : -1;
      if (reachable[block] === 1 && (flags & NO_FALL_THROUGH) === 0 && next < 0 && reachableFalling++ === 0)
        sink.add(
          'method-body.falls-off-end',
          body.fileOffset(last),
          `${body.mnemonic(last)} at ${body.offsets[last]} falls through past the code (the verifier rejects it)`,
          'error',
        );
    }
  }
  return new ControlFlowGraph({
    blockCount,
    blockStart,
    blockEnd,
    blockOf,
    successorStart,
    successorBlocks,
    handlerStart,
    handlerBlocks,
    handlerTypes: typeSpace.subarray(0, exceptional),
    reachable,
  });
}
