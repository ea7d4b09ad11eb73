/**
 * Full-text search in the PostgreSQL library, with the SQLite library's definition of a
 * hit (src/store/search.ts): a stored string whose JavaScript toLowerCase() contains the
 * term's. Each distinct text carries that folded form (`texts.folded`, written by the
 * writer in JavaScript, not by the server's locale), so the comparison is
 * `folded LIKE '%term%'` on the lowered term:
 *   - 3 characters or more: the pg_trgm GIN index on `folded` finds the candidates
 *     (https://www.postgresql.org/docs/15/pgtrgm.html#PGTRGM-INDEX), LIKE rechecks them;
 *   - two characters with a Han, kana or Hangul one (宗教): `text_bigrams`, as in SQLite
 *     (a trigram index cannot look up a two-character term inside a run of Chinese);
 *   - anything else that short: LIKE over every text.
 * Hits come in text order, then string order, like SQLite's (ids differ between two
 * libraries, so the order of equal hit sets may differ; the set does not).
 */
import type pg from 'pg';
import type { SearchOptions, SearchResult } from '../types.js';
import { escapeLike, filterConditions } from '../filters.js';
import { hitsOf, matchPath, searchLimit, type HitRow } from '../search.js';
import { numbered } from './read.js';
import { pgText } from './write.js';

export async function searchPg(pool: pg.Pool, query: string, options: SearchOptions = {}): Promise<SearchResult> {
  const term = query.trim();
  if (term === '') return { hits: [], truncated: false };
  const limit = searchLimit(options.limit);
  const path = matchPath(term);
  const folded = pgText(term).toLowerCase();
  const joins = 'JOIN scans s ON s.id = t.scan_id LEFT JOIN findings f ON f.id = t.finding_id';
  const match =
    path === 'bigram'
      ? `FROM text_bigrams b JOIN texts x ON x.id = b.text_id JOIN strings t ON t.text_id = x.id ${joins} WHERE b.gram = ?`
      : `FROM texts x JOIN strings t ON t.text_id = x.id ${joins} WHERE x.folded LIKE ? ESCAPE '\\'`;
  const order = path === 'bigram' ? 'b.text_id, t.id' : 'x.id, t.id';
  const { conditions, parameters } = filterConditions(options);
  const sql =
    numbered(`SELECT t.source, x.text, s.id AS scan_id, s.package, s.version_name, s.version_code, s.label, s.file_name,
      f.id AS finding_id, f.ordinal, f.rule_id, f.code, f.category, f.claim
    ${match} AND s.current = 1 ${conditions.map((condition) => `AND ${condition}`).join(' ')}
    ORDER BY ${order} LIMIT ?`);
  const rows = (
    await pool.query<HitRow>(sql, [path === 'bigram' ? folded : `%${escapeLike(folded)}%`, ...parameters, limit + 1])
  ).rows;
  return hitsOf(rows, term, limit);
}
