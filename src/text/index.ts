/** Text tools for findings: script detection, CC-CEDICT gloss, the multilingual lexicon. */
export { gloss, ATTRIBUTION, MAX_GLOSS_INPUT, GLOSS_SEPARATOR, type Gloss, type GlossSegment } from './gloss.js';
export { loadDictionary, parseDictionary, cedictPath, type Dictionary, type DictionaryEntry } from './cedict.js';
export { segment, type Segment } from './segment.js';
export { lookupWord, type GlossaryEntry } from './glossary.js';
export {
  LEXICON,
  matchLexicon,
  classifyText,
  localeLanguage,
  primaryCategory,
  MAX_MATCH_LENGTH,
  type LexiconMatch,
  type CategoryMatch,
  type LexiconTerm,
  type LexiconLanguage,
} from './lexicon.js';
export {
  claimText,
  englishGloss,
  putText,
  categoriesOf,
  GLOSS_SOURCE,
  GLOSS_SOURCE_ARGUMENT,
  type CategoryEvidence,
} from './annotate.js';
export { dominantScript, needsGloss, scriptOf, isHan, type Script } from './script.js';
