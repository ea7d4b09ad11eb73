/**
 * ResStringPool (ResourceTypes.h `struct ResStringPool_header`, ResourceTypes.cpp
 * `ResStringPool::setTo`, `stringAt`, `stringDecodeAt`, `styleAt`), decoded
 * lazily because framework-res.apk holds 100k+ strings.
 *
 * `get()` returns what Android's `stringAt` returns: undefined where Android
 * returns NULL (not NUL-terminated, past the pool, wrong UTF-8 length), the
 * libutils decoding of malformed UTF-8 otherwise. Structural problems that make
 * Android refuse the whole pool are reported with severity 'error' and in
 * `androidRejection`; the pool is still read as far as its bytes allow, so the
 * evidence stays visible.
 */
import { ByteReader, OutOfBoundsError, clampCount } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { RES_STRING_POOL_TYPE, readChunkHeader, validateChunk, chunkTypeName } from './chunk.js';
import { decodeUtf8AsAndroid, androidUtf16Length, unitsToString } from './utf8.js';

/** sizeof(ResStringPool_header): ResChunk_header + stringCount, styleCount, flags, stringsStart, stylesStart. */
const RES_STRING_POOL_HEADER_SIZE = 28;
/** ResStringPool_header::UTF8_FLAG: strings are UTF-8 rather than UTF-16. */
const UTF8_FLAG = 1 << 8;
/** ResStringPool_span::END: ends a string's span list. */
const RES_STRING_POOL_SPAN_END = 0xffffffff;
/** sizeof(ResStringPool_span): name (ResStringPool_ref), firstChar, lastChar. */
const RES_STRING_POOL_SPAN_SIZE = 12;
/** sizeof(ResStringPool_ref) and of each string / style offset entry. */
const ENTRY_SIZE = 4;
/** Upper bound of spans read for one string (styles of real apps have a handful). */
const MAX_SPANS_PER_STRING = 4096;

interface StringStyleSpan {
  /** Index of the tag-name string (e.g. "b", "font;color=red"). */
  readonly nameIndex: number;
  readonly firstChar: number;
  readonly lastChar: number;
  /** Absolute offset of the span record. */
  readonly offset: number;
}

export interface StringPool {
  readonly count: number;
  readonly isUtf8: boolean;
  /** Absolute offset of the string pool chunk. */
  readonly offset: number;
  get(index: number): string | undefined;
  styleOf(index: number): readonly StringStyleSpan[] | undefined;
  /** Number of style entries (strings with spans come first). */
  readonly styleCount?: number;
  readonly flags?: number;
  /** Why Android's ResStringPool::setTo would refuse this pool (making every lookup fail), if it would. */
  readonly androidRejection?: string;
  /** Absolute offset of the string's length prefix, if its entry lies inside the pool. */
  stringOffset?(index: number): number | undefined;
  /**
   * `get()`, or where Android reads nothing, the string by its declared length
   * alone (clamped to the pool), as older Android and most tools read it:
   * evidence hidden from current Android (AndroidManifest_StringNotTerminated.xml).
   */
  getLenient?(index: number): string | undefined;
}

/** Longest recovered text quoted in a diagnostic. */
const MAX_QUOTED_CHARS = 120;

interface PoolLayout {
  stringCount: number;
  styleCount: number;
  flags: number;
  isUtf8: boolean;
  entriesStart: number;
  /** Start and size in bytes of the string data, relative to the chunk. */
  stringsStart: number;
  stringsBytes: number;
  stylesStart: number;
  stylesBytes: number;
  rejection?: string;
}

/** Reads a string pool; `reader` covers exactly the chunk (header included). */
export function readStringPool(reader: ByteReader, sink: DiagnosticSink): StringPool {
  const layout = readLayout(reader, sink);
  return new LazyStringPool(reader, sink, layout);
}

