/**
 * Script detection for app strings: which writing system a string is in
 * decides how it is glossed (CC-CEDICT for Han, the hand glossary for
 * Cyrillic and Arabic-script Uyghur) and how lexicon terms match
 * (Han has no spaces between words; the others do).
 */
export type Script = 'han' | 'arabic' | 'cyrillic' | 'latin' | 'other';

const HAN = /\p{Script=Han}/u;
const ARABIC = /\p{Script=Arabic}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;

/** The script of one character (a code point given as a string). */
export function scriptOf(character: string): Script | undefined {
  if (HAN.test(character)) return 'han';
  if (ARABIC.test(character)) return 'arabic';
  if (CYRILLIC.test(character)) return 'cyrillic';
  if (LATIN.test(character)) return 'latin';
  return WORD_CHARACTER.test(character) ? 'other' : undefined;
}

export function isHan(character: string): boolean {
  return HAN.test(character);
}

/** True when `text` holds a Han character anywhere (supplementary ones included). */
export function containsHan(text: string): boolean {
  return HAN.test(text);
}

/** Letters, combining marks and digits: what a word boundary is not. */
export function isWordCharacter(character: string): boolean {
  return WORD_CHARACTER.test(character);
}

/** Letters counted per script (at most `limit` characters are looked at, so hostile long strings stay cheap). */
function scriptCounts(text: string, limit = 4096): Map<Script, number> {
  const counts = new Map<Script, number>();
  let seen = 0;
  for (const character of text) {
    if (seen++ >= limit) break;
    const script = scriptOf(character);
    if (script !== undefined) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return counts;
}

/** True when the string needs a gloss for an English reader (any non-Latin letters). */
export function needsGloss(text: string): boolean {
  for (const script of scriptCounts(text).keys()) if (script !== 'latin') return true;
  return false;
}
