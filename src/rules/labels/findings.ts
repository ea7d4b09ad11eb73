/** Classifies enumerations with the lexicon and turns each (enumeration, category) into a finding. */
import type { Confidence, Finding } from '../../findings/types.js';
import type { DataCategory } from '../../findings/vocabulary.js';
import { arg, defineCodes, emitter, type ArgsOf } from '../../findings/contract.js';
import { GLOSS_SOURCE_ARG, LOCALE_LIST, MATCHED_TERM, type LocaleList, type MatchedTerm } from '../../findings/args.js';
import {
  classifyText,
  clipText,
  localeLanguage,
  GLOSS_SOURCE,
  quoteText,
  type CategoryMatch,
  type Glosser,
  type LexiconMatch,
} from '../../text/index.js';
import type { Enumeration, EnumerationKind, LabelItem } from './types.js';

export const RULE_ID = 'labels';
/** Items listed (and cited) per finding at most; `count` gives the total. */
const MAX_LISTED_ITEMS = 50;
/** Items quoted in the one-line claim. */
const CLAIM_ITEMS = 4;
const CLAIM_TEXT_LENGTH = 60;

const LABEL_ARGS = {
  /** Where the enumeration is: `array/religion_choices`, `string resources`, `Lcom/a/B;->m()V`, `assets/x.json`. */
  source: arg.text,
  category: arg.string,
  /** Items naming the category (strong terms first); `items` lists the first 50. */
  count: arg.integer,
  /** Distinct texts among them. */
  distinct: arg.integer,
  /** Only weak terms name the category, in at least three distinct strings of one locale (low confidence). */
  weakTermsOnly: arg.boolean,
  /** The items naming the category: `where` is a locale (resources), `Lc;->m()V@0x12` (code) or `entry@offset` (assets). */
  items: arg.list(
    arg.record({
      text: arg.text,
      where: arg.text,
      gloss: arg.optional(arg.gloss),
      terms: arg.list(arg.string),
    }),
  ),
  /** The lexicon terms that matched the listed items, each once. */
  matchedTerms: arg.list(MATCHED_TERM),
  glossSource: GLOSS_SOURCE_ARG,
  /** string-array only: every item of the array, matching or not, in every locale. */
  byLocale: arg.optional(arg.list(LOCALE_LIST)),
};
type LabelArgs = ArgsOf<typeof LABEL_ARGS>;

/** The claim: where, what it names, the first distinct texts quoted with their glosses. */
function labelMessage(words: string, named: boolean) {
  return (args: LabelArgs): string => {
    const quoted: string[] = [];
    const seen = new Set<string>();
    for (const item of args.items) {
      if (quoted.length >= CLAIM_ITEMS) break;
      if (seen.has(item.text)) continue;
      seen.add(item.text);
      quoted.push(quoteText(item, CLAIM_TEXT_LENGTH));
    }
    const more = args.distinct > CLAIM_ITEMS ? ` and ${args.distinct - CLAIM_ITEMS} more` : '';
    const locales = args.byLocale !== undefined ? ` (${args.byLocale.length} locale(s))` : '';
    return `${words} ${named ? `${clipText(args.source, CLAIM_TEXT_LENGTH)} ` : ''}names ${args.category}: ${quoted.join(', ')}${more}${locales}`;
  };
}

const LABEL_VIEWS = {
  identity: ['source'],
  headline: ['items', 'byLocale'],
  labels: { source: 'source', items: 'items' },
} as const;

export const CODES = defineCodes({
  'string-array': {
    topic: 'labels',
    summary: 'a string-array (any locale) names the category',
    args: LABEL_ARGS,
    message: labelMessage('String array', true),
    views: LABEL_VIEWS,
  },
  strings: {
    topic: 'labels',
    summary: "the app's string resources (every configuration) name the category",
    args: LABEL_ARGS,
    message: labelMessage("The app's string resources", false),
    views: LABEL_VIEWS,
  },
  'code-cluster': {
    topic: 'labels',
    summary: 'a method loads at least three constant strings naming lexicon categories; two name this one',
    args: LABEL_ARGS,
    message: labelMessage('Constant strings in method', true),
    views: LABEL_VIEWS,
  },
  asset: {
    topic: 'labels',
    summary: 'strings of a JSON/CSV/TSV/text/SQLite file under assets/ or res/raw/ name the category',
    args: LABEL_ARGS,
    message: labelMessage('Asset', true),
    views: LABEL_VIEWS,
  },
  'asset-name': {
    topic: 'labels',
    summary:
      'the names of files shipped under assets/ or res/raw/ name the category (terrorism_list.bin, 涉恐人员.dat)',
    args: LABEL_ARGS,
    message: labelMessage('The names of the files shipped in assets', false),
    views: LABEL_VIEWS,
  },
});
const emit = emitter(RULE_ID, CODES);

