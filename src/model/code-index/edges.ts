/**
 * Every reference found in the app's code, one row per reference
 * (struct-of-arrays). The rows of each target are chained as they are added
 * (a list head per target and a `next` column), so the queries "who calls X",
 * "who uses string S" need no sorting pass after the walk: a counting sort of
 * all rows was the largest single cost of indexing a small app cold.
 */
import { Int32Column } from './interner.js';

/** Minimum rows (the table is pre-sized from the code size; small apps have few references). */
const INITIAL_CAPACITY = 64;
const GROWTH_FACTOR = 1.5;
const NO_ROW = -1;

/** Namespace of a row's target id. */
export enum TargetSpace {
  String = 0,
  Type,
  Method,
  Field,
  /** Call sites, method handles and protos: the target is an index local to the row's dex. */
  Local,
}

/** Target space of each walker ReferenceKind (indexed by the enum value). */
export const SPACE_OF_KIND: readonly TargetSpace[] = [
  TargetSpace.Local, // None (never stored)
  TargetSpace.String,
  TargetSpace.Type,
  TargetSpace.Type, // NewInstance
  TargetSpace.Type, // ConstClass
  TargetSpace.Type, // CheckCast
  TargetSpace.Method,
  TargetSpace.Field,
  TargetSpace.Field,
  TargetSpace.Local, // CallSite
  TargetSpace.Local, // MethodHandle
  TargetSpace.Local, // Proto
];

/** Module-local copy for rowCounts' loop (imported bindings can compile to getters). */
const SPACE_OF_KIND_LOCAL: readonly number[] = SPACE_OF_KIND;

export class EdgeTable {
  count = 0;
  /** ReferenceKind of the walker. */
  kinds: Uint8Array;
  opcodes: Uint8Array;
  /** Global id in the space of `kinds[row]` (SPACE_OF_KIND; the local index for TargetSpace.Local). */
  targets: Uint32Array;
  /**
   * Global method id of the method whose code holds the instruction. (Its dex is
   * the caller's defining dex, and the space follows from the kind: rows keep
   * neither, 3 bytes less per row, 3.9 million rows per corpus pass.)
   */
  callers: Uint32Array;
  /** Offset of the instruction inside its dex file. */
  absoluteOffsets: Uint32Array;
  /** The previous row with the same space and target (NO_ROW: none). */
  private next: Int32Array;
  /** Last row of each target, per global space (String, Type, Method, Field). */
  private readonly heads: Int32Column[];

  /**
   * `capacity` is an estimate (growing a table of tens of millions of rows costs seconds);
   * `targets` the expected ids of each global space (String, Type, Method, Field), ditto.
   */
  constructor(capacity = INITIAL_CAPACITY, targets: readonly number[] = []) {
    this.heads = [0, 1, 2, 3].map((space) => new Int32Column(targets[space]));
    const size = Math.max(INITIAL_CAPACITY, Math.ceil(capacity));
    this.kinds = new Uint8Array(size);
    this.opcodes = new Uint8Array(size);
    this.targets = new Uint32Array(size);
    this.callers = new Uint32Array(size);
    this.absoluteOffsets = new Uint32Array(size);
    this.next = new Int32Array(size);
  }

  push(kind: number, opcode: number, space: TargetSpace, target: number, caller: number, absoluteOffset: number): void {
    if (this.count === this.kinds.length) this.grow();
    const row = this.count++;
    this.kinds[row] = kind;
    this.opcodes[row] = opcode;
    this.targets[row] = target;
    this.callers[row] = caller;
    this.absoluteOffsets[row] = absoluteOffset;
    const heads = this.heads[space];
    if (heads === undefined) {
      this.next[row] = NO_ROW;
    } else {
      this.next[row] = heads.get(target);
      heads.set(target, row);
    }
  }

  /** Rows whose target is `target` in `space`, in the order they were added (code order). */
  rowsOf(space: TargetSpace, target: number): Uint32Array {
    const heads = this.heads[space];
    if (heads === undefined) return new Uint32Array(0);
    const found: number[] = [];
    for (let row = heads.get(target); row !== NO_ROW; row = this.next[row] as number) found.push(row);
    return Uint32Array.from(found.reverse());
  }

  /**
   * Number of rows targeting each id below `size` in `space`, in one pass over the rows in
   * their order (following each target's chain read the rows in random order, a cache miss a
   * row, and visited every id of the space to find the ones with rows).
   */
  rowCounts(space: TargetSpace, size: number): Int32Array {
    const counts = new Int32Array(size);
    const { kinds, targets } = this;
    const spaces = SPACE_OF_KIND_LOCAL;
    for (let row = 0; row < this.count; row++) {
      if (spaces[kinds[row] as number] !== space) continue;
      const target = targets[row] as number;
      if (target < size) counts[target] = (counts[target] as number) + 1;
    }
    return counts;
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
    const targets = new Uint32Array(size);
    targets.set(this.targets);
    this.targets = targets;
    const callers = new Uint32Array(size);
    callers.set(this.callers);
    this.callers = callers;
    const offsets = new Uint32Array(size);
    offsets.set(this.absoluteOffsets);
    this.absoluteOffsets = offsets;
    const next = new Int32Array(size);
    next.set(this.next);
    this.next = next;
  }
}
