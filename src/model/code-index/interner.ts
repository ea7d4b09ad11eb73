/**
 * Interns strings to dense numeric ids, so the index can key its tables by
 * number (typed arrays, CSR postings) and keep one copy of each name even
 * when fifty dex files all reference `Ljava/lang/String;`.
 *
 * Dex strings are interned from their bytes: a plain-ASCII string (nearly
 * all names) is hashed and compared where it lies in the dex, and becomes a
 * JS string only when a query asks for its value. A Map keyed by decoded
 * strings was the largest single cost of the index build (intern 13% and
 * string decoding 8% of indexing the corpus), and held every name twice.
 */
import {
  STRING_HASH_BASIS as STRING_HASH_BASIS_IMPORTED,
  FNV_PRIME as FNV_PRIME_IMPORTED,
  type StringTable,
} from '../../formats/dex/index.js';

/** Initial slots of the hash table (a power of two) and rows of the entry columns. */
const INITIAL_SLOTS = 64;
const INITIAL_ENTRIES = 32;
/** Most entries an interner is sized for up front (the largest corpus app interns 65,000 strings). */
const MAX_PRESIZED_ENTRIES = 1 << 18;
/**
 * FNV-1a (32-bit) over UTF-16 code units from the same per-process basis as
 * StringTable.spanHash hashes ASCII bytes: a string hashes alike from the dex or
 * from a query. (Module-local copies: imported bindings can compile to getters.)
 */
const STRING_HASH_BASIS = STRING_HASH_BASIS_IMPORTED;
const FNV_PRIME = FNV_PRIME_IMPORTED;
/** Source of an entry that is only a JS string (placeholders, queries' texts, non-ASCII dex strings). */
const TEXT_ONLY = -1;
/** Source of an entry whose ASCII bytes the interner keeps itself: a composite (a proto descriptor built from dex names). */
const OWN_BYTES = -2;
/** Initial size of the composite byte store (grows by doubling with what is really composed). */
const INITIAL_OWN_BYTES = 1024;

/** Hash of the characters `text[start, end)`. */
function hashText(text: string, start: number, end: number): number {
  let hash = STRING_HASH_BASIS;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return hash | 0; // int32, as stored (the empty string keeps the basis otherwise)
}

/** Whether `bytes[start, start + length)` are the characters `text[from, from + length)`. */
function bytesEqualText(bytes: Uint8Array, start: number, length: number, text: string, from: number): boolean {
  for (let index = 0; index < length; index++) if (bytes[start + index] !== text.charCodeAt(from + index)) return false;
  return true;
}

/** Whether `value` is the characters `text[start, end)`. */
function textEqualsRange(value: string, text: string, start: number, end: number): boolean {
  if (value.length !== end - start) return false;
  for (let index = 0; index < value.length; index++)
    if (value.charCodeAt(index) !== text.charCodeAt(start + index)) return false;
  return true;
}

function bytesEqual(
  left: Uint8Array,
  leftStart: number,
  right: Uint8Array,
  rightStart: number,
  length: number,
): boolean {
  for (let index = 0; index < length; index++) if (left[leftStart + index] !== right[rightStart + index]) return false;
  return true;
}

/**
 * Entry records, one Int32Array with a stride of ENTRY_FIELDS: a probe that
 * matches reads one cache line, not one per column (the tables of a large app
 * are megabytes, and every probe was a cache miss per column).
 */
const ENTRY_FIELDS = 4;
/** Registered string table of the entry's first occurrence, or TEXT_ONLY. */
const FIELD_SOURCE = 0;
/** For a dex entry: string index in its table, and where its ASCII bytes lie. */
const FIELD_INDEX = 1;
const FIELD_START = 2;
const FIELD_LENGTH = 3;
/** Slots are (hash, id + 1) pairs: a probe compares hashes without touching the entries (0: empty). */
const SLOT_FIELDS = 2;

