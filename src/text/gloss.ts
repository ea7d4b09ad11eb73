/**
 * Word-by-word English gloss of app strings: Han words from CC-CEDICT,
 * Russian and Uyghur words from the hand glossary, anything else as is.
 * A gloss is a reading aid for a researcher, not a translation.
 */
import type { Dictionary } from './cedict.js';
import { lookupWord } from './glossary.js';
import { segment } from './segment.js';
import { OWN_GLOSSES } from './gloss-overrides.js';
import { scriptOf } from './script.js';

/**
 * CC-CEDICT is licensed CC BY-SA 4.0; every report that shows a gloss must
 * print this line (see docs/gloss.md).
 */
export const ATTRIBUTION =
  'English glosses of Chinese from CC-CEDICT (https://cc-cedict.org, MDBG), licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); Russian and Uyghur glosses, and a few Chinese words CC-CEDICT lacks (机主, SIM卡), from the apkwitness glossary (Wiktionary, CC BY-SA; sources in docs/gloss.md).';

/** Characters of input glossed; the rest is reported as truncated (hostile apps ship 33k-char strings). */
export const MAX_GLOSS_INPUT = 2048;
/** Separator between glossed words in `english`. */
const GLOSS_SEPARATOR = ' | ';

interface GlossSegment {
  readonly text: string;
  readonly pinyin?: string;
  /** First sense (or glossary meaning); undefined when the word is unknown or needs no gloss. */
  readonly english?: string;
  /** Up to three senses, for Han words. */
  readonly senses?: readonly string[];
}

export interface Gloss {
  readonly segments: readonly GlossSegment[];
  /** The words' glosses in order, unknown and non-Han/Cyrillic/Arabic words as written. */
  readonly english: string;
  /** True when some word was glossed (false for plain English text). */
  readonly glossed: boolean;
  /** True when the input was longer than MAX_GLOSS_INPUT. */
  readonly truncated: boolean;
}

/** A sense shortened for the one-line gloss: the part before ';', without a leading "(bound form)" note. */
function short(sense: string): string {
  const first = (sense.split(';')[0] ?? sense).trim();
  const bare = first
    .replace(/\s*\([^()]*\)\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return bare.length > 0 ? bare : first;
}

/** The word-by-word gloss of `text` with CC-CEDICT `dictionary` (Dictionaries.cedict()) and the glossary. */
export function gloss(text: string, dictionary: Dictionary): Gloss {
  const truncated = text.length > MAX_GLOSS_INPUT;
  const input = truncated ? text.slice(0, MAX_GLOSS_INPUT) : text;
  const segments: GlossSegment[] = [];
  const words: string[] = [];
  let glossed = false;
  for (const piece of segment(input, dictionary)) {
    if (piece.kind === 'space') {
      segments.push({ text: piece.text });
      continue;
    }
    if (piece.kind === 'word') {
      // The override table's own glosses first: words CC-CEDICT lacks (机主, SIM卡).
      const own = OWN_GLOSSES.get(piece.text);
      const entry = own ? { pinyin: own.pinyin, senses: [own.english] } : dictionary.lookup(piece.text);
      const first = entry?.senses[0];
      if (entry !== undefined && first !== undefined) {
        glossed = true;
        segments.push({ text: piece.text, pinyin: entry.pinyin, english: short(first), senses: entry.senses });
        words.push(short(first));
      } else {
        segments.push({ text: piece.text });
        words.push(piece.text);
      }
      continue;
    }
    const script = scriptOf(Array.from(piece.text)[0] ?? '');
    const known = script === 'cyrillic' || script === 'arabic' ? lookupWord(piece.text) : undefined;
    if (known !== undefined) {
      glossed = true;
      segments.push({ text: piece.text, english: known.english });
      words.push(known.english);
    } else {
      segments.push({ text: piece.text });
      words.push(piece.text);
    }
  }
  return { segments, english: words.join(GLOSS_SEPARATOR), glossed, truncated };
}
