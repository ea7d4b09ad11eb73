/**
 * Every reference found in the app's code, one row per reference
 * (struct-of-arrays), and CSR postings that group rows by target for the
 * queries ("who calls X", "who uses string S").
 */
const INITIAL_CAPACITY = 4096;
const GROWTH_FACTOR = 1.5;

/** Namespace of a row's target id. */
export enum TargetSpace {
  String = 0,
  Type,
  Method,
  Field,
  /** Call sites, method handles and protos: the target is an index local to the row's dex. */
  Local,
}
export const TARGET_SPACE_COUNT = 5;

export class EdgeTable {
  count = 0;
  /** ReferenceKind of the walker. */
  kinds: Uint8Array;
  opcodes: Uint8Array;
  spaces: Uint8Array;
  /** Global id in `spaces[row]` (or the local index for TargetSpace.Local). */
  targets: Uint32Array;
  /** Global method id of the method whose code holds the instruction. */
  callers: Uint32Array;
  /** Position of the dex file in the app's dex list. */
  dexes: Uint16Array;
  /** Offset of the instruction inside its dex file. */
  absoluteOffsets: Uint32Array;

  /** `capacity` is an estimate (growing a table of tens of millions of rows costs seconds). */
  constructor(capacity = INITIAL_CAPACITY) {
    const size = Math.max(INITIAL_CAPACITY, Math.ceil(capacity));
    this.kinds = new Uint8Array(size);
    this.opcodes = new Uint8Array(size);
    this.spaces = new Uint8Array(size);
    this.targets = new Uint32Array(size);
    this.callers = new Uint32Array(size);
    this.dexes = new Uint16Array(size);
    this.absoluteOffsets = new Uint32Array(size);
  }

  push(kind: number, opcode: number, space: TargetSpace, target: number, caller: number, dex: number, absoluteOffset: number): void {
    if (this.count === this.kinds.length) this.grow();
    const row = this.count++;
    this.kinds[row] = kind;
    this.opcodes[row] = opcode;
    this.spaces[row] = space;
    this.targets[row] = target;
    this.callers[row] = caller;
    this.dexes[row] = dex;
    this.absoluteOffsets[row] = absoluteOffset;
  }

  private grow(): void {
    // 1.5x: the table is pre-sized from the code size, so growth is the exception.
    const size = Math.ceil(this.kinds.length * GROWTH_FACTOR);
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const opcodes = new Uint8Array(size);
    opcodes.set(this.opcodes);
    this.opcodes = opcodes;
    const spaces = new Uint8Array(size);
    spaces.set(this.spaces);
    this.spaces = spaces;
    const targets = new Uint32Array(size);
    targets.set(this.targets);
    this.targets = targets;
    const callers = new Uint32Array(size);
    callers.set(this.callers);
    this.callers = callers;
    const dexes = new Uint16Array(size);
    dexes.set(this.dexes);
    this.dexes = dexes;
    const offsets = new Uint32Array(size);
    offsets.set(this.absoluteOffsets);
    this.absoluteOffsets = offsets;
  }
}

/** Rows of one target space grouped by target: rows of target t are `rows[starts[t] .. starts[t+1])`. */
export interface Postings {
  readonly starts: Uint32Array;
  readonly rows: Uint32Array;
}

/** Counting sort of the rows of `space` by target (two passes, no comparison sort). */
export function buildPostings(edges: EdgeTable, space: TargetSpace, targetCount: number): Postings {
  const starts = new Uint32Array(targetCount + 1);
  for (let row = 0; row < edges.count; row++) {
    if (edges.spaces[row] === space) starts[(edges.targets[row] as number) + 1]!++;
  }
  for (let target = 0; target < targetCount; target++) starts[target + 1]! += starts[target] as number;
  const rows = new Uint32Array(starts[targetCount] as number);
  const cursor = starts.slice(0, targetCount);
  for (let row = 0; row < edges.count; row++) {
    if (edges.spaces[row] === space) rows[cursor[edges.targets[row] as number]!++] = row;
  }
  return { starts, rows };
}

export function postingRows(postings: Postings, target: number): Uint32Array {
  const start = postings.starts[target];
  const end = postings.starts[target + 1];
  if (start === undefined || end === undefined) return new Uint32Array(0);
  return postings.rows.subarray(start, end);
}