function reject(layout: PoolLayout, sink: DiagnosticSink, offset: number, reason: string): void {
  if (layout.rejection === undefined) layout.rejection = reason;
  sink.add('res.string-pool-android-rejects', offset, `string pool: ${reason}; Android refuses the pool`, 'error');
}

function readLayout(reader: ByteReader, sink: DiagnosticSink): PoolLayout {
  const layout: PoolLayout = {
    stringCount: 0,
    styleCount: 0,
    flags: 0,
    isUtf8: false,
    entriesStart: 0,
    stringsStart: 0,
    stringsBytes: 0,
    stylesStart: 0,
    stylesBytes: 0,
  };
  const size = reader.length;
  if (size < RES_STRING_POOL_HEADER_SIZE) {
    reject(layout, sink, reader.base, `${size} bytes are too few for a ResStringPool_header`);
    return layout;
  }
  const header = readChunkHeader(reader, 0);
  if (header.type !== RES_STRING_POOL_TYPE) {
    sink.add('res.string-pool-type', reader.base, `chunk type ${chunkTypeName(header.type)} read as a string pool`);
  }
  const chunkProblem = validateChunk(header, RES_STRING_POOL_HEADER_SIZE, size);
  if (chunkProblem !== undefined) reject(layout, sink, reader.base, chunkProblem);
  // Sizes used below are clamped to the bytes we have, whatever the header claims.
  const declaredSize = Math.min(header.size, size);
  layout.entriesStart = Math.min(header.headerSize, size);
  const declaredStrings = reader.u32At(8);
  const declaredStyles = reader.u32At(12);
  layout.flags = reader.u32At(16);
  layout.isUtf8 = (layout.flags & UTF8_FLAG) !== 0;
  const stringsStart = reader.u32At(20);
  const stylesStart = reader.u32At(24);
  const charSize = layout.isUtf8 ? 1 : 2;

  const entryBytes = size - layout.entriesStart;
  layout.stringCount = clampCount(declaredStrings, entryBytes, ENTRY_SIZE);
  if (layout.stringCount < declaredStrings) {
    reject(layout, sink, reader.base + 8, `${declaredStrings} string entries do not fit in ${entryBytes} bytes`);
  }
  layout.styleCount = clampCount(declaredStyles, entryBytes - layout.stringCount * ENTRY_SIZE, ENTRY_SIZE);
  if (layout.styleCount < declaredStyles) {
    sink.add(
      'res.string-pool-style-count',
      reader.base + 12,
      `${declaredStyles} style entries do not fit; ${layout.styleCount} read`,
      'warning',
    );
  }

  if (declaredStrings > 0) {
    // setTo: "There should be at least space for the smallest string".
    if (stringsStart >= header.size - 2)
      reject(layout, sink, reader.base + 20, `strings start ${stringsStart} is at or after the end`);
    let poolEnd = declaredSize;
    if (declaredStyles > 0) {
      if (stylesStart >= header.size - 2)
        reject(layout, sink, reader.base + 24, `styles start ${stylesStart} is at or after the end`);
      if (stylesStart <= stringsStart)
        reject(
          layout,
          sink,
          reader.base + 24,
          `styles start ${stylesStart} is not after strings start ${stringsStart}`,
        );
      else poolEnd = Math.min(stylesStart, declaredSize);
    }
    layout.stringsStart = Math.min(stringsStart, size);
    // Android measures the pool in characters (mStringPoolSize), so round down to a whole char.
    layout.stringsBytes = Math.floor(Math.max(0, poolEnd - layout.stringsStart) / charSize) * charSize;
    if (layout.stringsBytes === 0) {
      reject(layout, sink, reader.base + 20, `${declaredStrings} strings declared but the pool is empty`);
    } else if (lastCharIsNotNull(reader, layout, charSize)) {
      reject(
        layout,
        sink,
        reader.base + layout.stringsStart + layout.stringsBytes - charSize,
        'last string is not 0-terminated',
      );
    }
  }
  if (declaredStyles > 0) {
    layout.stylesStart = Math.min(stylesStart, size);
    layout.stylesBytes = Math.floor(Math.max(0, declaredSize - layout.stylesStart) / ENTRY_SIZE) * ENTRY_SIZE;
    if (stylesStart >= header.size)
      reject(layout, sink, reader.base + 24, `style pool starts at ${stylesStart}, after the chunk`);
    else if (!endsWithEndSpan(reader, layout))
      reject(layout, sink, reader.base + declaredSize, 'last style is not 0xFFFFFFFF-terminated');
  }
  return layout;
}

