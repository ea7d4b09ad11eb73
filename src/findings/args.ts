/**
 * Argument shapes several rules share (src/findings/contract.ts): an app string with its English
 * gloss, lists of such strings per locale, and the lexicon terms that classified them.
 */
import { arg, type ArgsOf } from './contract.js';

/** An app string and, when it is not in Latin script and something was glossed, its word-by-word English gloss. */
export const GLOSSED_TEXT = arg.record({ text: arg.text, gloss: arg.optional(arg.gloss) });
export type GlossedText = ArgsOf<typeof GLOSSED_TEXT.fields>;

/** One locale's list (a string-array's items, a field's choices): `{ locale: 'zh-rCN', items: [{ text, gloss? }] }`. */
export const LOCALE_LIST = arg.record({ locale: arg.string, items: arg.list(GLOSSED_TEXT) });
export type LocaleList = ArgsOf<typeof LOCALE_LIST.fields>;

/** A lexicon term that matched (src/text/lexicon.ts): the term, its language, its English, and where it matched. */
export const MATCHED_TERM = arg.record({
  term: arg.string,
  language: arg.string,
  english: arg.string,
  where: arg.optional(arg.text),
});
export type MatchedTerm = ArgsOf<typeof MATCHED_TERM.fields>;

/** Names the gloss source whenever a finding carries a gloss (CC BY-SA 4.0 attribution; full text: ATTRIBUTION). */
export const GLOSS_SOURCE_ARG = arg.optional(arg.string);
