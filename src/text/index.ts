/** Text tools for findings: script detection, CC-CEDICT gloss, the multilingual lexicon. */
export { gloss, ATTRIBUTION, MAX_GLOSS_INPUT } from './gloss.js';
export { parseDictionary, readDictionary, cedictPath } from './cedict.js';
export { Dictionaries } from './dictionaries.js';
export { segment } from './segment.js';
export {
  LEXICON,
  matchLexicon,
  classifyText,
  localeLanguage,
  primaryCategory,
  MAX_MATCH_LENGTH,
  type LexiconMatch,
  type CategoryMatch,
} from './lexicon.js';
export {
  claimText,
  clipText,
  Glosser,
  quoteText,
  categoriesOf,
  GLOSS_SOURCE,
  type CategoryEvidence,
} from './annotate.js';
export { isHan } from './script.js';
