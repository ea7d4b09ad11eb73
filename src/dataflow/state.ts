/**
 * The abstract state at one point of a method: a value per register, the heap (abstract
 * object → field → value), the static fields this method wrote, the pending result of the
 * last call and the exception being caught. The heap is copied on write per object, so a
 * state is cheap to copy at block boundaries.
 */
import { joinValues, valueGrows, widenValues, type Value } from './domain/values.js';

export type FieldMap = Map<string, Value>;

export class State {
  constructor(
    /** undefined: not assigned on any path that reaches here. */
    readonly registers: (Value | undefined)[],
    private heap: Map<number, FieldMap>,
    private owned: Set<number>,
    readonly statics: Map<string, Value>,
    public result: Value | undefined,
    public exception: Value | undefined,
  ) {}

  static empty(registers: number): State {
    return new State(
      new Array<Value | undefined>(registers).fill(undefined),
      new Map(),
      new Set(),
      new Map(),
      undefined,
      undefined,
    );
  }

  copy(): State {
    // The copy shares every field map until one side writes it (copy on write).
    const copy = new State(
      [...this.registers],
      new Map(this.heap),
      new Set(),
      new Map(this.statics),
      this.result,
      this.exception,
    );
    this.owned = new Set();
    return copy;
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

  setField(object: number, field: string, value: Value): void {
    let fields = this.heap.get(object);
    if (fields === undefined) {
      fields = new Map();
      this.heap.set(object, fields);
      this.owned.add(object);
    } else if (!this.owned.has(object)) {
      fields = new Map(fields);
      this.heap.set(object, fields);
      this.owned.add(object);
    }
    fields.set(field, value);
  }

  /**
   * Joins `incoming` into this state (a block entry). `initial` gives a heap entry's value
   * where a path did not write it. Returns true when anything grew.
   */
  joinFrom(
    incoming: State,
    initial: (object: number, field: string) => Value,
    initialStatic: (field: string) => Value,
    widen: boolean,
    registers = true,
  ): boolean {
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
    changed = this.joinMaps(incoming, initial, merge) || changed;
    changed = joinStatics(this.statics, incoming.statics, initialStatic, merge) || changed;
    if (incoming.result !== undefined) {
      const joined = this.result === undefined ? incoming.result : merge(this.result, incoming.result);
      if (this.result === undefined || valueGrows(this.result, joined)) changed = true;
      this.result = joined;
    }
    if (incoming.exception !== undefined) {
      const joined = this.exception === undefined ? incoming.exception : merge(this.exception, incoming.exception);
      if (this.exception === undefined || valueGrows(this.exception, joined)) changed = true;
      this.exception = joined;
    }
    return changed;
  }

  private joinMaps(
    incoming: State,
    initial: (object: number, field: string) => Value,
    merge: (a: Value, b: Value) => Value,
  ): boolean {
    let changed = false;
    for (const [object, theirs] of incoming.heap) {
      const mine = this.heap.get(object);
      if (mine === theirs) continue;
      for (const [field, value] of theirs) {
        const existing = this.heap.get(object)?.get(field);
        const current = existing ?? initial(object, field);
        const joined = merge(current, value);
        if (existing === undefined) {
          this.setField(object, field, joined);
          if (valueGrows(current, joined)) changed = true;
        } else if (joined !== existing && valueGrows(existing, joined)) {
          this.setField(object, field, joined);
          changed = true;
        }
      }
    }
    // Entries this side wrote that the incoming path did not: they may still hold the initial value.
    for (const [object, mine] of [...this.heap]) {
      const theirs = incoming.heap.get(object);
      if (theirs === mine) continue;
      for (const [field, value] of [...mine]) {
        if (theirs?.has(field) === true) continue;
        const joined = merge(value, initial(object, field));
        if (valueGrows(value, joined)) {
          this.setField(object, field, joined);
          changed = true;
        }
      }
    }
    return changed;
  }
}

function joinStatics(
  mine: Map<string, Value>,
  theirs: Map<string, Value>,
  initial: (field: string) => Value,
  merge: (a: Value, b: Value) => Value,
): boolean {
  let changed = false;
  for (const [field, value] of theirs) {
    const current = mine.get(field) ?? initial(field);
    const joined = merge(current, value);
    if (!mine.has(field) || valueGrows(current, joined)) {
      mine.set(field, joined);
      changed = true;
    }
  }
  for (const [field, value] of mine) {
    if (theirs.has(field)) continue;
    const joined = merge(value, initial(field));
    if (valueGrows(value, joined)) {
      mine.set(field, joined);
      changed = true;
    }
  }
  return changed;
}
