/**
 * Splits text into runs: Han text segmented into dictionary words by forward
 * longest match (try the longest CC-CEDICT headword at each position, as
 * classic MMSEG-style segmenters do), other text into words and separators.
 * 身份证号码 is one CC-CEDICT headword, so it stays one word.
 */
import { loadDictionary, MAX_HEADWORD_LENGTH, type Dictionary } from './cedict.js';
import { isHan, isWordCharacter } from './script.js';

export interface Segment {
  readonly text: string;
  /** Code-unit offset in the input. */
  readonly offset: number;
  /** 'word' for a dictionary word (or an unknown Han character), 'text' for a non-Han word, 'space' for separators. */
  readonly kind: 'word' | 'text' | 'space';
}

/** Segments `text` (the caller bounds its length). */
export function segment(text: string, dictionary: Dictionary = loadDictionary()): Segment[] {
  const characters = Array.from(text);
  const offsets: number[] = [];
  let unit = 0;
  for (const character of characters) {
    offsets.push(unit);
    unit += character.length;
  }
  const segments: Segment[] = [];
  let index = 0;
  while (index < characters.length) {
    const character = characters[index]!;
    if (isHan(character)) {
      let length = Math.min(MAX_HEADWORD_LENGTH, characters.length - index);
      // The longest run of Han characters bounds the candidates (no headword mixes in spaces).
      let hanRun = 0;
      while (hanRun < length && isHan(characters[index + hanRun]!)) hanRun++;
      length = Math.max(1, hanRun);
      for (; length > 1; length--) {
        if (dictionary.has(characters.slice(index, index + length).join(''))) break;
      }
      segments.push({ text: characters.slice(index, index + length).join(''), offset: offsets[index]!, kind: 'word' });
      index += length;
      continue;
    }
    const word = isWordCharacter(character);
    let end = index + 1;
    while (end < characters.length && !isHan(characters[end]!) && isWordCharacter(characters[end]!) === word) end++;
    segments.push({
      text: characters.slice(index, end).join(''),
      offset: offsets[index]!,
      kind: word ? 'text' : 'space',
    });
    index = end;
  }
  return segments;
}