interface Classified {
  readonly item: LabelItem;
  readonly matches: readonly LexiconMatch[];
  readonly weak: boolean;
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
const RESOURCE_SOURCES: ReadonlySet<EnumerationKind> = new Set(['strings', 'string-array']);

/**
 * Distinct texts that agree: for resources, the most in any one locale, so that one
 * sentence translated into many languages is not taken for many strings (SystemWebView's
 * "Visa alla", "Visas vietnes", "Visa": the Swedish, Latvian… word for "show").
 */
function distinctInOnePlace(enumeration: Enumeration, classified: readonly Classified[]): number {
  if (!RESOURCE_SOURCES.has(enumeration.kind)) return new Set(classified.map((entry) => entry.item.text)).size;
  const perLocale = new Map<string, Set<string>>();
  for (const { item } of classified) perLocale.set(item.where, (perLocale.get(item.where) ?? new Set()).add(item.text));
  return Math.max(0, ...[...perLocale.values()].map((texts) => texts.size));
}

function confidence(enumeration: Enumeration, strongDistinct: number): Confidence {
  if (enumeration.kind === 'strings') return strongDistinct >= 3 ? 'medium' : 'low';
  // Code strings are often log messages and protocol names (HTTP "location" headers): lexical evidence only.
  if (enumeration.kind === 'code-cluster') return 'medium';
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
  const byLocale = RESOURCE_SOURCES.has(enumeration.kind);
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

/** A string-array's items per locale, glossed, the same for every category of the array. */
function arrayItems(enumeration: Enumeration, text: Glosser): LocaleList[] {
  const perLocale = new Map<string, Array<LocaleList['items'][number]>>();
  for (const item of enumeration.items) {
    const english = text.englishGloss(item.text);
    const entry = english === undefined ? { text: item.text } : { text: item.text, gloss: english };
    const texts = perLocale.get(item.where);
    if (texts === undefined) perLocale.set(item.where, [entry]);
    else texts.push(entry);
  }
  return [...perLocale].map(([locale, items]) => ({ locale, items }));
}

/** One listed item of the `items` argument (gloss only when there is one: a fixed key order either way). */
function listedItem(entry: Classified, english: string | undefined): LabelArgs['items'][number] {
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

/** The findings of one enumeration, its items glossed by the scan's `text` (RuleContext.text). */
export function classifyEnumeration(enumeration: Enumeration, text: Glosser): Finding[] {
  const findings: Finding[] = [];
  let byLocale: LocaleList[] | undefined;
  for (const [category, classified] of classifyItems(enumeration)) {
    const strong: Classified[] = [];
    const weak: Classified[] = [];
    for (const entry of classified) (entry.weak ? weak : strong).push(entry);
    const weakAgreement =
      strong.length === 0 &&
      enumeration.kind !== 'code-cluster' &&
      distinctInOnePlace(enumeration, classified) >= WEAK_AGREEMENT_MINIMUM;
    if (strong.length === 0 && !weakAgreement) continue;
    const distinct = distinctTexts(strong).size;
    if (enumeration.kind === 'code-cluster' && distinct < CODE_CLUSTER_CATEGORY_MINIMUM) continue;
    const ordered = strong.concat(weak);
    const listed = ordered.slice(0, MAX_LISTED_ITEMS);
    const glosses = listed.map((entry) => text.englishGloss(entry.item.text));
    const matchedTerms = new Map<string, MatchedTerm>();
    for (const entry of listed)
      for (const match of entry.matches) {
        const { term, language, english } = match.entry;
        const key = `${term}\u0000${language}\u0000${english}`;
        if (!matchedTerms.has(key)) matchedTerms.set(key, { term, language, english });
      }
    // Every item of a string-array, matching or not: the whole enumeration is the evidence (无 / 伊斯兰教 / 佛教 …).
    if (enumeration.kind === 'string-array') byLocale ??= arrayItems(enumeration, text);
    const args: LabelArgs = {
      source: enumeration.name,
      category,
      count: ordered.length,
      distinct: distinctTexts(ordered).size,
      weakTermsOnly: weakAgreement,
      items: listed.map((entry, index) => listedItem(entry, glosses[index])),
      matchedTerms: [...matchedTerms.values()],
      ...(glosses.some((english) => english !== undefined) ? { glossSource: GLOSS_SOURCE } : {}),
      ...(byLocale !== undefined ? { byLocale } : {}),
    };
    findings.push(
      emit(enumeration.kind, {
        category,
        args,
        confidence: weakAgreement ? 'low' : confidence(enumeration, distinct),
        evidence: listed.map((entry) => entry.item.evidence),
      }),
    );
  }
  return findings;
}