function lastCharIsNotNull(reader: ByteReader, layout: PoolLayout, charSize: number): boolean {
  const last = layout.stringsStart + layout.stringsBytes - charSize;
  return (charSize === 1 ? reader.u8At(last) : reader.u16At(last)) !== 0;
}

/** setTo compares the last 12 bytes of the style pool with a full END span. */
function endsWithEndSpan(reader: ByteReader, layout: PoolLayout): boolean {
  const end = layout.stylesStart + layout.stylesBytes;
  if (layout.stylesBytes < RES_STRING_POOL_SPAN_SIZE) return false;
  for (let position = end - RES_STRING_POOL_SPAN_SIZE; position < end; position += ENTRY_SIZE) {
    if (reader.u32At(position) !== RES_STRING_POOL_SPAN_END) return false;
  }
  return true;
}

/** Sentinel in the cache for "Android returns NULL for this index". */
const ANDROID_NULL = null;
/** Bytes below this are ASCII: one UTF-16 unit each, decoded as Latin-1 gives the same text. */
const FIRST_NON_ASCII = 0x80;
/** What a UTF-8 decoder puts in place of a malformed sequence (WHATWG Encoding §4.1, "decoder error"). */
const REPLACEMENT_CHARACTER = '\ufffd';

class LazyStringPool implements StringPool {
  readonly count: number;
  readonly isUtf8: boolean;
  readonly offset: number;
  readonly styleCount: number;
  readonly flags: number;
  readonly androidRejection?: string;
  private readonly cache: Array<string | null | undefined>;
  private readonly strings: ByteReader;
  /** Node Buffer over the string data, made on first use: latin1/utf16le slices decode without a copy. */
  private text: Buffer | undefined;

  constructor(
    private readonly reader: ByteReader,
    private readonly sink: DiagnosticSink,
    private readonly layout: PoolLayout,
  ) {
    this.count = layout.stringCount;
    this.isUtf8 = layout.isUtf8;
    this.offset = reader.base;
    this.styleCount = layout.styleCount;
    this.flags = layout.flags;
    if (layout.rejection !== undefined) this.androidRejection = layout.rejection;
    this.cache = new Array<string | null | undefined>(layout.stringCount);
    this.strings = reader.sliceClamped(layout.stringsStart, layout.stringsBytes);
    this.text = undefined;
  }

  private textView(): Buffer {
    const bytes = this.strings.bytes;
    this.text ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return this.text;
  }

  private entry(index: number): number {
    return this.reader.u32At(this.layout.entriesStart + index * ENTRY_SIZE);
  }

