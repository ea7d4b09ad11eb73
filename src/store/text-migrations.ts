/**
 * The migrations of the search indexes (src/store/schema.ts lists them in order):
 * 2 adds the two-character index, 3 indexes each distinct text once, 4 makes the
 * full-text index cheaper. Never edited once released (docs/library.md).
 */
import type Database from 'better-sqlite3';
import { bigramsOf } from './bigrams.js';

/**
 * Migration 2: the two-character index (src/store/bigrams.ts), filled for the strings
 * already stored. Rows are not deleted with their string: the library has no deletion.
 */
const BACKFILL_PAGE = 10_000;

export function addBigrams(db: Database.Database): void {
  db.exec(
    'CREATE TABLE string_bigrams (gram TEXT NOT NULL, string_id INTEGER NOT NULL, PRIMARY KEY (gram, string_id)) WITHOUT ROWID',
  );
  const insert = db.prepare('INSERT OR IGNORE INTO string_bigrams (gram, string_id) VALUES (?, ?)');
  // Pages of rows: better-sqlite3 cannot write while a read statement is being iterated.
  const page = db.prepare('SELECT id, text FROM strings WHERE id > ? ORDER BY id LIMIT ?');
  for (let last = 0; ;) {
    const rows = page.all(last, BACKFILL_PAGE) as Array<{ id: number; text: string }>;
    if (rows.length === 0) break;
    for (const row of rows) for (const gram of bigramsOf(row.text)) insert.run(gram, row.id);
    last = rows[rows.length - 1]!.id;
  }
}

/**
 * Migration 3: each distinct text indexed once. Versions of one app, and apps sharing
 * libraries (AndroidX carries the same strings in 80 languages), repeat most strings;
 * FTS5 trigram indexing is most of the cost of recording a scan (about 3 µs a
 * character), so the full-text and bigram indexes move from `strings` to `texts`
 * (one row per distinct text) and `strings` points at its text.
 */
const DEDUPLICATE_TEXTS = `
DROP TRIGGER strings_fts_insert;
DROP TRIGGER strings_fts_delete;
DROP TABLE strings_fts;
DROP TABLE string_bigrams;
CREATE TABLE texts (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE texts_fts USING fts5(text, content='texts', content_rowid='id', tokenize='trigram');
CREATE TRIGGER texts_fts_insert AFTER INSERT ON texts BEGIN
  INSERT INTO texts_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER texts_fts_delete AFTER DELETE ON texts BEGIN
  INSERT INTO texts_fts(texts_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TABLE text_bigrams (gram TEXT NOT NULL, text_id INTEGER NOT NULL, PRIMARY KEY (gram, text_id)) WITHOUT ROWID;
ALTER TABLE strings ADD COLUMN text_id INTEGER REFERENCES texts(id);
INSERT INTO texts (text) SELECT text FROM strings GROUP BY text ORDER BY min(id);
UPDATE strings SET text_id = (SELECT texts.id FROM texts WHERE texts.text = strings.text);
CREATE INDEX strings_text ON strings(text_id, id);
`;

export function deduplicateTexts(db: Database.Database): void {
  db.exec(DEDUPLICATE_TEXTS);
  const insert = db.prepare('INSERT OR IGNORE INTO text_bigrams (gram, text_id) VALUES (?, ?)');
  const page = db.prepare('SELECT id, text FROM texts WHERE id > ? ORDER BY id LIMIT ?');
  for (let last = 0; ;) {
    const rows = page.all(last, BACKFILL_PAGE) as Array<{ id: number; text: string }>;
    if (rows.length === 0) break;
    for (const row of rows) for (const gram of bigramsOf(row.text)) insert.run(gram, row.id);
    last = rows[rows.length - 1]!.id;
  }
}

/**
 * Migration 4: a cheaper full-text index, written by the writer itself. `detail=none`
 * keeps no positions (a trigram MATCH is then a set of texts; search.ts checks the
 * substring in the candidates, https://sqlite.org/fts5.html#the_detail_option) and
 * `columnsize=0` no per-text sizes (no ranking is done). The insert trigger goes:
 * FTS5 inside a trigger program flushed its pending terms at every statement, twice
 * the CPU of the same inserts made by src/store/write.ts. Texts are never deleted;
 * the delete trigger stays so that the external content cannot drift if one is.
 */
export const CHEAPER_TEXT_INDEX = `
DROP TRIGGER texts_fts_insert;
DROP TRIGGER texts_fts_delete;
DROP TABLE texts_fts;
CREATE VIRTUAL TABLE texts_fts USING fts5(text, content='texts', content_rowid='id', tokenize='trigram', detail=none, columnsize=0);
INSERT INTO texts_fts(texts_fts) VALUES ('rebuild');
CREATE TRIGGER texts_fts_delete AFTER DELETE ON texts BEGIN
  INSERT INTO texts_fts(texts_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
`;
