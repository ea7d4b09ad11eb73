/**
 * The PostgreSQL library's schema and its ordered migrations (docs/scale-out.md).
 *
 * The same data model as the SQLite library at its latest version (src/store/schema.ts,
 * docs/library.md): apps, versions, signers, scans, findings, evidence, endpoints, SDKs,
 * categories, strings and distinct texts, errors. Differences, each for a reason:
 *   - `texts` is keyed by the SHA-256 of the text (a B-tree entry holds at most about
 *     2.7 kB; a 2,048-character Chinese string is 6 kB of UTF-8) and carries `folded`,
 *     the text lowered by JavaScript's toLowerCase, under a pg_trgm GIN index: a search
 *     compares folded forms, so it finds what the SQLite library finds (its check is
 *     the same JavaScript fold), whatever the database's locale;
 *   - `strings` points at its text instead of repeating it, has one index, and no per-row
 *     foreign-key check on `texts` or `scans` (migration 3 says why; deleting scans still
 *     deletes their strings, by a statement trigger);
 *   - the job queue's own tables: `blobs` and `blob_chunks` (the APK bytes, content-
 *     addressed), `inputs` (one row per enqueued file or folder of splits: queued, done or
 *     failed), `input_files` (the split files of a folder input) and
 *     `workers` (heartbeats: a worker silent for longer than the lease has its jobs
 *     given to others). The queue itself is graphile-worker's schema (src/queue).
 *
 * `schema_version` holds one row: the number of migrations applied. Workers on many
 * machines may start at once: migrating takes an advisory lock, so one migrates and the
 * others find the work done. Migrations are never edited once released.
 */
import type pg from 'pg';

export interface PgMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Any constant shared by every apkwitness process: the key of the migration lock. */
const MIGRATION_LOCK = 0x61706b77; // "apkw"

const CREATE_EVERYTHING = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE files (
  path text PRIMARY KEY,
  sha256 text NOT NULL,
  size bigint NOT NULL,
  mtime_ms bigint NOT NULL
);
CREATE INDEX files_sha256 ON files(sha256);

CREATE TABLE apps (
  package text PRIMARY KEY
);

CREATE TABLE versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  package text NOT NULL REFERENCES apps(package),
  version_code bigint,
  version_name text,
  signer_sha256 text NOT NULL,
  UNIQUE NULLS NOT DISTINCT (package, version_code, version_name, signer_sha256)
);

CREATE TABLE signers (
  certificate_sha256 text PRIMARY KEY,
  subject text,
  issuer text,
  public_key text,
  well_known_key text
);

CREATE TABLE scans (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  input_sha256 text NOT NULL,
  tool_version text NOT NULL,
  schema_version integer NOT NULL,
  file_name text NOT NULL,
  version_id bigint NOT NULL REFERENCES versions(id),
  package text NOT NULL,
  version_code bigint,
  version_name text,
  signer_sha256 text NOT NULL,
  label text,
  total_size bigint NOT NULL,
  finding_count integer NOT NULL,
  scanned_at text NOT NULL,
  milliseconds integer,
  current smallint NOT NULL DEFAULT 1,
  report_json text NOT NULL,
  UNIQUE (input_sha256, tool_version)
);
CREATE INDEX scans_package ON scans(package, current);
CREATE INDEX scans_version ON scans(version_id);

CREATE TABLE scan_signers (
  scan_id bigint NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  certificate_sha256 text NOT NULL REFERENCES signers(certificate_sha256),
  schemes text NOT NULL,
  verified smallint NOT NULL,
  effective smallint NOT NULL,
  PRIMARY KEY (scan_id, certificate_sha256)
);
CREATE INDEX scan_signers_certificate ON scan_signers(certificate_sha256);

CREATE TABLE labels (
  scan_id bigint NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  locale text NOT NULL,
  text text NOT NULL,
  gloss text
);
CREATE INDEX labels_scan ON labels(scan_id);

CREATE TABLE apks (
  scan_id bigint NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  name text NOT NULL,
  sha256 text NOT NULL,
  size bigint NOT NULL,
  split_name text,
  package text,
  version_code bigint,
  version_name text,
  PRIMARY KEY (scan_id, ordinal)
);
CREATE INDEX apks_sha256 ON apks(sha256);

