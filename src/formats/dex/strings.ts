/**
 * string_ids and string_data_item (DEX spec "string_id_item",
 * "string_data_item"). Strings are decoded on first use and cached: most
 * analyses touch a fraction of a large dex's strings.
 */
import type { ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { WorkBudget } from './budget.js';
import { MAX_ULEB128_SIZE } from './constants.js';
import { decodeMutf8, Mutf8Scratch } from './mutf8.js';

/** Module-local copy: imported bindings can compile to getters (tsx/esbuild). */
const ULEB128_LIMIT = MAX_ULEB128_SIZE;
/** FNV-1a (32-bit) parameters, for StringTable.spanHash. */
const FNV_OFFSET_BASIS = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;
/**
 * Where spanHash starts: the FNV-1a offset basis mixed with a random value drawn once per
 * process. The code index keys an open-addressing table by these hashes (interner.ts);
 * with the fixed basis a crafted dex could carry thousands of names of one hash and make
 * every insert probe them all (quadratic: a hang). FNV-1a collisions depend on the basis,
 * so a secret one makes them unknowable in advance, as V8 seeds its own string hashes.
 * Ids are given in insertion order, never by hash, so output does not depend on it.
 */
export const STRING_HASH_BASIS = (FNV_OFFSET_BASIS ^ crypto.getRandomValues(new Uint32Array(1))[0]!) | 0;

export interface StringAnomaly {
  readonly index: number;
  /** Absolute offset of the problem. */
  readonly offset: number;
  readonly code: string;
  readonly detail: string;
}

export class StringTable {
  private readonly cache: (string | undefined)[];
  private readonly anomalies = new Map<number, StringAnomaly>();
  /**
   * Decoded strings by data offset: a hostile dex can point millions of
   * string_ids at one multi-megabyte string_data_item; it is decoded once.
   */
  private readonly byDataOffset = new Map<number, string>();
  /**
   * True when string_data_off strictly increases with the index (what d8 and dx
   * write): no two ids can then share data, and the map above is not needed.
   */
  private readonly distinctData: boolean;
  /** A Buffer over the dex bytes, for decoding ASCII strings without a Buffer per string. */
  private view: Buffer | undefined;
  /** This table's buffer for decoding non-ASCII strings. */
  private readonly scratch = new Mutf8Scratch();
  /**
   * 1 for strings whose bytes are charged to the budget, by asciiSpan or by decode: neither
   * charges them twice. (asciiSpan reads only this, one byte per string, not the cache of
   * decoded strings too: for a string it interns, that was one more cache miss.)
   */
  private charged: Uint8Array | undefined;
  /** Relative offset of the characters of the string asciiSpan last measured. */
  spanStart = 0;
  /**
   * FNV-1a hash (32-bit) of those characters, computed in the same pass: the
   * code index's interner keys names by it (hashing in a second pass cost it a
   * quarter more time).
   */
  spanHash = 0;

  /** `dataOffsets` are string_data_off values as in the file (relative to the dex start). */
  constructor(
    private readonly reader: ByteReader,
    private readonly dataOffsets: Uint32Array,
    private readonly budget: WorkBudget,
  ) {
    // Filled with undefined: an array of tagged values from the start, like every table's once a
    // string is cached (an untouched `new Array(n)` has another elements kind, and the code
    // index's optimised string lookups were thrown away at each new dex of a fresh process).
    this.cache = new Array<string | undefined>(dataOffsets.length).fill(undefined);
    this.distinctData = strictlyIncreasing(dataOffsets);
  }

  get count(): number {
    return this.dataOffsets.length;
  }

  /** The dex bytes (asciiSpan's positions are relative to them). */
  get bytes(): Uint8Array {
    return this.reader.bytes;
  }

  /** Absolute offset of string_data_item for `index`, or undefined when out of range. */
  dataOffset(index: number): number | undefined {
    const relative = this.dataOffsets[index];
    return relative === undefined ? undefined : this.reader.base + relative;
  }

  /** The string at `index`; `<invalid string N>` when the index is out of range. */
  get(index: number): string {
    const cached = this.cache[index];
    if (cached !== undefined) return cached;
    if (!(index >= 0 && index < this.dataOffsets.length)) return `<invalid string ${index}>`;
    let value: string;
    if (this.distinctData) {
      value = this.decode(index);
    } else {
      const relative = this.dataOffsets[index] as number;
      const shared = this.byDataOffset.get(relative);
      value = shared ?? this.decode(index);
      if (shared === undefined) this.byDataOffset.set(relative, value);
    }
    this.cache[index] = value;
    return value;
  }

  /**
   * String `index` when get() has decoded it already, else undefined (nothing is decoded or
   * charged): the code index shares these instead of building a second copy of the text.
   */
  decoded(index: number): string | undefined {
    return this.cache[index];
  }

  /** True when `index` names a string (for callers that must not show placeholders). */
  has(index: number): boolean {
    return index >= 0 && index < this.dataOffsets.length;
  }

  /**
   * Byte length of string `index` when its data is plain ASCII (bytes 0x01-0x7f
   * up to the NUL), so that its value is exactly those bytes; its characters
   * start at `spanStart`. The budget is charged as get() would charge it, once.
   * -1 when the string must be decoded by get(): out of range, non-ASCII,
   * unterminated, budget spent, or data shared between ids (decoded once by offset).
   * The code index hashes and compares names through this instead of decoding
   * them: most member names are never printed.
   */
  asciiSpan(index: number): number {
    if (!this.distinctData || !(index >= 0 && index < this.dataOffsets.length) || this.budget.exhausted) return -1;
    const relative = this.dataOffsets[index] as number;
    const bytes = this.reader.bytes;
    let position = relative;
    for (let count = 0; count < ULEB128_LIMIT; count++) {
      const byte = bytes[position++];
      if (byte === undefined) return -1;
      if ((byte & 0x80) === 0) break;
    }
    const start = position;
    const limit = Math.min(bytes.length, start + this.budget.remaining);
    let hash = STRING_HASH_BASIS;
    while (position < limit) {
      const byte = bytes[position] as number;
      if (byte === 0) break;
      if (byte >= 0x80) return -1;
      hash = Math.imul(hash ^ byte, FNV_PRIME);
      position++;
    }
    if (position >= limit) return -1;
    this.charged ??= new Uint8Array(this.dataOffsets.length);
    if (this.charged[index] === 0) {
      this.charged[index] = 1;
      this.budget.spend(position + 1 - relative, undefined, this.reader.base + relative);
    }
    this.spanStart = start;
    this.spanHash = hash | 0;
    return position - start;
  }

  private decode(index: number): string {
    const relative = this.dataOffsets[index] as number;
    const bytes = this.reader.bytes;
    if (relative >= bytes.length) {
      this.note(
        index,
        relative,
        'dex.string-data-out-of-range',
        `string_data_off 0x${relative.toString(16)} is past the end of the dex`,
      );
      return '';
    }
    // utf16_size is a uleb128; read it by hand (bounded) to avoid an exception per string.
    let declared = 0;
    let position = relative;
    for (let shift = 0, count = 0; count < ULEB128_LIMIT; count++, shift += 7) {
      const byte = bytes[position];
      if (byte === undefined) {
        this.note(index, relative, 'dex.string-data-truncated', 'utf16_size runs past the end of the dex');
        return '';
      }
      position++;
      declared |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
    }
    declared >>>= 0;
    // Measured and charged by asciiSpan: terminated inside the dex, nothing more to spend.
    const charged = this.charged !== undefined && this.charged[index] === 1;
    if (!charged && this.budget.exhausted) {
      this.note(
        index,
        relative,
        'dex.work-budget',
        `string ${index} not decoded: the work budget of this dex is spent (overlapping string data)`,
      );
      return '';
    }
    const limit = charged ? bytes.length : Math.min(bytes.length, position + this.budget.remaining);
    this.view ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = decodeMutf8(bytes, position, limit, this.view, this.scratch);
    if (!charged) {
      this.budget.spend(result.end - relative, undefined, this.reader.base + relative);
      this.charged ??= new Uint8Array(this.dataOffsets.length);
      this.charged[index] = 1;
    }
    if (!result.terminated && limit < bytes.length) {
      this.note(
        index,
        relative,
        'dex.work-budget',
        `string ${index} cut short: the work budget of this dex is spent (overlapping string data)`,
      );
    } else if (result.problem) {
      const code = result.terminated ? 'dex.string-invalid-mutf8' : 'dex.string-unterminated';
      this.note(index, result.problem.position, code, `string ${index}: ${result.problem.detail}`);
    } else if (result.utf16Length !== declared) {
      this.note(
        index,
        relative,
        'dex.string-size-mismatch',
        `string ${index}: utf16_size says ${declared} code units, data has ${result.utf16Length}`,
      );
    }
    return result.value;
  }

  private note(index: number, relative: number, code: string, detail: string): void {
    if (!this.anomalies.has(index))
      this.anomalies.set(index, { index, offset: this.reader.base + relative, code, detail });
  }

  /** Anomalies met so far by lazy decoding. */
  knownAnomalies(): StringAnomaly[] {
    return [...this.anomalies.values()];
  }

  /**
   * Decodes every string and reports each anomaly, plus string_ids that are
   * not in the strictly increasing order the spec requires (a hand-made or
   * tampered dex; ART's verifier rejects it).
   */
  checkAll(sink: DiagnosticSink): void {
    let previous: string | undefined;
    let orderReported = false;
    for (let index = 0; index < this.dataOffsets.length; index++) {
      const value = this.get(index);
      if (!orderReported && previous !== undefined && compareCodePoints(previous, value) >= 0) {
        orderReported = true;
        sink.add('dex.string-ids-unsorted', this.reader.base, `string_ids not sorted at index ${index}`, 'warning');
      }
      previous = value;
    }
    for (const anomaly of this.anomalies.values()) {
      sink.add(
        anomaly.code,
        anomaly.offset,
        anomaly.detail,
        anomaly.code === 'dex.string-size-mismatch' ? 'warning' : 'error',
      );
    }
  }
}

/**
 * Whether every value is greater than the one before. (A function of its own: a loop in the
 * constructor was compiled on the stack before the store after it had run, and deoptimised
 * at that store for each new dex of a fresh process.)
 */
function strictlyIncreasing(values: Uint32Array): boolean {
  for (let index = 1; index < values.length; index++)
    if ((values[index] as number) <= (values[index - 1] as number)) return false;
  return true;
}

/**
 * Order of string_ids (DEX spec: sorted by contents as UTF-16 values; ART's
 * verifier compares the decoded UTF-16 code units, as JavaScript does).
 */
function compareCodePoints(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
