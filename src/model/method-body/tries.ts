/**
 * The try ranges of a method body, made safe to use: sorted, non-overlapping
 * (ART's verifier rejects overlapping or unsorted try_items, DexFileVerifier
 * "Out-of-order try"; a hostile file's later ranges are clipped with a
 * diagnostic), their handlers resolved to instructions, and each instruction
 * mapped to the range covering it by one sweep (no per-range scan of the
 * instructions, so overlapping ranges cannot make it quadratic).
 */
import type { DiagnosticSink } from '../../formats/diagnostics.js';
import type { TryBlock } from '../../formats/dex/index.js';

/** One catch clause of a try range. @public (the answer of MethodBody.tries; see index.ts) */
export interface CatchClause {
  /** Descriptor of the caught type; undefined for the catch-all. */
  readonly type: string | undefined;
  /** type_ids index of the caught type in the method's dex; -1 for the catch-all. */
  readonly typeIndex: number;
  /** Code-unit offset of the handler. */
  readonly address: number;
  /** Index of the handler's first instruction; -1 when the address is no instruction start (diagnostic). */
  readonly instruction: number;
}

/** A try range: the instructions whose code-unit offset lies in [start, end), and its catch clauses in order. */
export interface TryRange {
  readonly start: number;
  readonly end: number;
  /** Typed clauses in file order, then the catch-all (if any). */
  readonly clauses: readonly CatchClause[];
}

/** Index of the instruction starting at code unit `offset` in the ascending `offsets`, or -1. */
export function instructionAt(offsets: Uint32Array, count: number, offset: number): number {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = offsets[middle] as number;
    if (value === offset) return middle;
    if (value < offset) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** First instruction whose offset is >= `offset` (count when none). */
function firstAtOrAfter(offsets: Uint32Array, count: number, offset: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((offsets[middle] as number) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface TryTable {
  readonly ranges: readonly TryRange[];
  /** Per instruction, the index in `ranges` of the range covering it; -1 when none (empty when no ranges). */
  readonly covering: Int32Array;
}

const NO_COVERING = new Int32Array(0);

/**
 * Builds the try table. `isInstruction(index)` says whether an instruction is a real
 * instruction (payload pseudo-instructions cannot start a handler).
 */
export function buildTryTable(
  blocks: readonly TryBlock[],
  offsets: Uint32Array,
  count: number,
  isInstruction: (index: number) => boolean,
  typeName: (typeIndex: number) => string,
  sink: DiagnosticSink,
  where: number,
): TryTable {
  if (blocks.length === 0) return { ranges: [], covering: NO_COVERING };
  const covering = new Int32Array(count).fill(-1);
  const order = blocks.map((block, index) => ({ block, index }));
  order.sort((left, right) => left.block.startAddress - right.block.startAddress || left.index - right.index);
  const ranges: TryRange[] = [];
  // Handler lists are shared between try_items: resolve each list once.
  const resolved = new Map<TryBlock['handlers'], CatchClause[]>();
  let previousEnd = 0;
  let overlaps = 0;
  let badHandlers = 0;
  for (const { block } of order) {
    let start = block.startAddress;
    const end = block.startAddress + block.instructionCount;
    if (start < previousEnd) {
      if (overlaps++ === 0)
        sink.add(
          'method-body.overlapping-try',
          where,
          `try range [${start}, ${end}) overlaps the one before it (ends at ${previousEnd}): clipped`,
          'error',
        );
      start = previousEnd;
    }
    if (end <= start) continue;
    previousEnd = end;
    // Try items with the same handler offset share one handler list (and catch-all): resolved once,
    // so thousands of ranges sharing a long list cost the list once, not once each.
    let clauses = resolved.get(block.handlers);
    if (clauses === undefined) {
      const resolve = (typeIndex: number, address: number): CatchClause => {
        const instruction = instructionAt(offsets, count, address);
        const valid = instruction >= 0 && isInstruction(instruction);
        if (!valid) badHandlers++;
        return {
          type: typeIndex < 0 ? undefined : typeName(typeIndex),
          typeIndex,
          address,
          instruction: valid ? instruction : -1,
        };
      };
      clauses = block.handlers.map((handler) => resolve(handler.typeIndex, handler.address));
      if (block.catchAllAddress !== undefined) clauses.push(resolve(-1, block.catchAllAddress));
      resolved.set(block.handlers, clauses);
    }
    const all: readonly CatchClause[] = clauses;
    const rangeIndex = ranges.length;
    ranges.push({ start, end, clauses: all });
    // Ranges are disjoint and sorted now: each instruction is written at most once overall.
    for (let index = firstAtOrAfter(offsets, count, start); index < count; index++) {
      if ((offsets[index] as number) >= end) break;
      covering[index] = rangeIndex;
    }
  }
  if (overlaps > 1)
    sink.add('method-body.overlapping-try-count', where, `${overlaps} overlapping try ranges in this method`, 'info');
  if (badHandlers > 0)
    sink.add(
      'method-body.handler-not-instruction',
      where,
      `${badHandlers} catch handler addresses are not the start of an instruction: those edges are left out`,
      'error',
    );
  return { ranges, covering };
}
