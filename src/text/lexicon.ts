/**
 * The multilingual lexicon as one Aho-Corasick automaton (Aho & Corasick,
 * "Efficient string matching", CACM 1975): every term of every language is
 * found in one left-to-right pass over the text, in time linear in the text
 * plus the matches, however many terms there are. App string tables hold up
 * to ~100k strings, so a per-term scan would not do. Text is compared lower
 * case, code unit by code unit (a character whose lower case changes length
 * is compared as is, so offsets stay those of the original text).
 */
import type { DataCategory } from '../findings/vocabulary.js';
import { CHINESE_TERMS } from './lexicon-zh.js';
import { ENGLISH_TERMS, RUSSIAN_TERMS, UYGHUR_TERMS } from './lexicon-other.js';
import type { LexiconTerm } from './lexicon-types.js';
import { isHan, isWordCharacter } from './script.js';

export type { LexiconTerm } from './lexicon-types.js';

/** Every entry, all languages. */
export const LEXICON: readonly LexiconTerm[] = [...CHINESE_TERMS, ...ENGLISH_TERMS, ...RUSSIAN_TERMS, ...UYGHUR_TERMS];

/** Text scanned per string: longer strings are matched on their first MAX_MATCH_LENGTH code units (a 33k-char hostile string stays cheap). */
export const MAX_MATCH_LENGTH = 8192;
/** Matches reported per string at most. */
const MAX_MATCHES = 256;
/** English plural endings a whole-word term may carry (`contacts`, `passports`). */
const PLURAL_SUFFIXES = ['s', 'es'];
const IDENTIFIER_JOINER = '_';
const HYPHEN = '-';

export interface LexiconMatch {
  readonly entry: LexiconTerm;
  /** Code-unit offsets in the original text. */
  readonly start: number;
  readonly end: number;
}

interface Automaton {
  readonly goto: Array<Map<number, number>>;
  /** The root's transitions as a dense table (0 = stay at the root): most positions of most strings are at the root. */
  readonly root: Int32Array;
  readonly fail: Int32Array;
  /** Terms ending at each state (own and inherited through failure links). */
  readonly outputs: Array<readonly number[]>;
  /**
   * Next state for an ASCII code unit (any case), failure links already followed: `ascii[state * ASCII_UNITS + unit]`.
   * Most app text is ASCII and almost every letter starts some English term, so the walk was
   * mostly Map lookups plus failure-link loops (matchLexicon ~0.4 s of a corpus scan); ~2.6k states × 128.
   */
  readonly ascii: Int32Array;
}

const ASCII_UNITS = 0x80;

/** Code units (UTF-16 has 2^16); tables indexed by one are this long. */
const CODE_UNITS = 0x10000;

/** Lower case of every code unit whose lower case is one code unit (else itself). */
function lowerCaseTable(): Uint16Array {
  const table = new Uint16Array(CODE_UNITS);
  for (let unit = 0; unit < CODE_UNITS; unit++) {
    const lower = String.fromCharCode(unit).toLowerCase();
    table[unit] = lower.length === 1 ? lower.charCodeAt(0) : unit;
  }
  return table;
}

/**
 * Built once when the module loads (with the automaton below, ~15 ms), read only after:
 * toLowerCase per unit was a third of the labels rule's time.
 */
const LOWER_CASE: Uint16Array = lowerCaseTable();

/** Lower case of one code unit. */
function lowerUnit(code: number): number {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
  return LOWER_CASE[code] ?? code;
}

function build(): Automaton {
  const goto = [new Map<number, number>()];
  const own: number[][] = [[]];
  LEXICON.forEach((entry, index) => {
    let state = 0;
    for (let position = 0; position < entry.term.length; position++) {
      const unit = lowerUnit(entry.term.charCodeAt(position));
      let next = goto[state]!.get(unit);
      if (next === undefined) {
        next = goto.length;
        goto.push(new Map());
        own.push([]);
        goto[state]!.set(unit, next);
      }
      state = next;
    }
    own[state]!.push(index);
  });
  const fail = new Int32Array(goto.length);
  const outputs: number[][] = own.map((list) => [...list]);
  const queue: number[] = [];
  for (const child of goto[0]!.values()) queue.push(child);
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (const [unit, child] of goto[state]!) {
      let fallback = fail[state]!;
      while (fallback !== 0 && !goto[fallback]!.has(unit)) fallback = fail[fallback]!;
      const target = goto[fallback]!.get(unit);
      fail[child] = target !== undefined && target !== child ? target : 0;
      outputs[child]!.push(...outputs[fail[child]]!);
      queue.push(child);
    }
  }
  const root = new Int32Array(CODE_UNITS);
  for (const [unit, child] of goto[0]!) root[unit] = child;
  // Breadth-first order: a state's failure target is shallower, so its row is already filled.
  // Columns are raw code units: an upper-case letter's column is its lower case's (no lowerUnit per ASCII unit).
  const ascii = new Int32Array(goto.length * ASCII_UNITS);
  for (let unit = 0; unit < ASCII_UNITS; unit++) ascii[unit] = root[lowerUnit(unit)]!;
  for (const state of queue) {
    const row = state * ASCII_UNITS;
    const fallbackRow = fail[state]! * ASCII_UNITS;
    for (let unit = 0; unit < ASCII_UNITS; unit++)
      ascii[row + unit] = goto[state]!.get(lowerUnit(unit)) ?? ascii[fallbackRow + unit]!;
  }
  return { goto, root, fail, outputs, ascii };
}

