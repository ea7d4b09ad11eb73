/**
 * The abstract state at one point of a method: a value per register, the heap (abstract
 * object → field → value), the static fields this method wrote, the pending result of the
 * last call and the exception being caught. Copies share the heap, each object's fields and
 * the statics until one side writes them (copy on write at both levels), so a copy at a
 * block or exception edge costs the registers only, and a join skips what both sides still
 * share.
 */
import { joinValues, valueGrows, widenValues, type Value } from './domain/values.js';

export type FieldMap = Map<string, Value>;

/** What a join reads where a path did not write: the values from before the method ran. */
export interface Initials {
  field(object: number, field: string): Value;
  static(field: string): Value;
  /** Changes when those values may have changed. */
  version(): number;
}

/** Stands for "the incoming path has no fields for the object" in the join memo. */
const ABSENT: FieldMap = new Map();

export class State {
  constructor(
    /** undefined: not assigned on any path that reaches here. */
    readonly registers: (Value | undefined)[],
    private heap: Map<number, FieldMap>,
    /** True when `heap` is this state's own (no copy shares it). */
    private heapOwned: boolean,
    /** Objects whose field map is this state's own; undefined: none. */
    private owned: Set<number> | undefined,
    private staticMap: Map<string, Value>,
    private staticsOwned: boolean,
    public result: Value | undefined,
    public exception: Value | undefined,
  ) {}

  static empty(registers: number): State {
    return new State(
      new Array<Value | undefined>(registers).fill(undefined),
      new Map(),
      true,
      undefined,
      new Map(),
      true,
      undefined,
      undefined,
    );
  }

  copy(): State {
    // Both sides share the heap, every field map and the statics until one side writes them.
    const copy = new State(
      this.registers.slice(),
      this.heap,
      false,
      undefined,
      this.staticMap,
      false,
      this.result,
      this.exception,
    );
    this.heapOwned = false;
    this.owned = undefined;
    this.staticsOwned = false;
    return copy;
  }

  /** A static field this path wrote (undefined: its value from before the method). */
  staticValue(field: string): Value | undefined {
    return this.staticMap.get(field);
  }

  setStatic(field: string, value: Value): void {
    this.writes++;
    if (!this.staticsOwned) {
      this.staticMap = new Map(this.staticMap);
      this.staticsOwned = true;
    }
    this.staticMap.set(field, value);
  }

  /** The static fields this path wrote, in the order first written. */
  statics(): IterableIterator<[string, Value]> {
    return this.staticMap.entries();
  }

  field(object: number, field: string): Value | undefined {
    return this.heap.get(object)?.get(field);
  }

  fieldsOf(object: number): FieldMap | undefined {
    return this.heap.get(object);
  }

  objects(): IterableIterator<[number, FieldMap]> {
    return this.heap.entries();
  }

  /**
   * Per object, the incoming field map (never written again) whose last join into this
   * state's changed nothing: joining it again changes nothing either, as long as this
   * object's fields and the initial values stay as they were.
   */
  private joinedFrom: Map<number, FieldMap> | undefined;
  private joinedVersion = -1;

  /** Writes to this state's heap and statics so far (setField and setStatic, joins included). */
  private writes = 0;
  /**
   * What the last join of a heap and statics into this state read: the incoming state, its maps
   * and write count, whether those maps were frozen (owned by no state: nothing writes them in
   * place again, every write makes a new map), this state's write count after the join, and the
   * initial values' version. A join is idempotent (joining the same values again gives the same
   * values), so the same maps again, with no write on either side since and the same initial
   * values, add nothing: a run joins its state into a handler at every instruction of a try block
   * that may throw, most with no write between.
   */
  private lastIncoming: State | undefined;
  private lastHeap: Map<number, FieldMap> | undefined;
  private lastStatics: Map<string, Value> | undefined;
  private lastFrozen = false;
  private lastIncomingWrites = -1;
  private lastWrites = -1;
  private lastVersion = -1;

  /** True when joining `incoming`'s heap and statics would repeat the last join (see lastIncoming). */
  private repeatsLastJoin(incoming: State, version: number): boolean {
    return (
      this.lastVersion === version &&
      this.lastWrites === this.writes &&
      this.lastHeap === incoming.heap &&
      this.lastStatics === incoming.staticMap &&
      (this.lastFrozen || (this.lastIncoming === incoming && this.lastIncomingWrites === incoming.writes))
    );
  }

  setField(object: number, field: string, value: Value): void {
    // Writing the value a field already holds changes nothing: the maps stay shared.
    if (this.heap.get(object)?.get(field) === value) return;
    this.writes++;
    this.joinedFrom?.delete(object);
    if (!this.heapOwned) {
      this.heap = new Map(this.heap);
      this.heapOwned = true;
    }
    const owned = (this.owned ??= new Set());
    let fields = this.heap.get(object);
    if (fields === undefined) {
      fields = new Map();
      this.heap.set(object, fields);
      owned.add(object);
    } else if (!owned.has(object)) {
      fields = new Map(fields);
      this.heap.set(object, fields);
      owned.add(object);
    }
    fields.set(field, value);
  }