  stringOffset(index: number): number | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const start = this.entry(index);
    return start < this.strings.length ? this.strings.base + start : undefined;
  }

  get(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const cached = this.cache[index];
    if (cached !== undefined) return cached ?? undefined;
    let decoded: string | null;
    try {
      decoded = this.isUtf8 ? this.decodeUtf8(index) : this.decodeUtf16(index);
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      this.sink.add('res.string-past-end', error.offset, `string #${index} runs past the end of the pool`, 'warning');
      decoded = ANDROID_NULL;
    }
    this.cache[index] = decoded;
    return decoded ?? undefined;
  }

  /** stringAt, UTF-16 branch: u16 length (0x8000 = one more u16), then that many units and a 0 unit. */
  private decodeUtf16(index: number): string | null {
    const pool = this.strings;
    const poolUnits = pool.length / 2;
    // mEntries[idx] / sizeof(uint16_t), integer division as in C.
    const unitOffset = Math.floor(this.entry(index) / 2);
    if (unitOffset >= poolUnits - 1) {
      return this.fail(index, pool.base, `entry offset ${unitOffset * 2} is past the pool end ${pool.length}`);
    }
    let position = unitOffset * 2;
    let length = pool.u16At(position);
    position += 2;
    if ((length & 0x8000) !== 0) {
      length = ((length & 0x7fff) << 16) | pool.u16At(position);
      position += 2;
    }
    if (position / 2 + length >= poolUnits) {
      return this.fail(index, pool.base + unitOffset * 2, `length ${length} runs past the pool end`);
    }
    // Reject malformed (non null-terminated) strings, as stringAt does.
    if (pool.u16At(position + length * 2) !== 0) {
      return this.fail(index, pool.base + unitOffset * 2, 'is not 0-terminated', 'res.string-unterminated');
    }
    // The units lie inside the pool (checked above); utf16le keeps lone surrogates as String.fromCharCode does.
    return this.textView().toString('utf16le', position, position + length * 2);
  }

  /** stringAt, UTF-8 branch: u16 length then u8 length (each 1-2 bytes, 0x80 = one more byte). */
  private decodeUtf8(index: number): string | null {
    const pool = this.strings;
    const start = this.entry(index);
    if (start >= pool.length - 1) {
      return this.fail(index, pool.base, `entry offset ${start} is past the pool end ${pool.length}`);
    }
    let position = start;
    let utf16Length = pool.u8At(position++);
    if ((utf16Length & 0x80) !== 0) utf16Length = ((utf16Length & 0x7f) << 8) | pool.u8At(position++);
    let encodedLength = pool.u8At(position++);
    if ((encodedLength & 0x80) !== 0) encodedLength = ((encodedLength & 0x7f) << 8) | pool.u8At(position++);
    if (position + encodedLength >= pool.length) {
      return this.fail(index, pool.base + start, `length ${encodedLength} runs past the pool end`);
    }
    // stringDecodeAt: aapt truncated lengths over 0x7FFF, so Android retries with the
    // high bits set (len | k<<15) until it meets the terminating 0 inside the pool.
    let byteLength = encodedLength;
    for (let retry = 0; ;) {
      if (position + byteLength >= pool.length) {
        return this.fail(index, pool.base + start, 'is not 0-terminated', 'res.string-unterminated');
      }
      if (pool.u8At(position + byteLength) === 0) break;
      byteLength = ++retry * 0x8000 + encodedLength;
    }
    if (byteLength !== encodedLength) {
      this.sink.add(
        'res.string-length-truncated',
        pool.base + start,
        `string #${index} is longer (${byteLength} bytes) than its length says`,
        'info',
      );
    }
    // Fast paths, same text as decodeUtf8AsAndroid, without a subarray, a TextDecoder call or a result object
    // (decoding all 201,855 strings of the 109 corpus tables: best 0.101 → 0.084 s CPU). ASCII (most keys and values) is one unit
    // per byte; other text goes through Node's UTF-8 decoder, which replaces every malformed sequence with
    // U+FFFD, so text without U+FFFD was well-formed (with one, the exact path below decides). The bytes lie
    // inside the pool: the terminator was found above.
    const end = position + byteLength;
    const data = pool.bytes;
    let ascii = true;
    for (let cursor = position; cursor < end; cursor++) {
      if (data[cursor]! >= FIRST_NON_ASCII) {
        ascii = false;
        break;
      }
    }
    const fast = this.textView().toString(ascii ? 'latin1' : 'utf8', position, end);
    if (ascii || !fast.includes(REPLACEMENT_CHARACTER)) {
      if ((fast.length & 0x7fff) !== utf16Length) {
        return this.fail(
          index,
          pool.base + start,
          `decoded length ${fast.length} differs from the declared ${utf16Length}`,
        );
      }
      return fast;
    }
    const bytes = pool.bytesAt(position, byteLength);
    const decoded = decodeUtf8AsAndroid(bytes);
    // For well-formed UTF-8 libutils' utf8_to_utf16_length equals the decoded length.
    const actual = decoded.wellFormed ? decoded.text.length : androidUtf16Length(bytes);
    if (actual < 0 || (actual & 0x7fff) !== utf16Length) {
      return this.fail(index, pool.base + start, `decoded length ${actual} differs from the declared ${utf16Length}`);
    }
    if (!decoded.wellFormed) {
      this.sink.add(
        'res.string-invalid-utf8',
        pool.base + position,
        `string #${index} is not well-formed UTF-8; decoded as Android's libutils does`,
        'warning',
      );
    }
    return decoded.text;
  }

  private fail(index: number, offset: number, reason: string, code = 'res.string-unreadable'): null {
    const recovered = this.recover(index);
    const quoted =
      recovered === undefined ? '' : `; by its declared length it reads "${recovered.slice(0, MAX_QUOTED_CHARS)}"`;
    this.sink.add(code, offset, `string #${index} ${reason}; Android reads no string here${quoted}`, 'warning');
    return ANDROID_NULL;
  }

  getLenient(index: number): string | undefined {
    return this.get(index) ?? this.recover(index);
  }

  /** Reads a string by its declared length only, clamped to the pool; no terminator or length checks. */
  private recover(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const pool = this.strings;
    try {
      if (this.isUtf8) {
        let position = this.entry(index);
        if ((pool.u8At(position++) & 0x80) !== 0) position++;
        let length = pool.u8At(position++);
        if ((length & 0x80) !== 0) length = ((length & 0x7f) << 8) | pool.u8At(position++);
        return decodeUtf8AsAndroid(pool.bytesAt(position, Math.min(length, pool.length - position))).text;
      }
      let position = Math.floor(this.entry(index) / 2) * 2;
      let length = pool.u16At(position);
      position += 2;
      if ((length & 0x8000) !== 0) {
        length = ((length & 0x7fff) << 16) | pool.u16At(position);
        position += 2;
      }
      const units = new Uint16Array(Math.min(length, Math.floor((pool.length - position) / 2)));
      for (let unit = 0; unit < units.length; unit++) units[unit] = pool.u16At(position + unit * 2);
      return unitsToString(units);
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      return undefined;
    }
  }

  styleOf(index: number): readonly StringStyleSpan[] | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.styleCount) return undefined;
    const spans: StringStyleSpan[] = [];
    try {
      const start = this.reader.u32At(this.layout.entriesStart + (this.count + index) * ENTRY_SIZE);
      if (start >= this.layout.stylesBytes) {
        this.sink.add(
          'res.style-unreadable',
          this.reader.base + this.layout.stylesStart,
          `style #${index} starts past the style pool`,
        );
        return undefined;
      }
      const styles = this.reader.sliceClamped(this.layout.stylesStart, this.layout.stylesBytes);
      let position = start;
      for (let count = 0; count < MAX_SPANS_PER_STRING; count++) {
        const nameIndex = styles.u32At(position);
        if (nameIndex === RES_STRING_POOL_SPAN_END) return spans;
        spans.push({
          nameIndex,
          firstChar: styles.u32At(position + 4),
          lastChar: styles.u32At(position + 8),
          offset: styles.base + position,
        });
        position += RES_STRING_POOL_SPAN_SIZE;
      }
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
    }
    this.sink.add(
      'res.style-unterminated',
      this.reader.base + this.layout.stylesStart,
      `style #${index} has no END span within the pool`,
    );
    return spans;
  }
}