/** The automaton of LEXICON, a static table built when the module loads and read only after. */
const AUTOMATON: Automaton = build();

/** The next state by goto and failure links (Aho & Corasick's algorithm 1), for any code unit. */
function follow(automaton: Automaton, from: number, unit: number): number {
  const { goto, root, fail } = automaton;
  let state = from;
  let next = state === 0 ? undefined : goto[state]!.get(unit);
  while (next === undefined && state !== 0) {
    state = fail[state]!;
    next = state === 0 ? undefined : goto[state]!.get(unit);
  }
  return next ?? root[unit]!;
}

/**
 * True when the code unit continues a word. Han characters do not: Chinese
 * strings embed Latin words without spaces (是否使用VPN, demo app).
 */
function joins(unit: string | undefined): boolean {
  return unit !== undefined && (unit === IDENTIFIER_JOINER || (isWordCharacter(unit) && !isHan(unit)));
}

/**
 * A word starts after a non-word character, but not after `_` (identifiers:
 * ACCESS_FINE_LOCATION, android:activate_vpn in AppManager's AppOpsManager)
 * nor after a hyphen that follows a letter (the surname "Al-Islam" in
 * AppManager's strings and assets is not the religion).
 */
function boundaryBefore(text: string, start: number): boolean {
  const previous = text[start - 1];
  if (previous === HYPHEN && start >= 2 && isWordCharacter(text[start - 2]!) && !isHan(text[start - 2]!)) return false;
  return !joins(previous);
}

function boundaryAfter(text: string, end: number): boolean {
  if (!joins(text[end])) return true;
  return PLURAL_SUFFIXES.some((suffix) => text.startsWith(suffix, end) && !joins(text[end + suffix.length]));
}

function accepts(entry: LexiconTerm, text: string, start: number, end: number): boolean {
  switch (entry.mode) {
    case 'substring':
      return true;
    case 'prefix':
      return boundaryBefore(text, start);
    case 'word':
      return boundaryBefore(text, start) && (entry.language !== 'en' ? !joins(text[end]) : boundaryAfter(text, end));
  }
}

/** Every lexicon term in `text` (overlapping matches included, e.g. 身份证 and 身份证号码), in order of their end. */
export function matchLexicon(text: string): LexiconMatch[] {
  return walk(text, true);
}

/** matchLexicon without the ASCII table, every step by goto and failure links (tests compare the two). */
export function matchLexiconByFailureLinks(text: string): LexiconMatch[] {
  return walk(text, false);
}

function walk(text: string, asciiTable: boolean): LexiconMatch[] {
  const automaton = AUTOMATON;
  const { outputs, ascii } = automaton;
  const matches: LexiconMatch[] = [];
  const length = Math.min(text.length, MAX_MATCH_LENGTH);
  let state = 0;
  for (let position = 0; position < length && matches.length < MAX_MATCHES; position++) {
    const unit = text.charCodeAt(position);
    state =
      asciiTable && unit < ASCII_UNITS ? ascii[state * ASCII_UNITS + unit]! : follow(automaton, state, lowerUnit(unit));
    if (state === 0) continue;
    for (const index of outputs[state]!) {
      const entry = LEXICON[index]!;
      const start = position + 1 - entry.term.length;
      if (accepts(entry, text, start, position + 1)) matches.push({ entry, start, end: position + 1 });
    }
  }
  return matches;
}

export interface CategoryMatch {
  readonly category: DataCategory;
  /** The matching terms, longest first (身份证号码 before 身份证). */
  readonly matches: readonly LexiconMatch[];
  /** True when only weak (ambiguous) terms matched. */
  readonly weakOnly: boolean;
}

