/**
 * The case library's schema and its ordered migrations (docs/library.md).
 *
 * `schema_version` holds one row: the number of migrations applied. Opening a library
 * applies the missing ones in order, each in its own transaction together with the
 * version bump, so a library is always at exactly one version. Migrations are never
 * edited once released: a change is a new entry at the end of MIGRATIONS.
 */
import type Database from 'better-sqlite3';
import { addBigrams, CHEAPER_TEXT_INDEX, deduplicateTexts } from './text-migrations.js';
import { upgradeStoredFindings } from './findings-migration.js';

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: (db: Database.Database) => void;
}

/** Migration 1: everything (files, scans, apps, versions, findings, evidence, facets, strings + FTS5, errors). */
const CREATE_EVERYTHING = `
CREATE TABLE files (
  path TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL
);
CREATE INDEX files_sha256 ON files(sha256);

CREATE TABLE apps (
  package TEXT PRIMARY KEY          -- '' when the input had no readable manifest
);

-- One row per (package, versionCode, versionName, signer): versions grouped by package and signer.
CREATE TABLE versions (
  id INTEGER PRIMARY KEY,
  package TEXT NOT NULL REFERENCES apps(package),
  version_code INTEGER,
  version_name TEXT,
  signer_sha256 TEXT NOT NULL,      -- the effective signer's certificate SHA-256, '' when unsigned
  UNIQUE (package, version_code, version_name, signer_sha256)
);

CREATE TABLE signers (
  certificate_sha256 TEXT PRIMARY KEY,
  subject TEXT,
  issuer TEXT,
  public_key TEXT,
  well_known_key TEXT
);

-- One scan of one input file by one apkwitness version: (input_sha256, tool_version) is the resume key.
CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  input_sha256 TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  schema_version INTEGER NOT NULL,  -- the report's schemaVersion (docs/findings-schema.md)
  file_name TEXT NOT NULL,
  version_id INTEGER NOT NULL REFERENCES versions(id),
  package TEXT NOT NULL,
  version_code INTEGER,
  version_name TEXT,
  signer_sha256 TEXT NOT NULL,
  label TEXT,                       -- the default-locale label (or the first)
  total_size INTEGER NOT NULL,
  finding_count INTEGER NOT NULL,
  scanned_at TEXT NOT NULL,
  milliseconds INTEGER,
  current INTEGER NOT NULL DEFAULT 1, -- 0 once a newer apkwitness version scanned the same input
  report_json TEXT NOT NULL,
  UNIQUE (input_sha256, tool_version)
);
CREATE INDEX scans_package ON scans(package, current);
CREATE INDEX scans_version ON scans(version_id);

CREATE TABLE scan_signers (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  certificate_sha256 TEXT NOT NULL REFERENCES signers(certificate_sha256),
  schemes TEXT NOT NULL,
  verified INTEGER NOT NULL,
  effective INTEGER NOT NULL,
  PRIMARY KEY (scan_id, certificate_sha256)
);
CREATE INDEX scan_signers_certificate ON scan_signers(certificate_sha256);

CREATE TABLE labels (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  locale TEXT NOT NULL,
  text TEXT NOT NULL,
  gloss TEXT
);
CREATE INDEX labels_scan ON labels(scan_id);

CREATE TABLE apks (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  split_name TEXT,
  package TEXT,
  version_code INTEGER,
  version_name TEXT,
  PRIMARY KEY (scan_id, ordinal)
);
CREATE INDEX apks_sha256 ON apks(sha256);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,         -- position in report.findings
  rule_id TEXT NOT NULL,
  code TEXT NOT NULL,
  topic TEXT NOT NULL,
  category TEXT,
  confidence TEXT NOT NULL,
  claim TEXT NOT NULL,
  args_json TEXT NOT NULL
);
CREATE INDEX findings_scan ON findings(scan_id, ordinal);
CREATE INDEX findings_category ON findings(category);

CREATE TABLE evidence (
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  kind TEXT NOT NULL,
  apk_sha256 TEXT NOT NULL,
  entry TEXT NOT NULL,
  detail_json TEXT NOT NULL,        -- the evidence item as in the report
  PRIMARY KEY (finding_id, ordinal)
);

CREATE TABLE endpoints (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,               -- url, host or ip
  host TEXT NOT NULL,               -- lower case
  url TEXT
);
CREATE INDEX endpoints_host ON endpoints(host);
CREATE INDEX endpoints_scan ON endpoints(scan_id);

CREATE TABLE sdks (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  sdk TEXT NOT NULL
);
CREATE INDEX sdks_sdk ON sdks(sdk);
CREATE INDEX sdks_scan ON sdks(scan_id);

CREATE TABLE scan_categories (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  findings INTEGER NOT NULL,
  best_confidence TEXT NOT NULL,
  PRIMARY KEY (scan_id, category)
);
CREATE INDEX scan_categories_category ON scan_categories(category);

-- Searchable text: finding claims and argument values, labels, form labels, evidence
-- values and the app's string resources. finding_id is NULL for strings of the app itself.
CREATE TABLE strings (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  finding_id INTEGER REFERENCES findings(id) ON DELETE CASCADE,
  source TEXT NOT NULL,             -- claim, arg:<name>, label:<locale>, evidence, resource
  text TEXT NOT NULL
);
CREATE INDEX strings_scan ON strings(scan_id);

-- Trigram full-text index over strings.text (SQLite FTS5 "trigram" tokenizer:
-- substring search for terms of 3 or more characters in any script, and the index
-- behind LIKE for shorter ones). External content: the text is stored once.
CREATE VIRTUAL TABLE strings_fts USING fts5(text, content='strings', content_rowid='id', tokenize='trigram');
CREATE TRIGGER strings_fts_insert AFTER INSERT ON strings BEGIN
  INSERT INTO strings_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER strings_fts_delete AFTER DELETE ON strings BEGIN
  INSERT INTO strings_fts(strings_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- A file that could not be analysed: kind is crash, timeout, oom or format.
CREATE TABLE errors (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (input_sha256, tool_version)
);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'files, scans, apps, versions, findings, evidence, facets, strings with FTS5 trigram index, errors',
    up: (db) => db.exec(CREATE_EVERYTHING),
  },
  { version: 2, description: 'two-character index for short searches outside ASCII (Chinese words)', up: addBigrams },
  {
    version: 3,
    description: 'distinct texts indexed once (texts, texts_fts, text_bigrams); strings point at their text',
    up: deduplicateTexts,
  },
  {
    version: 4,
    description:
      'texts_fts without positions or sizes (detail=none, columnsize=0), filled by the writer instead of a trigger',
    up: (db) => db.exec(CHEAPER_TEXT_INDEX),
  },
  {
    version: 5,
    description:
      'findings of report schema 2 rewritten as schema 3 (codes <rule id>.<name>, arguments as JSON lists and records, docs/findings-schema.md)',
    up: upgradeStoredFindings,
  },
  {
    version: 6,
    description:
      'claims: which batch process is scanning which input, so that two batches on one library share the work',
    up: (db) =>
      db.exec(`CREATE TABLE claims (
  input_sha256 TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  owner TEXT NOT NULL,              -- host:pid:nonce of the batch process scanning it
  claimed_at INTEGER NOT NULL,      -- ms since the epoch
  PRIMARY KEY (input_sha256, tool_version)
)`),
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** The schema version of an open database: 0 for an empty file. */
export function schemaVersion(db: Database.Database): number {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (table === undefined) return 0;
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  return row?.version ?? 0;
}

function hasVersionTable(db: Database.Database): boolean {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get() !== undefined
  );
}

export class LibraryVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LibraryVersionError';
  }
}

/**
 * Applies the migrations after the library's version, each in one transaction with its
 * version bump. `migrations` is a parameter so that tests can stop at version N.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  let version = schemaVersion(db);
  if (version > migrations.length) {
    throw new LibraryVersionError(
      `library schema version ${version} is newer than this apkwitness knows (${migrations.length}): upgrade apkwitness`,
    );
  }
  for (const migration of migrations.slice(version)) {
    // BEGIN IMMEDIATE takes the write lock before reading the version: a second process opening
    // the same new library waits (busy_timeout), then sees the migration done and skips it. With
    // a deferred transaction both read version 0 and one failed half-way ("no such trigger").
    db.transaction(() => {
      const current = schemaVersion(db);
      if (current >= migration.version) return;
      if (current === 0 && !hasVersionTable(db))
        db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0);');
      migration.up(db);
      db.prepare('UPDATE schema_version SET version = ?').run(migration.version);
    }).immediate();
    version = Math.max(version, migration.version);
  }
  return schemaVersion(db);
}
