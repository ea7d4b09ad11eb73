/** Entries of the multilingual lexicon: each one is a fact (term, language, category, English gloss). */
import type { DataCategory } from '../findings/vocabulary.js';

export type LexiconLanguage = 'zh' | 'en' | 'ru' | 'ug';

/**
 * How a term must sit in the text. Chinese is written without spaces, so its
 * terms match anywhere ('substring'); Russian and Uyghur inflect by suffixes,
 * so their stems match at a word start ('prefix'); English and short stems
 * match whole words only ('word', a plural -s allowed).
 */
type MatchMode = 'substring' | 'prefix' | 'word';

export interface LexiconTerm {
  readonly term: string;
  readonly language: LexiconLanguage;
  readonly category: DataCategory;
  readonly english: string;
  readonly mode: MatchMode;
  /** Ambiguous outside a form or list (代理 is also "agent"): supports a classification, never makes one alone. */
  readonly weak: boolean;
  /**
   * A phrase that is NOT about the category although a term of it sits inside
   * ("install location", "email address", 电子邮件地址): it classifies nothing and
   * cancels the terms it contains. `category` names the category it guards.
   */
  readonly excludes: boolean;
  /**
   * ISO 639 languages in which the same letters are a common other word (Swedish and
   * Latvian "visa(s)" = "show"/"all"): the term does not count in text of those locales.
   */
  readonly falseFriends: readonly string[] | undefined;
}

const DEFAULT_MODE: Record<LexiconLanguage, MatchMode> = { zh: 'substring', en: 'word', ru: 'prefix', ug: 'prefix' };

/**
 * Every entry is built here with all fields in one order (no optional field added by a
 * spread), so the matcher's loads of entry.mode/.excludes/.falseFriends see one object
 * shape: with some entries carrying `falseFriends` and the notAbout ones a spread copy,
 * matchLexicon and classifyText were deoptimised ("wrong map") and recompiled 5 times a scan.
 */
function lexiconTerm(
  term: string,
  language: LexiconLanguage,
  category: DataCategory,
  english: string,
  mode: MatchMode,
  weak: boolean,
  excludes: boolean,
  falseFriends: readonly string[] | undefined,
): LexiconTerm {
  return { term, language, category, english, mode, weak, excludes, falseFriends };
}

/** Builds the entries of one category in one language from [term, english] pairs; a trailing '?' on the term marks it weak, a trailing '=' whole-word. */
export function terms(
  category: DataCategory,
  language: LexiconLanguage,
  pairs: ReadonlyArray<readonly [string, string] | readonly [string, string, readonly string[]]>,
  excludes = false,
): LexiconTerm[] {
  return pairs.map(([raw, english, falseFriends]) => {
    let term = raw;
    let weak = false;
    let mode = DEFAULT_MODE[language];
    for (;;) {
      if (term.endsWith('?')) {
        weak = true;
        term = term.slice(0, -1);
        continue;
      }
      if (term.endsWith('=')) {
        mode = 'word';
        term = term.slice(0, -1);
        continue;
      }
      break;
    }
    return lexiconTerm(term, language, category, english, mode, weak, excludes, falseFriends);
  });
}

/** Phrases that contain a term of `category` without being about it (see LexiconTerm.excludes). */
export function notAbout(
  category: DataCategory,
  language: LexiconLanguage,
  pairs: ReadonlyArray<readonly [string, string]>,
): LexiconTerm[] {
  return terms(category, language, pairs, true);
}