CREATE TABLE findings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scan_id bigint NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  rule_id text NOT NULL,
  code text NOT NULL,
  topic text NOT NULL,
  category text,
  confidence text NOT NULL,
  claim text NOT NULL,
  args_json text NOT NULL
);
CREATE INDEX findings_scan ON findings(scan_id, ordinal);
CREATE INDEX findings_category ON findings(category);

CREATE TABLE evidence (
  finding_id bigint NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  kind text NOT NULL,
  apk_sha256 text NOT NULL,
  entry text NOT NULL,
  detail_json text NOT NULL,
  PRIMARY KEY (finding_id, ordinal)
);

CREATE TABLE endpoints (
  scan_id bigint NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  finding_id bigint NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  kind text NOT NULL,
  host text NOT NULL,
  url text
);
CREATE INDEX endpoints_host ON endpoints(host);
CREATE INDEX endpoints_scan ON endpoints(scan_id);

CREATE TABLE sdks (
  scan_id bigint NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  finding_id bigint NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  sdk text NOT NULL
);
CREATE INDEX sdks_sdk ON sdks(sdk);
CREATE INDEX sdks_scan ON sdks(scan_id);

CREATE TABLE scan_categories (
  scan_id bigint NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  category text NOT NULL,
  findings integer NOT NULL,
  best_confidence text NOT NULL,
  PRIMARY KEY (scan_id, category)
);
CREATE INDEX scan_categories_category ON scan_categories(category);

-- Each distinct searchable text once. digest = SHA-256 of its UTF-8 bytes (the unique key);
-- folded = JavaScript's text.toLowerCase(), what a search term is compared with.
CREATE TABLE texts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  digest bytea NOT NULL UNIQUE,
  text text NOT NULL,
  folded text NOT NULL
);
CREATE INDEX texts_folded ON texts USING gin (folded gin_trgm_ops);

-- Pairs of adjacent characters with a Han, kana or Hangul character (src/store/bigrams.ts):
-- a two-character term such as 宗教 has no trigram to look up.
CREATE TABLE text_bigrams (
  gram text NOT NULL,
  text_id bigint NOT NULL REFERENCES texts(id),
  PRIMARY KEY (gram, text_id)
);

-- One row per searchable string of a scan. Its text is texts.text (not repeated here), and
-- the only index is the one search walks (text, then string order): a scan writes about a
-- thousand of these rows, and each index more is a write-ahead log record per row.
CREATE TABLE strings (
  id bigint GENERATED ALWAYS AS IDENTITY,
  scan_id bigint NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  finding_id bigint REFERENCES findings(id) ON DELETE CASCADE,
  source text NOT NULL,
  text_id bigint NOT NULL REFERENCES texts(id)
);
CREATE INDEX strings_text ON strings(text_id, id);

CREATE TABLE errors (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  path text NOT NULL,
  input_sha256 text NOT NULL,
  tool_version text NOT NULL,
  kind text NOT NULL,
  message text NOT NULL,
  at text NOT NULL,
  UNIQUE (input_sha256, tool_version)
);

