/**
 * Helpers for rules that put app strings into findings: the English gloss of
 * a non-English string as a flat finding argument, and the strong lexicon
 * categories of a set of texts with the terms that matched.
 */
import type { DataCategory } from '../findings/vocabulary.js';
import { gloss } from './gloss.js';
import { classifyText, type LexiconMatch } from './lexicon.js';
import { needsGloss } from './script.js';

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

/** Argument naming the gloss source whenever a finding carries a gloss (CC BY-SA 4.0 attribution; full text: ATTRIBUTION). */
export const GLOSS_SOURCE_ARGUMENT = 'glossSource';
export const GLOSS_SOURCE = 'CC-CEDICT (CC BY-SA 4.0) and the apkwitness Russian/Uyghur glossary';

/** The English gloss of `text` when it needs one (non-Latin letters) and something was glossed. */
export function englishGloss(text: string): string | undefined {
  if (!needsGloss(text)) return undefined;
  const result = gloss(text);
  return result.glossed ? result.english + (result.truncated ? ' …' : '') : undefined;
}

/** Sets `args[key]` to the text and `args[key + '.gloss']` to its gloss; returns true when a gloss was added. */
export function putText(args: Record<string, string | number | boolean>, key: string, text: string): boolean {
  args[key] = text;
  const english = englishGloss(text);
  if (english === undefined) return false;
  args[`${key}.gloss`] = english;
  return true;
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
export function categoriesOf(texts: ReadonlyArray<{ readonly text: string; readonly where: string }>): CategoryEvidence[] {
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
  for (const item of weak) byCategory.get(item.category)?.sources.push({ text: item.text, where: item.where, terms: item.terms });
  return [...byCategory.values()];
}
