/** Classifies enumerations with the lexicon and turns each (enumeration, category) into a finding. */
import type { Confidence, Finding } from '../../findings/types.js';
import type { DataCategory } from '../../findings/vocabulary.js';
import { claimText, classifyText, localeLanguage, englishGloss, GLOSS_SOURCE, GLOSS_SOURCE_ARGUMENT, type LexiconMatch } from '../../text/index.js';
import type { Enumeration, LabelItem } from './types.js';

export const RULE_ID = 'labels';
/** Items listed (and cited) per finding at most; `count` gives the total. */
export const MAX_LISTED_ITEMS = 50;
/** Items quoted in the one-line claim. */
const CLAIM_ITEMS = 4;
const CLAIM_TEXT_LENGTH = 60;

const SOURCE_WORDS: Readonly<Record<string, string>> = {
  'labels.string-array': 'String array',
  'labels.strings': 'The app\'s string resources',
  'labels.code-cluster': 'Constant strings in method',
  'labels.asset': 'Asset',
};

interface Classified {
  readonly item: LabelItem;
  readonly matches: readonly LexiconMatch[];
  readonly weak: boolean;
}

function clip(text: string): string {
  return claimText(text.length > CLAIM_TEXT_LENGTH ? `${text.slice(0, CLAIM_TEXT_LENGTH)}…` : text);
}

function quote(text: string): string {
  const english = englishGloss(text);
  return english === undefined ? `"${clip(text)}"` : `"${clip(text)}" (${clip(english)})`;
}

/**
 * Distinct strings with only weak terms that together name a category
 * (AppManager's config.zh.apk: 已安装版本, 已安装应用… "installed"), reported
 * with low confidence; a single weak word never is.
 */
export const WEAK_AGREEMENT_MINIMUM = 3;

/** Distinct strong strings a category needs inside a code cluster (one word in a method's log messages is not a list). */
export const CODE_CLUSTER_CATEGORY_MINIMUM = 2;

/** Resource enumerations, whose items' `where` is a locale (translations of one string are one string). */
const RESOURCE_SOURCES = new Set(['labels.strings', 'labels.string-array']);

/**
 * Distinct texts that agree: for resources, the most in any one locale, so that one
 * sentence translated into many languages is not taken for many strings (SystemWebView's
 * "Visa alla", "Visas vietnes", "Visa": the Swedish, Latvian… word for "show").
 */
function distinctInOnePlace(enumeration: Enumeration, classified: readonly Classified[]): number {
  if (!RESOURCE_SOURCES.has(enumeration.code)) return new Set(classified.map((entry) => entry.item.text)).size;
  const perLocale = new Map<string, Set<string>>();
  for (const { item } of classified) perLocale.set(item.where, (perLocale.get(item.where) ?? new Set()).add(item.text));
  return Math.max(0, ...[...perLocale.values()].map((texts) => texts.size));
}

function confidence(enumeration: Enumeration, strongDistinct: number): Confidence {
  if (enumeration.code === 'labels.strings') return strongDistinct >= 3 ? 'medium' : 'low';
  // Code strings are often log messages and protocol names (HTTP "location" headers): lexical evidence only.
  if (enumeration.code === 'labels.code-cluster') return 'medium';
  return strongDistinct >= 2 ? 'high' : 'medium';
}

export function classifyEnumeration(enumeration: Enumeration): Finding[] {
  const byCategory = new Map<DataCategory, Classified[]>();
  // Untranslated strings repeat in every locale: each distinct text is classified once.
  const classifiedTexts = new Map<string, ReturnType<typeof classifyText>>();
  const byLocale = RESOURCE_SOURCES.has(enumeration.code);
  for (const item of enumeration.items) {
    // A resource string's locale says its language: "Visa alla" (sv) is "show all", not a visa.
    const language = byLocale ? localeLanguage(item.where) : undefined;
    const key = language === undefined ? item.text : `${language}\u0000${item.text}`;
    let categories = classifiedTexts.get(key);
    if (categories === undefined) {
      categories = classifyText(item.text, language);
      classifiedTexts.set(key, categories);
    }
    for (const match of categories) {
      const list = byCategory.get(match.category) ?? [];
      list.push({ item, matches: match.matches, weak: match.weakOnly });
      byCategory.set(match.category, list);
    }
  }
  const findings: Finding[] = [];
  for (const [category, classified] of byCategory) {
    const strong = classified.filter((entry) => !entry.weak);
    const weakAgreement = strong.length === 0 && enumeration.code !== 'labels.code-cluster' && distinctInOnePlace(enumeration, classified) >= WEAK_AGREEMENT_MINIMUM;
    if (strong.length === 0 && !weakAgreement) continue;
    const ordered = [...strong, ...classified.filter((entry) => entry.weak)];
    const listed = ordered.slice(0, MAX_LISTED_ITEMS);
    const distinct = new Set(strong.map((entry) => entry.item.text)).size;
    if (enumeration.code === 'labels.code-cluster' && distinct < CODE_CLUSTER_CATEGORY_MINIMUM) continue;
    const locales = new Set(enumeration.items.map((item) => item.where));
    const args: Record<string, string | number | boolean> = {
      source: enumeration.name, category, count: ordered.length, weakTermsOnly: weakAgreement,
      items: JSON.stringify(listed.map((entry) => {
        const english = englishGloss(entry.item.text);
        return { text: entry.item.text, where: entry.item.where, ...(english ? { gloss: english } : {}), terms: entry.matches.map((match) => match.entry.term) };
      })),
      matchedTerms: [...new Set(listed.flatMap((entry) => entry.matches.map((match) => `${match.entry.term} (${match.entry.language}: ${match.entry.english})`)))].join('; '),
    };
    if (listed.some((entry) => englishGloss(entry.item.text) !== undefined)) args[GLOSS_SOURCE_ARGUMENT] = GLOSS_SOURCE;
    if (enumeration.code === 'labels.string-array') {
      // Every item of the array, matching or not: the whole enumeration is the evidence (无 / 伊斯兰教 / 佛教 …).
      const perLocale = new Map<string, string[]>();
      for (const item of enumeration.items) perLocale.set(item.where, [...(perLocale.get(item.where) ?? []), item.text]);
      for (const [locale, texts] of perLocale) {
        args[`items[${locale}]`] = texts.join(' / ');
        const glosses = texts.map((text) => englishGloss(text));
        if (glosses.some((gloss) => gloss !== undefined)) args[`items[${locale}].gloss`] = glosses.map((gloss, index) => gloss ?? texts[index]).join(' / ');
      }
    }
    const quoted = new Set(ordered.map((entry) => entry.item.text)).size;
    const sample = [...new Set(ordered.map((entry) => entry.item.text))].slice(0, CLAIM_ITEMS).map(quote).join(', ');
    findings.push({
      ruleId: RULE_ID, code: enumeration.code, topic: 'labels', category,
      claim: `${SOURCE_WORDS[enumeration.code] ?? 'Source'} ${enumeration.code === 'labels.strings' ? '' : `${clip(enumeration.name)} `}names ${category}: ${sample}${quoted > CLAIM_ITEMS ? ` and ${quoted - CLAIM_ITEMS} more` : ''}${enumeration.code === 'labels.string-array' ? ` (${locales.size} locale(s))` : ''}`,
      args, confidence: weakAgreement ? 'low' : confidence(enumeration, distinct),
      evidence: listed.map((entry) => entry.item.evidence),
    });
  }
  return findings;
}