export class Interner {
  /** Open addressing (linear probing); load factor at most one half keeps probe runs short. */
  private slots: Int32Array;
  private entries_: Int32Array;
  /**
   * Decoded values (filled on first value() for dex entries). Created holding `undefined`, so it
   * is an array of tagged values from the start: one created empty changed its hidden class at
   * its first store, and the interner's optimised code was thrown away once per app.
   */
  private readonly texts: (string | undefined)[];
  private readonly tables: StringTable[] = [];
  private readonly tableBytes: Uint8Array[] = [];
  private readonly tableViews: (Buffer | undefined)[] = [];
  private count = 0;
  /**
   * Composite strings, ASCII bytes end to end: a composite is written after `ownLength` while
   * it is composed, hashed as it goes, and kept (ownLength moves past it) only when it is new.
   */
  private own = new Uint8Array(INITIAL_OWN_BYTES);
  private ownLength = 0;
  private ownView: Buffer | undefined;
  private composedLength = 0;
  private composedHash = 0;

  /**
   * @param expected entries expected: the tables are sized once for them (at most
   *   MAX_PRESIZED_ENTRIES: an estimate from a hostile dex's counts must not size memory)
   *   instead of being grown and rehashed a dozen times; past it they grow as before.
   */
  constructor(expected = 0) {
    const entries = Math.max(INITIAL_ENTRIES, Math.min(Math.ceil(expected), MAX_PRESIZED_ENTRIES));
    let slots = INITIAL_SLOTS;
    while (slots < entries * 2) slots *= 2;
    this.slots = new Int32Array(slots * SLOT_FIELDS);
    this.entries_ = new Int32Array(entries * ENTRY_FIELDS);
    this.texts = new Array<string | undefined>(entries).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  /** Registers a dex's strings for internDexString; returns its table number. */
  addTable(table: StringTable): number {
    this.tables.push(table);
    this.tableBytes.push(table.bytes);
    this.tableViews.push(undefined);
    return this.tables.length - 1;
  }

  /** The id of `value`, adding it when new. */
  intern(value: string): number {
    const hash = hashText(value, 0, value.length);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = (slots[slot * SLOT_FIELDS + 1] as number) - 1;
      if (id < 0) return this.add(slot, hash, TEXT_ONLY, 0, 0, 0, value);
      if (slots[slot * SLOT_FIELDS] === hash && this.equalsText(id, value, 0, value.length)) return id;
    }
  }

  /**
   * The id of string `index` of registered table `table` (what table.get(index)
   * returns), adding it when new. ASCII strings are hashed in place.
   */
  internDexString(table: number, index: number): number {
    const strings = this.tables[table] as StringTable;
    const length = strings.asciiSpan(index);
    if (length < 0) return this.intern(strings.get(index));
    const start = strings.spanStart;
    const hash = strings.spanHash;
    const found = this.probeBytes(hash, this.tableBytes[table] as Uint8Array, start, length);
    return found >= 0 ? found : this.add(~found, hash, table, index, start, length, undefined);
  }

