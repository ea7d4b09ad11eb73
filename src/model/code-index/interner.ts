/**
 * Interns strings to dense numeric ids, so the index can key its tables by
 * number (typed arrays, CSR postings) and keep one copy of each name even
 * when fifty dex files all reference `Ljava/lang/String;`.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The id of `value`, adding it when new. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of `value` when known, without adding it. */
  find(value: string): number | undefined {
    return this.ids.get(value);
  }

  value(id: number): string | undefined {
    return this.values[id];
  }

  *entries(): IterableIterator<[number, string]> {
    for (let id = 0; id < this.values.length; id++) yield [id, this.values[id] as string];
  }
}

/**
 * Small on purpose: an index has some twenty columns and builds them for every
 * APK, and for a small app their allocation was most of the index's cost.
 */
const INITIAL_COLUMN_CAPACITY = 32;

/** A growable Int32 column filled with -1 (absent) by default. */
export class Int32Column {
  private data: Int32Array;
  constructor(capacity = INITIAL_COLUMN_CAPACITY) {
    this.data = new Int32Array(Math.max(1, capacity)).fill(-1);
  }
  get(id: number): number {
    return id >= 0 && id < this.data.length ? (this.data[id] as number) : -1;
  }
  set(id: number, value: number): void {
    if (id >= this.data.length) {
      let size = this.data.length;
      while (size <= id) size *= 2;
      const grown = new Int32Array(size).fill(-1);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[id] = value;
  }
}
