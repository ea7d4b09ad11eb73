/**
 * Two-character index terms for short searches outside ASCII.
 *
 * The FTS5 trigram tokenizer cannot look up a term shorter than three characters, and
 * Chinese words are often two (宗教 religion, 民族 ethnicity, 户籍 household register).
 * Every pair of adjacent characters of a string in which at least one is of a script
 * written without spaces between words (Han, Hiragana, Katakana) or with short
 * syllable blocks (Hangul) is kept in `text_bigrams` (lower case; `string_bigrams` before migration 3), so such a term is
 * an index lookup instead of a LIKE scan of every string. Pairs of other scripts are
 * left out: indexing every pair of every Cyrillic or Arabic translation multiplied the
 * index (740k rows for the 95 corpus apps, against tens of thousands for CJK only),
 * for two-letter searches ("id", "ип") that say little; those use LIKE.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WHITESPACE = /\s/u;

export function bigramsOf(text: string): Set<string> {
  const out = new Set<string>();
  if (!CJK.test(text)) return out; // most strings: one regex pass instead of one per character
  const characters = [...text.toLowerCase()];
  for (let index = 0; index + 1 < characters.length; index += 1) {
    const first = characters[index] as string;
    const second = characters[index + 1] as string;
    if (WHITESPACE.test(first) || WHITESPACE.test(second)) continue;
    if (!CJK.test(first) && !CJK.test(second)) continue;
    out.add(first + second);
  }
  return out;
}

/** True when a query is answered from text_bigrams: exactly two characters, one of them CJK. */
export function isBigramQuery(term: string): boolean {
  const characters = [...term];
  return characters.length === 2 && bigramsOf(term).size === 1;
}
