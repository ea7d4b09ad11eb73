/**
 * Helpers for rules that put app strings into findings: the English gloss of
 * a non-English string beside it, quoting in claims, and the strong lexicon
 * categories of a set of texts with the terms that matched.
 */
import type { DataCategory } from '../findings/vocabulary.js';
import { Dictionaries } from './dictionaries.js';
import { gloss, MAX_GLOSS_INPUT } from './gloss.js';
import { classifyText, type LexiconMatch } from './lexicon.js';
import { containsHan, needsGloss } from './script.js';
import type { Dictionary } from './cedict.js';

/**
 * Control characters, bidi overrides/isolates and line separators: shown as
 * `\u{…}` in claims so an app string cannot forge lines, colours or reading
 * order in a one-line claim (fixtures/hostile/hostile-strings.apk plants all of them).
 */
const UNSAFE_IN_CLAIM = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** An app string made safe to put inside a one-line claim (the raw string stays in the args). */
export function claimText(text: string): string {
  return text.replace(UNSAFE_IN_CLAIM, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`);
}

export const GLOSS_SOURCE = 'CC-CEDICT (CC BY-SA 4.0) and the apkwitness Russian/Uyghur glossary';

/**
 * Lowest code unit of a word gloss() can gloss: it glosses Han words (CC-CEDICT) and words
 * starting with a Cyrillic or Arabic letter (glossary); Cyrillic starts at U+0400, Arabic
 * and Han lie above it (supplementary Han as surrogates, U+D800 and up).
 */
const FIRST_GLOSSABLE_UNIT = 0x0400;
/** Glosses a Glosser remembers at most (cleared when full), and the longest text remembered. */
export const GLOSS_MEMO_ENTRIES = 4096;
const GLOSS_MEMO_TEXT_LENGTH = 512;

/** False when gloss() cannot gloss anything in `text`: no code unit of its glossed prefix is at or above U+0400. */
export function mayGloss(text: string): boolean {
  const length = Math.min(text.length, MAX_GLOSS_INPUT);
  for (let index = 0; index < length; index++) if (text.charCodeAt(index) >= FIRST_GLOSSABLE_UNIT) return true;
  return false;
}

/** The dictionary text without Han characters is glossed with: it holds no word. */
const NO_HAN_WORDS: Dictionary = {
  lookup: () => undefined,
  has: () => false,
  size: 0,
  statistics: { lines: 0, milliseconds: 0, heapBytes: 0 },
};

/** englishGloss without the fast path and the memo (tests compare the two). */
export function englishGlossUncached(text: string, dictionaries: Dictionaries): string | undefined {
  if (!needsGloss(text)) return undefined;
  // CC-CEDICT is asked only about words with a Han character (segment.ts, gloss.ts): text
  // without one (Cyrillic, Arabic) glosses the same from the glossary alone, and a scan of an
  // app with no Chinese does not read the dictionary at all.
  const dictionary = containsHan(text.slice(0, MAX_GLOSS_INPUT)) ? dictionaries.cedict() : NO_HAN_WORDS;
  const result = gloss(text, dictionary);
  return result.glossed ? result.english + (result.truncated ? ' …' : '') : undefined;
}

/**
 * The English glosses of one scan's app strings (or one report's): the scan makes one, hands
 * it to every rule through the scan context (RuleContext.text) and drops it with the scan.
 * Rules gloss the same strings several times per finding and across findings, so glosses of
 * short texts are remembered, for this owner's life only.
 */
export class Glosser {
  /** `null`: looked up, no gloss. */
  private readonly memo = new Map<string, string | null>();

  constructor(readonly dictionaries: Dictionaries = new Dictionaries()) {}

  /**
   * The English gloss of `text` when it needs one (non-Latin letters) and something was glossed.
   * Latin-only text returns at once (it was a per-character script scan plus a segmentation,
   * ~0.5 s of a corpus scan).
   */
  englishGloss(text: string): string | undefined {
    if (!mayGloss(text)) return undefined;
    if (text.length > GLOSS_MEMO_TEXT_LENGTH) return englishGlossUncached(text, this.dictionaries);
    const remembered = this.memo.get(text);
    if (remembered !== undefined) return remembered ?? undefined;
    const english = englishGlossUncached(text, this.dictionaries);
    if (this.memo.size >= GLOSS_MEMO_ENTRIES) this.memo.clear();
    this.memo.set(text, english ?? null);
    return english;
  }

  /** `{ text }`, with `gloss` when the text has one: how findings carry an app string (src/findings/args.ts). */
  glossedText(text: string): { readonly text: string; readonly gloss?: string } {
    const english = this.englishGloss(text);
    return english === undefined ? { text } : { text, gloss: english };
  }

  /** Entries remembered (tests check the bound). */
  get memoSize(): number {
    return this.memo.size;
  }
}

/** An app string cut to `limit` characters (with `…`) and made safe for a one-line claim. */
export function clipText(text: string, limit: number): string {
  return claimText(text.length > limit ? `${text.slice(0, limit)}…` : text);
}

/** `"text" (gloss)`, each cut to `limit` characters: how a claim quotes an app string. */
export function quoteText(value: { readonly text: string; readonly gloss?: string }, limit: number): string {
  return value.gloss === undefined
    ? `"${clipText(value.text, limit)}"`
    : `"${clipText(value.text, limit)}" (${clipText(value.gloss, limit)})`;
}

export interface CategoryEvidence {
  readonly category: DataCategory;
  /** The texts that named it, with the terms found in each. */
  readonly sources: Array<{ readonly text: string; readonly where: string; readonly terms: readonly LexiconMatch[] }>;
}

/**
 * The categories named by strong lexicon terms in `texts` (weak terms such
 * as 代理 "proxy; agent" only add to a category a strong term already named).
 */
export function categoriesOf(
  texts: ReadonlyArray<{ readonly text: string; readonly where: string }>,
): CategoryEvidence[] {
  const byCategory = new Map<DataCategory, CategoryEvidence>();
  const weak: Array<{ text: string; where: string; category: DataCategory; terms: readonly LexiconMatch[] }> = [];
  for (const { text, where } of texts) {
    for (const match of classifyText(text)) {
      if (match.weakOnly) {
        weak.push({ text, where, category: match.category, terms: match.matches });
        continue;
      }
      const entry = byCategory.get(match.category) ?? { category: match.category, sources: [] };
      entry.sources.push({ text, where, terms: match.matches });
      byCategory.set(match.category, entry);
    }
  }
  for (const item of weak)
    byCategory.get(item.category)?.sources.push({ text: item.text, where: item.where, terms: item.terms });
  return [...byCategory.values()];
}