  /**
   * Joins `incoming` into this state (a block entry); with `caught`, as the entry of a handler
   * catching that value. `initials` give a heap entry's value where a path did not write it.
   * Returns true when anything grew.
   */
  joinFrom(incoming: State, initials: Initials, widen: boolean, registers = true, caught?: Value): boolean {
    const merge = widen ? widenValues : joinValues;
    let changed = false;
    for (let index = 0; registers && index < this.registers.length; index++) {
      const mine = this.registers[index];
      const theirs = incoming.registers[index];
      if (theirs === undefined || mine === theirs) continue;
      if (mine === undefined) {
        this.registers[index] = theirs;
        changed = true;
        continue;
      }
      const joined = merge(mine, theirs);
      if (joined !== mine && valueGrows(mine, joined)) changed = true;
      this.registers[index] = joined;
    }
    // A heap or statics map both sides still share holds the same values: nothing to join. Nor does
    // the join just made again, when neither side wrote since (lastIncoming).
    const version = initials.version();
    if (!this.repeatsLastJoin(incoming, version)) {
      if (this.heap !== incoming.heap) changed = this.joinMaps(incoming, initials, merge) || changed;
      if (this.staticMap !== incoming.staticMap) changed = this.joinStatics(incoming, initials, merge) || changed;
      this.lastIncoming = incoming;
      this.lastHeap = incoming.heap;
      this.lastStatics = incoming.staticMap;
      this.lastFrozen = !incoming.heapOwned && !incoming.staticsOwned;
      this.lastIncomingWrites = incoming.writes;
      this.lastWrites = this.writes;
      this.lastVersion = version;
    }
    // An exception edge carries the value caught, and no call result.
    const result = caught === undefined ? incoming.result : undefined;
    const exception = caught ?? incoming.exception;
    if (result !== undefined) {
      const joined = this.result === undefined ? result : merge(this.result, result);
      if (this.result === undefined || valueGrows(this.result, joined)) changed = true;
      this.result = joined;
    }
    if (exception !== undefined) {
      const joined = this.exception === undefined ? exception : merge(this.exception, exception);
      if (this.exception === undefined || valueGrows(this.exception, joined)) changed = true;
      this.exception = joined;
    }
    return changed;
  }

  private joinMaps(incoming: State, initials: Initials, merge: (a: Value, b: Value) => Value): boolean {
    const version = initials.version();
    if (this.joinedVersion !== version) {
      this.joinedFrom = undefined;
      this.joinedVersion = version;
    }
    const memo = this.joinedFrom;
    // One walk record per join: the field walks read it as their `this` (no closure per object).
    const walk: FieldWalk = {
      into: this,
      initials,
      merge,
      object: 0,
      theirs: ABSENT,
      changed: false,
      wrote: false,
      written: undefined,
    };
    // Map.forEach, not for-of: it makes no entry array nor iterator result per entry, which until the
    // JIT optimises a join (most of a first pass) is most of what a join allocates.
    incoming.heap.forEach((theirs, object) => {
      const mine = this.heap.get(object);
      if (mine === theirs || (mine !== undefined && memo?.get(object) === theirs)) return;
      walk.object = object;
      theirs.forEach(joinIncomingField, walk);
    });
    // Entries this side wrote that the incoming path did not: they may still hold the initial value.
    // (setField replaces only entries that exist, which iteration tolerates.)
    this.heap.forEach((mine, object) => {
      const theirs = incoming.heap.get(object) ?? ABSENT;
      if (theirs === mine || memo?.get(object) === theirs) return;
      walk.object = object;
      walk.theirs = theirs;
      walk.wrote = walk.written?.has(object) === true;
      mine.forEach(joinOwnField, walk);
      if (walk.wrote) return;
      // Joined without changing anything: remembered, and the incoming side gives up writing its
      // field map in place (its next write copies it), so the map stays what was joined.
      if (theirs !== ABSENT) incoming.owned?.delete(object);
      (this.joinedFrom ??= new Map()).set(object, theirs);
    });
    return walk.changed;
  }

  private joinStatics(incoming: State, initials: Initials, merge: (a: Value, b: Value) => Value): boolean {
    let changed = false;
    incoming.staticMap.forEach((value, field) => {
      const mine = this.staticMap.get(field);
      const current = mine ?? initials.static(field);
      const joined = merge(current, value);
      if (mine === undefined || valueGrows(current, joined)) {
        this.setStatic(field, joined);
        changed = true;
      }
    });
    this.staticMap.forEach((value, field) => {
      if (incoming.staticMap.has(field)) return;
      const joined = merge(value, initials.static(field));
      if (valueGrows(value, joined)) {
        this.setStatic(field, joined);
        changed = true;
      }
    });
    return changed;
  }
}

/** One join of a heap into `into`, as the walks over an object's fields read it. */
interface FieldWalk {
  readonly into: State;
  readonly initials: Initials;
  readonly merge: (a: Value, b: Value) => Value;
  /** The object whose fields are walked, and the incoming side's fields of it (the second walk). */
  object: number;
  theirs: FieldMap;
  changed: boolean;
  /** This side wrote a field of the object (the second walk). */
  wrote: boolean;
  /** Objects the first walk wrote. */
  written: Set<number> | undefined;
}

/** An incoming field joined into this side's (or into the initial value where this side has none). */
function joinIncomingField(this: FieldWalk, value: Value, field: string): void {
  const object = this.object;
  const existing = this.into.field(object, field);
  const current = existing ?? this.initials.field(object, field);
  const joined = this.merge(current, value);
  if (existing === undefined) {
    this.into.setField(object, field, joined);
    (this.written ??= new Set()).add(object);
    if (valueGrows(current, joined)) this.changed = true;
  } else if (joined !== existing && valueGrows(existing, joined)) {
    this.into.setField(object, field, joined);
    (this.written ??= new Set()).add(object);
    this.changed = true;
  }
}

/** A field of this side the incoming side lacks: joined with the initial value the incoming path still has. */
function joinOwnField(this: FieldWalk, value: Value, field: string): void {
  if (this.theirs.has(field)) return;
  const object = this.object;
  const joined = this.merge(value, this.initials.field(object, field));
  if (valueGrows(value, joined)) {
    this.into.setField(object, field, joined);
    this.wrote = true;
    this.changed = true;
  }
}
