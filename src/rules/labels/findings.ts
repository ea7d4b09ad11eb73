/** Classifies enumerations with the lexicon and turns each (enumeration, category) into a finding. */
import type { Confidence, Finding } from '../../findings/types.js';
import type { DataCategory } from '../../findings/vocabulary.js';
import {
  claimText,
  classifyText,
  localeLanguage,
  englishGloss,
  GLOSS_SOURCE,
  GLOSS_SOURCE_ARGUMENT,
  type CategoryMatch,
  type LexiconMatch,
} from '../../text/index.js';
import type { Enumeration, LabelItem } from './types.js';

export const RULE_ID = 'labels';
/** Items listed (and cited) per finding at most; `count` gives the total. */
const MAX_LISTED_ITEMS = 50;
/** Items quoted in the one-line claim. */
const CLAIM_ITEMS = 4;
const CLAIM_TEXT_LENGTH = 60;

const SOURCE_WORDS: Readonly<Record<string, string>> = {
  'labels.string-array': 'String array',
  'labels.strings': "The app's string resources",
  'labels.code-cluster': 'Constant strings in method',
  'labels.asset': 'Asset',
  'labels.asset-name': 'The names of the files shipped in assets',
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
const WEAK_AGREEMENT_MINIMUM = 3;

/** Distinct strong strings a category needs inside a code cluster (one word in a method's log messages is not a list). */
const CODE_CLUSTER_CATEGORY_MINIMUM = 2;

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

/** Per-enumeration classification cache: one per language (resource locale), text → categories. */
interface LanguageTexts {
  readonly language: string | undefined;
  readonly texts: Map<string, CategoryMatch[]>;
}

/**
 * The categories of every item, grouped by category in order of first appearance. Kept small
 * and apart from the finding assembly: this loop runs over up to ~100k strings per app, and
 * the whole function being one was recompiled by TurboFan 3-5 times a scan at 90-280 ms each.
 */
function classifyItems(enumeration: Enumeration): Map<DataCategory, Classified[]> {
  const byCategory = new Map<DataCategory, Classified[]>();
  // Untranslated strings repeat in every locale: each distinct text is classified once per language.
  const byLocale = RESOURCE_SOURCES.has(enumeration.code);
  const plain: LanguageTexts = { language: undefined, texts: new Map() };
  const perLocale = new Map<string, LanguageTexts>();
  const perLanguage = new Map<string, LanguageTexts>();
  for (const item of enumeration.items) {
    // A resource string's locale says its language: "Visa alla" (sv) is "show all", not a visa.
    const cache = byLocale ? localeTexts(item.where, perLocale, perLanguage, plain) : plain;
    let categories = cache.texts.get(item.text);
    if (categories === undefined) {
      categories = classifyText(item.text, cache.language);
      cache.texts.set(item.text, categories);
    }
    for (const match of categories) {
      const classified: Classified = { item, matches: match.matches, weak: match.weakOnly };
      const list = byCategory.get(match.category);
      if (list === undefined) byCategory.set(match.category, [classified]);
      else list.push(classified);
    }
  }
  return byCategory;
}

function localeTexts(
  locale: string,
  perLocale: Map<string, LanguageTexts>,
  perLanguage: Map<string, LanguageTexts>,
  plain: LanguageTexts,
): LanguageTexts {
  let cache = perLocale.get(locale);
  if (cache === undefined) {
    const language = localeLanguage(locale);
    if (language === undefined) cache = plain;
    else {
      cache = perLanguage.get(language);
      if (cache === undefined) {
        cache = { language, texts: new Map() };
        perLanguage.set(language, cache);
      }
    }
    perLocale.set(locale, cache);
  }
  return cache;
}

/** A string-array's items per locale (`items[zh-rCN]` and its gloss), the same for every category of the array. */
function arrayItemArgs(enumeration: Enumeration): Array<readonly [string, string]> {
  const perLocale = new Map<string, string[]>();
  for (const item of enumeration.items) {
    const texts = perLocale.get(item.where);
    if (texts === undefined) perLocale.set(item.where, [item.text]);
    else texts.push(item.text);
  }
  const out: Array<readonly [string, string]> = [];
  for (const [locale, texts] of perLocale) {
    out.push([`items[${locale}]`, texts.join(' / ')]);
    const glosses = texts.map((text) => englishGloss(text));
    if (glosses.some((gloss) => gloss !== undefined))
      out.push([`items[${locale}].gloss`, glosses.map((gloss, index) => gloss ?? texts[index]).join(' / ')]);
  }
  return out;
}

/** One listed item of the `items` argument (gloss only when there is one: a fixed key order either way). */
function listedItem(entry: Classified, english: string | undefined): object {
  const terms = entry.matches.map((match) => match.entry.term);
  return english
    ? { text: entry.item.text, where: entry.item.where, gloss: english, terms }
    : { text: entry.item.text, where: entry.item.where, terms };
}

function distinctTexts(entries: readonly Classified[]): Set<string> {
  const texts = new Set<string>();
  for (const entry of entries) texts.add(entry.item.text);
  return texts;
}

export function classifyEnumeration(enumeration: Enumeration): Finding[] {
  const findings: Finding[] = [];
  let arrayArgs: Array<readonly [string, string]> | undefined;
  for (const [category, classified] of classifyItems(enumeration)) {
    const strong: Classified[] = [];
    const weak: Classified[] = [];
    for (const entry of classified) (entry.weak ? weak : strong).push(entry);
    const weakAgreement =
      strong.length === 0 &&
      enumeration.code !== 'labels.code-cluster' &&
      distinctInOnePlace(enumeration, classified) >= WEAK_AGREEMENT_MINIMUM;
    if (strong.length === 0 && !weakAgreement) continue;
    const distinct = distinctTexts(strong).size;
    if (enumeration.code === 'labels.code-cluster' && distinct < CODE_CLUSTER_CATEGORY_MINIMUM) continue;
    const ordered = strong.concat(weak);
    const listed = ordered.slice(0, MAX_LISTED_ITEMS);
    const glosses = listed.map((entry) => englishGloss(entry.item.text));
    const matchedTerms = new Set<string>();
    for (const entry of listed)
      for (const match of entry.matches)
        matchedTerms.add(`${match.entry.term} (${match.entry.language}: ${match.entry.english})`);
    const args: Record<string, string | number | boolean> = {
      source: enumeration.name,
      category,
      count: ordered.length,
      weakTermsOnly: weakAgreement,
      items: JSON.stringify(listed.map((entry, index) => listedItem(entry, glosses[index]))),
      matchedTerms: [...matchedTerms].join('; '),
    };
    if (glosses.some((english) => english !== undefined)) args[GLOSS_SOURCE_ARGUMENT] = GLOSS_SOURCE;
    let locales = '';
    if (enumeration.code === 'labels.string-array') {
      // Every item of the array, matching or not: the whole enumeration is the evidence (无 / 伊斯兰教 / 佛教 …).
      arrayArgs ??= arrayItemArgs(enumeration);
      for (const [key, value] of arrayArgs) args[key] = value;
      locales = ` (${distinctLocales(enumeration)} locale(s))`;
    }
    const quoted = [...distinctTexts(ordered)];
    const sample = quoted.slice(0, CLAIM_ITEMS).map(quote).join(', ');
    findings.push({
      ruleId: RULE_ID,
      code: enumeration.code,
      topic: 'labels',
      category,
      claim: `${SOURCE_WORDS[enumeration.code] ?? 'Source'} ${enumeration.code === 'labels.strings' || enumeration.code === 'labels.asset-name' ? '' : `${clip(enumeration.name)} `}names ${category}: ${sample}${quoted.length > CLAIM_ITEMS ? ` and ${quoted.length - CLAIM_ITEMS} more` : ''}${locales}`,
      args,
      confidence: weakAgreement ? 'low' : confidence(enumeration, distinct),
      evidence: listed.map((entry) => entry.item.evidence),
    });
  }
  return findings;
}

function distinctLocales(enumeration: Enumeration): number {
  const locales = new Set<string>();
  for (const item of enumeration.items) locales.add(item.where);
  return locales.size;
}
