/**
 * string_ids and string_data_item (DEX spec "string_id_item",
 * "string_data_item"). Strings are decoded on first use and cached: most
 * analyses touch a fraction of a large dex's strings.
 */
import type { ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { WorkBudget } from './budget.js';
import { MAX_ULEB128_SIZE } from './constants.js';
import { decodeMutf8 } from './mutf8.js';

/** Module-local copy: imported bindings can compile to getters (tsx/esbuild). */
const ULEB128_LIMIT = MAX_ULEB128_SIZE;

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

  /** `dataOffsets` are string_data_off values as in the file (relative to the dex start). */
  constructor(
    private readonly reader: ByteReader,
    private readonly dataOffsets: Uint32Array,
    private readonly budget: WorkBudget,
  ) {
    this.cache = new Array<string | undefined>(dataOffsets.length);
    let increasing = true;
    for (let index = 1; index < dataOffsets.length && increasing; index++) increasing = (dataOffsets[index] as number) > (dataOffsets[index - 1] as number);
    this.distinctData = increasing;
  }

  get count(): number {
    return this.dataOffsets.length;
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

  /** True when `index` names a string (for callers that must not show placeholders). */
  has(index: number): boolean {
    return index >= 0 && index < this.dataOffsets.length;
  }

  private decode(index: number): string {
    const relative = this.dataOffsets[index] as number;
    const bytes = this.reader.bytes;
    if (relative >= bytes.length) {
      this.note(index, relative, 'dex.string-data-out-of-range', `string_data_off 0x${relative.toString(16)} is past the end of the dex`);
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
    if (this.budget.exhausted) {
      this.note(index, relative, 'dex.work-budget', `string ${index} not decoded: the work budget of this dex is spent (overlapping string data)`);
      return '';
    }
    const limit = Math.min(bytes.length, position + this.budget.remaining);
    this.view ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = decodeMutf8(bytes, position, limit, this.view);
    this.budget.spend(result.end - relative, undefined, this.reader.base + relative);
    if (!result.terminated && limit < bytes.length) {
      this.note(index, relative, 'dex.work-budget', `string ${index} cut short: the work budget of this dex is spent (overlapping string data)`);
    } else if (result.problem) {
      const code = result.terminated ? 'dex.string-invalid-mutf8' : 'dex.string-unterminated';
      this.note(index, result.problem.position, code, `string ${index}: ${result.problem.detail}`);
    } else if (result.utf16Length !== declared) {
      this.note(index, relative, 'dex.string-size-mismatch',
        `string ${index}: utf16_size says ${declared} code units, data has ${result.utf16Length}`);
    }
    return result.value;
  }

  private note(index: number, relative: number, code: string, detail: string): void {
    if (!this.anomalies.has(index)) this.anomalies.set(index, { index, offset: this.reader.base + relative, code, detail });
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
      sink.add(anomaly.code, anomaly.offset, anomaly.detail, anomaly.code === 'dex.string-size-mismatch' ? 'warning' : 'error');
    }
  }
}

/**
 * Order of string_ids (DEX spec: sorted by contents as UTF-16 values; ART's
 * verifier compares the decoded UTF-16 code units, as JavaScript does).
 */
function compareCodePoints(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