-- The APK bytes the workers scan, content-addressed (SHA-256): in blob_chunks, or as a
-- file <stored_in>/<first two hex digits>/<sha256> of a shared folder (enqueue --store).
CREATE TABLE blobs (
  sha256 text PRIMARY KEY,
  size bigint NOT NULL,
  stored_in text,
  chunks integer NOT NULL
);
CREATE TABLE blob_chunks (
  sha256 text NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (sha256, ordinal)
);
-- APKs are compressed already: TOAST need not try again (EXTERNAL = out of line, uncompressed).
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- One row per enqueued input (a file: an APK or a bundle of splits, one app).
CREATE TABLE inputs (
  sha256 text PRIMARY KEY REFERENCES blobs(sha256),
  file_name text NOT NULL,
  path text NOT NULL,
  size bigint NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
  tool_version text,
  enqueued_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX inputs_state ON inputs(state);

-- Live workers: each writes heartbeat_at every few seconds. A job locked for longer than the
-- lease by a queue worker that no live row lists is given back to the queue; its try counts
-- only if its scan had begun (scanning: the inputs in hand whose scan started).
CREATE TABLE workers (
  id text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  queue_worker_ids text[] NOT NULL DEFAULT '{}',
  running text[] NOT NULL DEFAULT '{}',
  scanning text[] NOT NULL DEFAULT '{}'
);
`;

const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description:
      'the library (as SQLite migration 4, texts keyed by digest with a folded pg_trgm index), APK blobs, inputs, workers',
    sql: CREATE_EVERYTHING,
  },
  {
    version: 2,
    description: 'folders of split APKs as one input: input_files lists each split blob of such an input',
    sql: `
-- A folder of one base and its splits is one input (as in batch): its sha256 is the
-- identity of the group (src/batch/run-batch.ts splitGroupSha256), not the SHA-256 of a
-- blob, and input_files lists the blobs, each under its own file name. An input of one
-- file has no rows here: its sha256 is its blob's.
ALTER TABLE inputs DROP CONSTRAINT inputs_sha256_fkey;
CREATE TABLE input_files (
  input_sha256 text NOT NULL REFERENCES inputs(sha256) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  file_name text NOT NULL,
  blob_sha256 text NOT NULL REFERENCES blobs(sha256),
  PRIMARY KEY (input_sha256, ordinal)
);
`,
  },
  {
    version: 3,
    description:
      'strings and text_bigrams without per-row foreign-key checks (texts are never deleted; deleting scans still deletes their strings)',
    sql: `
-- A foreign key's check runs a query per inserted row and locks the row it points at
-- (SELECT ... FOR KEY SHARE). Each string of a scan locked its text: a row shared by every
-- app that has the text, so a scan wrote a lock into a thousand rows of other scans and two
-- workers holding one text made a MultiXact. These checks cannot fail: texts rows are only
-- ever inserted (nothing deletes one or changes its id), and the one statement that writes
-- a scan's strings and bigrams (src/store/pg/write.ts) takes each scan_id from the scan it
-- inserts and each text_id from the texts row it found or inserted. SQLite's text_bigrams
-- has no foreign key either (src/store/text-migrations.ts).
ALTER TABLE strings DROP CONSTRAINT strings_text_id_fkey;
ALTER TABLE text_bigrams DROP CONSTRAINT text_bigrams_text_id_fkey;
-- strings.scan_id kept ON DELETE CASCADE: apkwitness deletes no scan, but whoever does
-- still deletes their strings, now once per statement rather than once per scan row.
ALTER TABLE strings DROP CONSTRAINT strings_scan_id_fkey;
CREATE FUNCTION strings_of_deleted_scans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM strings WHERE scan_id IN (SELECT id FROM deleted);
  RETURN NULL;
END
$$;
CREATE TRIGGER scans_delete_strings AFTER DELETE ON scans
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION strings_of_deleted_scans();
`,
  },
];

export const PG_LATEST_SCHEMA_VERSION = PG_MIGRATIONS.length;

export async function pgSchemaVersion(client: pg.ClientBase): Promise<number> {
  const table = await client.query<{ name: string | null }>("SELECT to_regclass('schema_version')::text AS name");
  if (table.rows[0]?.name === null || table.rows[0]?.name === undefined) return 0;
  const row = await client.query<{ version: number }>('SELECT version FROM schema_version');
  return row.rows[0]?.version ?? 0;
}

/**
 * Applies the missing migrations, all in one transaction under the migration lock.
 * Throws when the database is newer than this program or is not UTF-8.
 */
export async function migratePg(
  client: pg.ClientBase,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number> {
  const encoding = await client.query<{ server_encoding: string }>('SHOW server_encoding');
  if (encoding.rows[0]?.server_encoding !== 'UTF8') {
    throw new Error(
      `the database's encoding is ${encoding.rows[0]?.server_encoding ?? 'unknown'}: apkwitness needs UTF8 (createdb -E UTF8 --locale=C.UTF-8 -T template0 <name>)`,
    );
  }
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    let version = await pgSchemaVersion(client);
    if (version > migrations.length) {
      throw new Error(
        `library schema version ${version} is newer than this apkwitness knows (${migrations.length}): upgrade apkwitness`,
      );
    }
    if (version === 0)
      await client.query(
        'CREATE TABLE schema_version (version integer NOT NULL); INSERT INTO schema_version VALUES (0);',
      );
    for (const migration of migrations.slice(version)) {
      await client.query(migration.sql);
      await client.query('UPDATE schema_version SET version = $1', [migration.version]);
      version = migration.version;
    }
    await client.query('COMMIT');
    return version;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