  /**
   * The id of the string whose bytes are `bytes[start, start + length)` (hashed to `hash`), or
   * `~slot` for the empty slot of the table where it would be added.
   */
  private probeBytes(hash: number, bytes: Uint8Array, start: number, length: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = (slots[slot * SLOT_FIELDS + 1] as number) - 1;
      if (id < 0) return ~slot;
      if (slots[slot * SLOT_FIELDS] !== hash) continue;
      const entries = this.entries_;
      const entry = id * ENTRY_FIELDS;
      const source = entries[entry + FIELD_SOURCE] as number;
      if (source === TEXT_ONLY) {
        const text = this.texts[id] as string;
        if (text.length === length && bytesEqualText(bytes, start, length, text, 0)) return id;
      } else if (
        entries[entry + FIELD_LENGTH] === length &&
        bytesEqual(this.bytesOf(source), entries[entry + FIELD_START] as number, bytes, start, length)
      ) {
        return id;
      }
    }
  }

  /** Starts a composite string: append its ASCII parts, then internComposite(). */
  beginComposite(): void {
    this.composedLength = 0;
    this.composedHash = STRING_HASH_BASIS;
  }

  /** Appends one ASCII byte (0x01-0x7f) to the composite. */
  appendByte(byte: number): void {
    this.reserve(1);
    this.own[this.ownLength + this.composedLength++] = byte;
    this.composedHash = Math.imul(this.composedHash ^ byte, FNV_PRIME);
  }

  /** Appends `length` ASCII bytes (0x01-0x7f, as StringTable.asciiSpan vouches) of `bytes` from `start`. */
  appendSpan(bytes: Uint8Array, start: number, length: number): void {
    this.reserve(length);
    const own = this.own;
    const at = this.ownLength + this.composedLength;
    let hash = this.composedHash;
    for (let index = 0; index < length; index++) {
      const byte = bytes[start + index] as number;
      own[at + index] = byte;
      hash = Math.imul(hash ^ byte, FNV_PRIME);
    }
    this.composedLength += length;
    this.composedHash = hash;
  }

  /**
   * The id of the composite string (what intern() of its text returns), adding it when new.
   * Its text is built only when value() asks for it.
   */
  internComposite(): number {
    const hash = this.composedHash | 0;
    const start = this.ownLength;
    const length = this.composedLength;
    const found = this.probeBytes(hash, this.own, start, length);
    if (found >= 0) return found;
    this.ownLength += length;
    this.ownView = undefined;
    return this.add(~found, hash, OWN_BYTES, 0, start, length, undefined);
  }

  /** The id of `value` when known, without adding it. */
  find(value: string): number | undefined {
    return this.findIn(value, 0, value.length);
  }

  /**
   * The id of the characters `text[start, end)` when known, without adding them: a member
   * signature's parts are looked up where they lie, not sliced into strings of their own.
   */
  findIn(text: string, start: number, end: number): number | undefined {
    const hash = hashText(text, start, end);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = (slots[slot * SLOT_FIELDS + 1] as number) - 1;
      if (id < 0) return undefined;
      if (slots[slot * SLOT_FIELDS] === hash && this.equalsText(id, text, start, end)) return id;
    }
  }

  value(id: number): string | undefined {
    if (!(id >= 0 && id < this.count)) return undefined;
    let text = this.texts[id];
    if (text === undefined) {
      const entry = id * ENTRY_FIELDS;
      if (this.entries_[entry + FIELD_SOURCE] === OWN_BYTES) {
        const start = this.entries_[entry + FIELD_START] as number;
        this.ownView ??= Buffer.from(this.own.buffer, this.own.byteOffset, this.own.byteLength);
        text = this.ownView.toString('latin1', start, start + (this.entries_[entry + FIELD_LENGTH] as number));
        this.texts[id] = text;
        return text;
      }
      // A dex entry's bytes are plain ASCII (StringTable.asciiSpan measured them, terminated and
      // charged): its text is those bytes, what StringTable.get would decode them to. When the
      // table has decoded it already (method bodies and rules read most strings through it
      // first), that string is taken; otherwise it is read in one native call instead of going
      // through the MUTF-8 decoder.
      const source = this.entries_[entry + FIELD_SOURCE] as number;
      text = (this.tables[source] as StringTable).decoded(this.entries_[entry + FIELD_INDEX] as number);
      if (text === undefined) {
        const start = this.entries_[entry + FIELD_START] as number;
        text = this.tableView(source).toString(
          'latin1',
          start,
          start + (this.entries_[entry + FIELD_LENGTH] as number),
        );
      }
      this.texts[id] = text;
    }
    return text;
  }

  *entries(): IterableIterator<[number, string]> {
    for (let id = 0; id < this.count; id++) yield [id, this.value(id) as string];
  }

  /** Whether entry `id` holds the characters `text[start, end)`. */
  private equalsText(id: number, text: string, start: number, end: number): boolean {
    const entry = id * ENTRY_FIELDS;
    const source = this.entries_[entry + FIELD_SOURCE] as number;
    if (source === TEXT_ONLY) return textEqualsRange(this.texts[id] as string, text, start, end);
    const length = this.entries_[entry + FIELD_LENGTH] as number;
    return (
      length === end - start &&
      bytesEqualText(this.bytesOf(source), this.entries_[entry + FIELD_START] as number, length, text, start)
    );
  }

  /** A Buffer over registered table `source`'s bytes (made on first use). */
  private tableView(source: number): Buffer {
    let view = this.tableViews[source];
    if (view === undefined) {
      const bytes = this.tableBytes[source] as Uint8Array;
      view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.tableViews[source] = view;
    }
    return view;
  }

  /** The bytes an entry of `source` (a registered table or OWN_BYTES) lies in. */
  private bytesOf(source: number): Uint8Array {
    return source === OWN_BYTES ? this.own : (this.tableBytes[source] as Uint8Array);
  }

  /** Room for `more` composed bytes past the ones composed so far. */
  private reserve(more: number): void {
    const needed = this.ownLength + this.composedLength + more;
    if (needed <= this.own.length) return;
    let size = this.own.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.own.subarray(0, this.ownLength + this.composedLength));
    this.own = grown;
    this.ownView = undefined;
  }

  private add(
    slot: number,
    hash: number,
    source: number,
    index: number,
    start: number,
    length: number,
    text: string | undefined,
  ): number {
    const id = this.count++;
    if ((id + 1) * ENTRY_FIELDS > this.entries_.length) {
      const grown = new Int32Array(this.entries_.length * 2);
      grown.set(this.entries_);
      this.entries_ = grown;
    }
    const entry = id * ENTRY_FIELDS;
    const entries = this.entries_;
    entries[entry + FIELD_SOURCE] = source;
    entries[entry + FIELD_INDEX] = index;
    entries[entry + FIELD_START] = start;
    entries[entry + FIELD_LENGTH] = length;
    this.texts[id] = text;
    this.slots[slot * SLOT_FIELDS] = hash;
    this.slots[slot * SLOT_FIELDS + 1] = id + 1;
    if (this.count * 2 * SLOT_FIELDS > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let from = 0; from < old.length; from += SLOT_FIELDS) {
      if (old[from + 1] === 0) continue;
      const hash = old[from] as number;
      let slot = hash & mask;
      while (slots[slot * SLOT_FIELDS + 1] !== 0) slot = (slot + 1) & mask;
      slots[slot * SLOT_FIELDS] = hash;
      slots[slot * SLOT_FIELDS + 1] = old[from + 1] as number;
    }
    this.slots = slots;
  }
}

