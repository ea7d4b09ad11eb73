/**
 * Full-text search over the library's strings, in any script.
 *
 * A hit is a stored string whose JavaScript toLowerCase() contains the term's: the
 * PostgreSQL library (src/store/pg/search.ts) answers with the same definition.
 * Terms of 3 or more characters go through the FTS5 trigram index (a substring match,
 * case-insensitive: https://sqlite.org/fts5.html#the_trigram_tokenizer), each candidate
 * checked for the whole term. Shorter terms cannot be split into trigrams: two characters
 * outside ASCII (Chinese words are often two characters: 宗教 religion, 民族 ethnicity) are
 * looked up in the bigram index (src/store/bigrams.ts); anything else that short is checked
 * in every text.
 */
import type Database from 'better-sqlite3';
import type { SearchHit, SearchOptions, SearchResult } from './types.js';
import { isBigramQuery } from './bigrams.js';
import { filterConditions } from './filters.js';

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 1000;
/** The trigram tokenizer needs at least this many characters in a term. */
const TRIGRAM_LENGTH = 3;
/** Characters of context on each side of the match in a snippet. */
const SNIPPET_CONTEXT = 50;
/**
 * Trigrams of a term put in the FTS5 query: enough to make the candidate set small;
 * every candidate is checked for the whole term anyway (a long pasted term must not
 * become a query of thousands of terms).
 */
const MAX_QUERY_TRIGRAMS = 24;
/** The SQL function that checks a candidate text for the term (registered per connection). */
const CONTAINS_FUNCTION = 'apkwitness_contains';

/**
 * The FTS5 query for a term of 3 or more characters: its trigrams, each an FTS5 string
 * (double quotes doubled), joined by AND. The index has no positions (detail=none,
 * migration 4), where FTS5 refuses phrases of several tokens: the AND finds texts
 * holding every trigram, and the caller keeps those that hold the term.
 */
function trigramQuery(term: string): string {
  const characters = [...term];
  const trigrams = [...new Set(characters.slice(0, -2).map((_, index) => characters.slice(index, index + 3).join('')))];
  const step = Math.max(1, Math.ceil(trigrams.length / MAX_QUERY_TRIGRAMS));
  const chosen = trigrams.filter((_, index) => index % step === 0 || index === trigrams.length - 1);
  return chosen.map((trigram) => `"${trigram.replace(/"/g, '""')}"`).join(' AND ');
}

export function snippetAround(
  text: string,
  term: string,
): { snippet: string; matchStart: number; matchLength: number } {
  const index = text.toLowerCase().indexOf(term.toLowerCase());
  if (index < 0) return { snippet: text.slice(0, SNIPPET_CONTEXT * 2), matchStart: 0, matchLength: 0 };
  const start = Math.max(0, index - SNIPPET_CONTEXT);
  const end = Math.min(text.length, index + term.length + SNIPPET_CONTEXT);
  const head = start > 0 ? '…' : '';
  return {
    snippet: `${head}${text.slice(start, end)}${end < text.length ? '…' : ''}`,
    matchStart: head.length + index - start,
    matchLength: term.length,
  };
}

export type MatchPath = 'trigram' | 'bigram' | 'like';

/** How a term is looked up: trigram index, bigram index, or a check of every text. */
export function matchPath(term: string): MatchPath {
  return [...term].length >= TRIGRAM_LENGTH ? 'trigram' : isBigramQuery(term) ? 'bigram' : 'like';
}

/** The hit limit asked for, within 1..MAX_SEARCH_LIMIT. */
export function searchLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.trunc(limit ?? DEFAULT_SEARCH_LIMIT)));
}

export interface HitRow {
  source: string;
  text: string;
  scan_id: number;
  package: string;
  version_name: string | null;
  version_code: number | null;
  label: string | null;
  file_name: string;
  finding_id: number | null;
  ordinal: number | null;
  rule_id: string | null;
  code: string | null;
  category: string | null;
  claim: string | null;
}

export class LibrarySearch {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    // Case-insensitive containment, as the trigram tokenizer folds case (any script, where LIKE folds ASCII only).
    db.function(CONTAINS_FUNCTION, { deterministic: true }, (text: unknown, term: unknown) =>
      String(text).toLowerCase().includes(String(term)) ? 1 : 0,
    );
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const term = query.trim();
    if (term === '') return { hits: [], truncated: false };
    const limit = searchLimit(options.limit);
    const path = matchPath(term);
    const parameters: unknown[] = path === 'trigram' ? [trigramQuery(term), term.toLowerCase()] : [term.toLowerCase()];
    const { conditions, parameters: filterParameters } = filterConditions(options);
    parameters.push(...filterParameters);
    parameters.push(limit + 1);
    const rows = this.statement(path, conditions).all(...parameters) as HitRow[];
    return hitsOf(rows, term, limit);
  }

  private statement(path: MatchPath, filters: readonly string[]): Database.Statement {
    const key = `${path}|${filters.join('|')}`;
    let statement = this.cache.get(key);
    if (statement === undefined) {
      // Each path yields text ids in ascending order straight from its index (FTS rowids,
      // the bigram primary key, the texts table), then the strings of each text in id
      // order through the index strings(text_id, id): no sort, and the LIMIT stops early.
      const joins = 'JOIN scans s ON s.id = t.scan_id LEFT JOIN findings f ON f.id = t.finding_id';
      const matches = {
        trigram: `FROM texts_fts m CROSS JOIN texts x ON x.id = m.rowid CROSS JOIN strings t ON t.text_id = m.rowid ${joins}
          WHERE texts_fts MATCH ? AND ${CONTAINS_FUNCTION}(x.text, ?)`,
        bigram: `FROM text_bigrams b CROSS JOIN strings t ON t.text_id = b.text_id ${joins} WHERE b.gram = ?`,
        like: `FROM texts x CROSS JOIN strings t ON t.text_id = x.id ${joins} WHERE ${CONTAINS_FUNCTION}(x.text, ?)`,
      }[path];
      // CROSS JOIN keeps the text index in the outer loop (SQLite does not reorder it).
      const order = { trigram: 'm.rowid', bigram: 'b.text_id', like: 'x.id' }[path];
      statement = this.db
        .prepare(`SELECT t.source, t.text, s.id AS scan_id, s.package, s.version_name, s.version_code, s.label, s.file_name,
          f.id AS finding_id, f.ordinal, f.rule_id, f.code, f.category, f.claim
        ${matches} AND s.current = 1 ${filters.map((filter) => `AND ${filter}`).join(' ')}
        ORDER BY ${order} LIMIT ?`);
      this.cache.set(key, statement);
    }
    return statement;
  }
}

/** Search rows (`limit + 1` at most) as hits, with the snippet around the term. */
export function hitsOf(rows: readonly HitRow[], term: string, limit: number): SearchResult {
  const hits = rows.slice(0, limit).map((row): SearchHit => ({
    scanId: row.scan_id,
    packageName: row.package,
    versionName: row.version_name ?? undefined,
    versionCode: row.version_code ?? undefined,
    label: row.label ?? undefined,
    fileName: row.file_name,
    finding:
      row.finding_id === null
        ? undefined
        : {
            id: row.finding_id,
            ordinal: row.ordinal ?? 0,
            ruleId: row.rule_id ?? '',
            code: row.code ?? '',
            category: row.category ?? undefined,
            claim: row.claim ?? '',
          },
    source: row.source,
    text: row.text,
    ...snippetAround(row.text, term),
  }));
  return { hits, truncated: rows.length > limit };
}