/**
 * The categories `text` names, strongest first: a term contained in a longer
 * matching term of another category does not count (号码 inside 身份证号码),
 * nor one inside a "not about" phrase (location inside "install location").
 * `language` (ISO 639, from the string's locale) drops terms that are another
 * word in that language (LexiconTerm.falseFriends).
 */
export function classifyText(text: string, language?: string): CategoryMatch[] {
  const found = matchLexicon(text);
  // Most strings name nothing: no filtering, grouping or sorting to do.
  if (found.length === 0) return [];
  const all = language === undefined ? found : withoutFalseFriends(found, language);
  // A phrase that is not about its category (install location, 电子邮件地址) cancels the terms inside it and classifies nothing.
  const byCategory = new Map<DataCategory, LexiconMatch[]>();
  for (const match of all) {
    if (match.entry.excludes || isCancelled(match, all, text)) continue;
    const list = byCategory.get(match.entry.category);
    if (list === undefined) byCategory.set(match.entry.category, [match]);
    else list.push(match);
  }
  const result: CategoryMatch[] = [];
  for (const [category, matches] of byCategory) {
    matches.sort(longestFirst);
    result.push({ category, matches, weakOnly: allWeak(matches) });
  }
  // Stable: categories of equal strength keep their order of first match.
  return result.sort(strongestFirst);
}

/** Ranks a strong category before any weak-only one, then by its longest term. */
const STRONG_STRENGTH = 1000;

/**
 * Loops and module-level comparators instead of closures made per call: under tsx
 * (esbuild keepNames) a named closure costs a defineProperty per call, which was a
 * third of classifyText's time (~0.6 s of a corpus scan).
 */
function withoutFalseFriends(found: readonly LexiconMatch[], language: string): LexiconMatch[] {
  const kept: LexiconMatch[] = [];
  for (const match of found)
    if (match.entry.falseFriends === undefined || !match.entry.falseFriends.includes(language)) kept.push(match);
  return kept;
}

/**
 * True when the phrase around `match` says it is about something else:
 * - a longer match spanning it is an exclusion phrase or another category's term (号码 inside 身份证号码);
 * - it is weak and a strong term of another category overlaps it (号码 of 护照号码 shares 号 with
 *   护照号: a passport number, not a phone number) or follows it as the head of the phrase (手机 in
 *   手机联系人, "the phone's contacts"; "phone contacts"): the weak word only qualifies that term.
 */
function isCancelled(match: LexiconMatch, all: readonly LexiconMatch[], text: string): boolean {
  for (const other of all) {
    if (other === match || (!other.entry.excludes && other.entry.category === match.entry.category)) continue;
    if (other.start <= match.start && other.end >= match.end && other.end - other.start > match.end - match.start)
      return true;
    if (other.entry.excludes || !match.entry.weak || other.entry.weak) continue;
    const overlaps = other.start < match.end && other.end > match.start;
    if (overlaps || headFollows(text, match.end, other.start)) return true;
  }
  return false;
}

/** True when the term starting at `next` follows the one ending at `end` directly or after spaces only. */
function headFollows(text: string, end: number, next: number): boolean {
  if (next < end) return false;
  for (let position = end; position < next; position++) if (text.charCodeAt(position) !== 0x20) return false;
  return true;
}

/** Strong before weak-only, then by the longest term (matches are sorted longest first). */
function strength(item: CategoryMatch): number {
  const longest = item.matches[0]!;
  return (item.weakOnly ? 0 : STRONG_STRENGTH) + longest.end - longest.start;
}

function strongestFirst(a: CategoryMatch, b: CategoryMatch): number {
  return strength(b) - strength(a);
}

function longestFirst(a: LexiconMatch, b: LexiconMatch): number {
  return b.end - b.start - (a.end - a.start) || a.start - b.start;
}

function allWeak(matches: readonly LexiconMatch[]): boolean {
  for (const match of matches) if (!match.entry.weak) return false;
  return true;
}

/** The strongest category of `text` when a strong (non-weak) term names it. */
export function primaryCategory(text: string): CategoryMatch | undefined {
  const first = classifyText(text)[0];
  return first !== undefined && !first.weakOnly ? first : undefined;
}

/** The ISO 639 language of a resource locale qualifier: `sv`, `zh-rCN` → `zh`, `b+sr+Latn` → `sr`; undefined for the default. */
export function localeLanguage(locale: string): string | undefined {
  const match = /^(?:b\+)?([a-z]{2,3})(?:$|[-+])/.exec(locale);
  return match?.[1];
}