/**
 * Small on purpose: an index has some twenty columns and builds them for every
 * APK, and for a small app their allocation was most of the index's cost.
 */
const INITIAL_COLUMN_CAPACITY = 32;
/** Most rows a column is sized for up front (the corpus' largest app has 113,000 method ids). */
const MAX_PRESIZED_ROWS = 1 << 20;

/**
 * A growable Int32 column whose rows read -1 (absent) until set. Each value is stored plus one,
 * so an absent row is a zero byte as the allocator gives it: a presized column is never filled
 * (filling a column presized to the id tables with -1 wrote and faulted in every page of it,
 * set or not), and pages no row is set in are never touched.
 */
export class Int32Column {
  private data: Int32Array;
  /**
   * `capacity`: rows expected (a bound from the bytes present, never from a count a file declares),
   * at most MAX_PRESIZED_ROWS up front: a crafted dex of nothing but id tables must not make every
   * column as large as its tables before a single row is set; past it a column grows as before.
   */
  constructor(capacity = INITIAL_COLUMN_CAPACITY) {
    this.data = new Int32Array(Math.max(1, Math.min(Math.ceil(capacity), MAX_PRESIZED_ROWS)));
  }
  get(id: number): number {
    // `| 0` keeps the int32 wrap of a plain Int32Array store for every value (2^31 - 1 included).
    return id >= 0 && id < this.data.length ? ((this.data[id] as number) - 1) | 0 : -1;
  }
  /**
   * The storage, each row its value plus one (0: absent, past the last set id too); replaced
   * when set() grows it, so read it again after a set.
   */
  get storedPlusOne(): Int32Array {
    return this.data;
  }
  set(id: number, value: number): void {
    if (id >= this.data.length) {
      let size = this.data.length;
      while (size <= id) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[id] = value + 1;
  }
}
