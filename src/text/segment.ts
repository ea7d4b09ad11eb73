/**
 * Splits text into runs: Han text segmented into dictionary words, other text into words and
 * separators. A word is a CC-CEDICT headword or a word of the override table (gloss-overrides.ts:
 * 机主, SIM卡). Each run of Han characters is segmented by maximum matching in both directions
 * (the longest word at each position, from the start and from the end, as MMSEG-style segmenters
 * do) and the reading with fewer words wins, then the one with fewer single characters, then the
 * forward one: 身份证号码 is one headword; 请输入机主身份证号 is 请 | 输入 | 机主 | 身份证号.
 * Headwords that start with Latin letters (CC-CEDICT's TF卡, the table's SIM卡) are words too.
 */
import { MAX_HEADWORD_LENGTH, type Dictionary } from './cedict.js';
import { OWN_GLOSSES } from './gloss-overrides.js';
import { isHan, isWordCharacter } from './script.js';

export interface Segment {
  readonly text: string;
  /** Code-unit offset in the input. */
  readonly offset: number;
  /** 'word' for a dictionary word (or an unknown Han character), 'text' for a non-Han word, 'space' for separators. */
  readonly kind: 'word' | 'text' | 'space';
}

/** A word of the segmenter: a CC-CEDICT headword or one of the override table's own glosses. */
function isSegmenterWord(word: string, dictionary: Dictionary): boolean {
  return OWN_GLOSSES.has(word) || dictionary.has(word);
}

/** Longest Latin prefix of a mixed headword (CC-CEDICT's are abbreviations: TF卡, T恤, B超). */
const MAX_LATIN_PREFIX = 8;
const ASCII_ALPHANUMERIC = /^[A-Za-z0-9]$/;

/** Segments `text` (the caller bounds its length). */
export function segment(text: string, dictionary: Dictionary): Segment[] {
  const characters = Array.from(text);
  const offsets: number[] = [];
  let unit = 0;
  for (const character of characters) {
    offsets.push(unit);
    unit += character.length;
  }
  const word = (start: number, end: number): string => characters.slice(start, end).join('');
  const segments: Segment[] = [];
  let index = 0;
  while (index < characters.length) {
    const character = characters[index]!;
    if (isHan(character)) {
      let end = index;
      while (end < characters.length && isHan(characters[end]!)) end++;
      for (const [start, stop] of segmentHanRun(index, end, word, dictionary))
        segments.push({ text: word(start, stop), offset: offsets[start]!, kind: 'word' });
      index = end;
      continue;
    }
    const wordCharacter = isWordCharacter(character);
    let end = index + 1;
    while (end < characters.length && !isHan(characters[end]!) && isWordCharacter(characters[end]!) === wordCharacter)
      end++;
    const mixed = wordCharacter ? mixedHeadwordEnd(index, end, characters, word, dictionary) : undefined;
    if (mixed !== undefined) {
      segments.push({ text: word(index, mixed), offset: offsets[index]!, kind: 'word' });
      index = mixed;
      continue;
    }
    segments.push({ text: word(index, end), offset: offsets[index]!, kind: wordCharacter ? 'text' : 'space' });
    index = end;
  }
  return segments;
}

/**
 * The end of the longest headword made of the whole Latin word [start, latinEnd) and the Han
 * characters right after it (SIM卡), if there is one.
 */
function mixedHeadwordEnd(
  start: number,
  latinEnd: number,
  characters: readonly string[],
  word: (start: number, end: number) => string,
  dictionary: Dictionary,
): number | undefined {
  if (latinEnd - start > MAX_LATIN_PREFIX || latinEnd >= characters.length || !isHan(characters[latinEnd]!))
    return undefined;
  for (let position = start; position < latinEnd; position++)
    if (!ASCII_ALPHANUMERIC.test(characters[position]!)) return undefined;
  let hanEnd = latinEnd;
  while (hanEnd < characters.length && hanEnd - start < MAX_HEADWORD_LENGTH && isHan(characters[hanEnd]!)) hanEnd++;
  for (let end = hanEnd; end > latinEnd; end--) if (isSegmenterWord(word(start, end), dictionary)) return end;
  return undefined;
}

type Span = readonly [number, number];

/** The words of the Han run [start, end): forward or backward maximum matching, the better reading. */
function segmentHanRun(
  start: number,
  end: number,
  word: (start: number, end: number) => string,
  dictionary: Dictionary,
): Span[] {
  const forward: Span[] = [];
  for (let position = start; position < end;) {
    let length = Math.min(MAX_HEADWORD_LENGTH, end - position);
    while (length > 1 && !isSegmenterWord(word(position, position + length), dictionary)) length--;
    forward.push([position, position + length]);
    position += length;
  }
  if (forward.length === end - start) return forward;
  const backward: Span[] = [];
  for (let position = end; position > start;) {
    let length = Math.min(MAX_HEADWORD_LENGTH, position - start);
    while (length > 1 && !isSegmenterWord(word(position - length, position), dictionary)) length--;
    backward.push([position - length, position]);
    position -= length;
  }
  backward.reverse();
  return better(backward, forward) ? backward : forward;
}

/** Fewer words, then fewer single characters (the usual bidirectional maximum matching heuristics). */
function better(candidate: readonly Span[], incumbent: readonly Span[]): boolean {
  if (candidate.length !== incumbent.length) return candidate.length < incumbent.length;
  const singles = (spans: readonly Span[]): number => spans.filter(([from, to]) => to - from === 1).length;
  return singles(candidate) < singles(incumbent);
}
