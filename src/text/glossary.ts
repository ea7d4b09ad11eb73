/**
 * Hand-written glossary for Russian and Uyghur (Arabic script) words, used by
 * gloss() for strings CC-CEDICT cannot cover. It holds the lexicon's Russian
 * and Uyghur terms (sources in lexicon-other.ts) plus common form words
 * below (Wiktionary, https://en.wiktionary.org, CC BY-SA; Schwarz, "An
 * Uyghur–English Dictionary", 1992). Lookup is by lower-case word, then by the
 * longest lexicon stem the word starts with (Russian and Uyghur add endings).
 */
import type { LexiconLanguage } from './lexicon-types.js';
import { RUSSIAN_TERMS, UYGHUR_TERMS } from './lexicon-other.js';

export interface GlossaryEntry {
  readonly word: string;
  readonly language: LexiconLanguage;
  readonly english: string;
  /** True when the word only starts with a stem (`паспорта` from `паспорт`). */
  readonly stem: boolean;
}

const FORM_WORDS: ReadonlyArray<readonly [string, LexiconLanguage, string]> = [
  ['фамилия', 'ru', 'surname'],
  ['имя', 'ru', 'first name'],
  ['отчество', 'ru', 'patronymic'],
  ['номер', 'ru', 'number'],
  ['личности', 'ru', 'of identity'],
  ['мобильного', 'ru', 'mobile (genitive)'],
  ['отправить', 'ru', 'send; submit'],
  ['использует', 'ru', 'uses'],
  ['знак', 'ru', 'sign; plate'],
  ['полевой', 'ru', 'field (adjective)'],
  ['номерной', 'ru', 'numbered; number (adjective)'],
  ['за', 'ru', 'behind; beyond'],
  ['границу', 'ru', 'border (accusative)'],
  ['опрос', 'ru', 'survey'],
  ['да', 'ru', 'yes'],
  ['нет', 'ru', 'no'],
  ['дата', 'ru', 'date'],
  ['рождения', 'ru', 'of birth'],
  ['ئىسىم', 'ug', 'name'],
  ['فامىلە', 'ug', 'surname'],
  ['نومۇر', 'ug', 'number'],
  ['نومۇرى', 'ug', 'number (possessive)'],
  ['ھەئە', 'ug', 'yes'],
  ['ياق', 'ug', 'no'],
  ['تۇغۇلغان', 'ug', 'born'],
  ['ۋاقتى', 'ug', 'time; date'],
  ['يوللاش', 'ug', 'to send; submit'],
];

/** Whole words and stems (longest first), built once when the module loads and read only after. */
function glossaryTables(): { words: ReadonlyMap<string, GlossaryEntry>; stems: readonly GlossaryEntry[] } {
  const words = new Map<string, GlossaryEntry>();
  const stems: GlossaryEntry[] = [];
  for (const entry of [...RUSSIAN_TERMS, ...UYGHUR_TERMS]) {
    if (entry.term.includes(' ')) continue;
    const word = entry.term.toLowerCase();
    const item: GlossaryEntry = {
      word,
      language: entry.language,
      english: entry.english,
      stem: entry.mode === 'prefix',
    };
    if (item.stem) stems.push(item);
    else if (!words.has(word)) words.set(word, item);
  }
  for (const [word, language, english] of FORM_WORDS) words.set(word, { word, language, english, stem: false });
  stems.sort((a, b) => b.word.length - a.word.length);
  return { words, stems };
}

const { words: WORDS, stems: STEMS } = glossaryTables();

/** The glossary entry for one word (any case), or undefined. */
export function lookupWord(word: string): GlossaryEntry | undefined {
  const lower = word.toLowerCase();
  const exact = WORDS.get(lower);
  if (exact !== undefined) return exact;
  return STEMS.find((stem) => lower.startsWith(stem.word));
}
