/**
 * Recording one prepared scan (src/store/prepare.ts) in the PostgreSQL library: every row
 * of it in the caller's transaction, each table in one statement over arrays (`unnest`),
 * the tables of one step in one statement (data-modifying CTEs), so that a scan costs
 * about five round trips whatever its size.
 *
 * Several workers write at once. Rows they may share (apps, signers, texts) are inserted
 * with ON CONFLICT DO NOTHING and, where their ids are needed (texts), read back in a new
 * statement, which under READ COMMITTED sees a row another worker committed meanwhile
 * (the version's id comes from ON CONFLICT DO UPDATE, which returns it either way); shared keys are
 * inserted in sorted order, so two transactions wait for each other's keys in the same
 * order and cannot deadlock. The scan's own key UNIQUE (input_sha256, tool_version)
 * makes a second recording of the same input fail: AlreadyRecordedError.
 */
import type pg from 'pg';
import type { PreparedScan } from '../prepare.js';
import type { ErrorRecord, PreparedScanRecord } from '../types.js';

/** Rows per statement for the large tables (strings, texts): bounds one message's size. */
const ROWS_PER_STATEMENT = 5000;
/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';
const SCAN_KEY_CONSTRAINT = 'scans_input_sha256_tool_version_key';

/** The input was already recorded for this tool version (by another worker, or an earlier try). */
export class AlreadyRecordedError extends Error {
  constructor(readonly inputSha256: string) {
    super(`input ${inputSha256} is already recorded for this apkwitness version`);
    this.name = 'AlreadyRecordedError';
  }
}

/**
 * PostgreSQL text cannot hold U+0000 (app strings can): it is stored as U+FFFD. JSON
 * columns are unaffected (JSON.stringify writes the character as \u0000).
 */
export function pgText(value: string): string;
export function pgText(value: string | null): string | null;
export function pgText(value: string | null): string | null {
  return value === null || !value.includes('\u0000') ? value : value.replace(/\u0000/g, '\uFFFD');
}

function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

function columns(rows: ReadonlyArray<readonly unknown[]>, count: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: count }, () => []);
  for (const row of rows) for (let index = 0; index < count; index += 1) out[index]!.push(row[index] ?? null);
  return out;
}

/**
 * Ids of the texts of one scan (index into prepared.texts), inserting the new ones with
 * their bigrams. The key, SHA-256 of the UTF-8 text, is computed by the server
 * (sha256(convert_to(text, 'UTF8'))): the texts cross the wire once and the answers are
 * (id, position) pairs.
 */
async function textIds(client: pg.ClientBase, scan: PreparedScan): Promise<number[]> {
  const stored = scan.texts.map((text) => pgText(text));
  const ids: Array<number | undefined> = new Array<number | undefined>(stored.length).fill(undefined);
  const lookUp = async (indices: readonly number[]): Promise<void> => {
    for (const part of chunks(indices)) {
      const found = await client.query<{ id: number; ord: number }>(
        `SELECT x.id, u.ord FROM unnest($1::text[]) WITH ORDINALITY AS u(text, ord)
         JOIN texts x ON x.digest = sha256(convert_to(u.text, 'UTF8'))`,
        [part.map((index) => stored[index])],
      );
      for (const row of found.rows) ids[part[row.ord - 1]!] = row.id;
    }
  };
  await lookUp(stored.map((_, index) => index));
  const missing = stored.map((_, index) => index).filter((index) => ids[index] === undefined);
  for (const part of chunks(missing)) {
    const gramTexts: string[] = [];
    const gramPositions: number[] = [];
    part.forEach((index, position) => {
      for (const gram of scan.textBigrams[index] ?? []) {
        gramTexts.push(pgText(gram));
        gramPositions.push(position + 1);
      }
    });
    // The new texts, in digest order (concurrent writers wait for each other's new keys in the
    // same order), and their bigrams; a text another writer inserted meanwhile is skipped
    // here and looked up below.
    const inserted = await client.query<{ id: number; ord: number }>(
      `WITH u AS (
         SELECT text, folded, ord, sha256(convert_to(text, 'UTF8')) AS digest
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(text, folded, ord)),
       t AS (
         INSERT INTO texts (digest, text, folded) SELECT digest, text, folded FROM u ORDER BY digest
         ON CONFLICT (digest) DO NOTHING RETURNING id, digest),
       b AS (
         INSERT INTO text_bigrams (gram, text_id)
         SELECT g.gram, t.id FROM unnest($3::text[], $4::integer[]) AS g(gram, ord)
         JOIN u ON u.ord = g.ord JOIN t ON t.digest = u.digest
         ORDER BY 1, 2 ON CONFLICT DO NOTHING)
       SELECT t.id, u.ord FROM t JOIN u ON u.digest = t.digest`,
      [part.map((index) => stored[index]), part.map((index) => stored[index]!.toLowerCase()), gramTexts, gramPositions],
    );
    for (const row of inserted.rows) ids[part[row.ord - 1]!] = row.id;
  }
  const late = missing.filter((index) => ids[index] === undefined);
  if (late.length > 0) await lookUp(late);
  if (ids.some((id) => id === undefined)) throw new Error('a text of the scan could not be stored');
  return ids as number[];
}

/**
 * Writes one prepared scan with the caller's client, inside the caller's transaction, in
 * a handful of statements: the shared rows (app, version, signers), the scan with all its
 * own rows (one statement of data-modifying CTEs), the texts, the strings. Throws
 * AlreadyRecordedError when (input, tool version) is already in the library (the
 * transaction is then aborted: roll it back).
 */
export interface WriteOptions {
  /** Also mark the queue's input of this scan done (src/queue), in the same statement. */
  readonly inputDone?: boolean;
}

export async function writePreparedScan(
  client: pg.ClientBase,
  record: PreparedScanRecord,
  options: WriteOptions = {},
): Promise<number> {
  const scan = record.prepared;
  const packageName = pgText(scan.packageName);
  const versionName = pgText(scan.versionName);
  const signers = [...scan.signers].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  // The version's id comes back from ON CONFLICT DO UPDATE even when another writer inserted
  // the row meanwhile (DO NOTHING returns nothing then); the update changes no value.
  const version = await client.query<{ id: number }>(
    `WITH app AS (INSERT INTO apps (package) VALUES ($1) ON CONFLICT DO NOTHING),
     signer AS (
       INSERT INTO signers (certificate_sha256, subject, issuer, public_key, well_known_key)
       SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) ON CONFLICT DO NOTHING),
     file AS (
       INSERT INTO files (path, sha256, size, mtime_ms) SELECT * FROM unnest($10::text[], $11::text[], $12::bigint[], $13::bigint[])
       ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms)
     INSERT INTO versions (package, version_code, version_name, signer_sha256) VALUES ($1, $2, $3, $4)
     ON CONFLICT (package, version_code, version_name, signer_sha256) DO UPDATE SET package = excluded.package
     RETURNING id`,
    [
      packageName,
      scan.versionCode,
      versionName,
      scan.signer,
      ...columns(
        signers.map((item) => [
          item.sha256,
          pgText(item.subject),
          pgText(item.issuer),
          pgText(item.publicKey),
          pgText(item.wellKnownKey),
        ]),
        5,
      ),
      ...columns(
        record.path !== undefined && record.size !== undefined
          ? [[pgText(record.path), record.inputSha256, record.size, Math.trunc(record.mtimeMs ?? 0)]]
          : [],
        4,
      ),
    ],
  );
  const versionId = version.rows[0]!.id;

  const evidence: unknown[][] = [];
  const endpoints: unknown[][] = [];
  const sdks: unknown[][] = [];
  scan.findings.forEach((finding, ordinal) => {
    finding.evidence.forEach(([kind, apkSha256, entry, json], index) =>
      evidence.push([ordinal, index, pgText(kind), pgText(apkSha256), pgText(entry), json]),
    );
    for (const endpoint of finding.endpoints)
      endpoints.push([ordinal, endpoint.kind, pgText(endpoint.host), pgText(endpoint.url ?? null)]);
    if (finding.sdk !== null) sdks.push([ordinal, pgText(finding.sdk)]);
  });
  let inserted;
  try {
    // Every sub-statement sees the same snapshot: the update supersedes the older scans of
    // this input, not the one inserted beside it.
    inserted = await client.query<{ scan_id: number; findings: Array<[number, number]> | null }>(
      `WITH superseded AS (UPDATE scans SET current = 0 WHERE input_sha256 = $1),
       cleared AS (DELETE FROM errors WHERE input_sha256 = $1 AND tool_version = $2),${
         options.inputDone === true
           ? `
       done AS (UPDATE inputs SET state = 'done', tool_version = $2, finished_at = now() WHERE sha256 = $1 AND state = 'queued'),`
           : ''
       }
       s AS (
         INSERT INTO scans (input_sha256, tool_version, schema_version, file_name, version_id, package, version_code, version_name,
           signer_sha256, label, total_size, finding_count, scanned_at, milliseconds, report_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id),
       scan_signer AS (
         INSERT INTO scan_signers (scan_id, certificate_sha256, schemes, verified, effective)
         SELECT s.id, u.* FROM s, unnest($16::text[], $17::text[], $18::smallint[], $19::smallint[]) AS u ON CONFLICT DO NOTHING),
       label AS (
         INSERT INTO labels (scan_id, locale, text, gloss) SELECT s.id, u.* FROM s, unnest($20::text[], $21::text[], $22::text[]) AS u),
       apk AS (
         INSERT INTO apks (scan_id, ordinal, name, sha256, size, split_name, package, version_code, version_name)
         SELECT s.id, u.* FROM s, unnest($23::integer[], $24::text[], $25::text[], $26::bigint[], $27::text[], $28::text[], $29::bigint[], $30::text[]) AS u),
       category AS (
         INSERT INTO scan_categories (scan_id, category, findings, best_confidence)
         SELECT s.id, u.* FROM s, unnest($31::text[], $32::integer[], $33::text[]) AS u),
       f AS (
         INSERT INTO findings (scan_id, ordinal, rule_id, code, topic, category, confidence, claim, args_json)
         SELECT s.id, u.* FROM s, unnest($34::integer[], $35::text[], $36::text[], $37::text[], $38::text[], $39::text[], $40::text[], $41::text[]) AS u
         RETURNING id, ordinal),
       item AS (
         INSERT INTO evidence (finding_id, ordinal, kind, apk_sha256, entry, detail_json)
         SELECT f.id, u.ordinal, u.kind, u.apk, u.entry, u.json
         FROM unnest($42::integer[], $43::integer[], $44::text[], $45::text[], $46::text[], $47::text[]) AS u(finding, ordinal, kind, apk, entry, json)
         JOIN f ON f.ordinal = u.finding),
       endpoint AS (
         INSERT INTO endpoints (scan_id, finding_id, kind, host, url)
         SELECT s.id, f.id, u.kind, u.host, u.url
         FROM s, unnest($48::integer[], $49::text[], $50::text[], $51::text[]) AS u(finding, kind, host, url) JOIN f ON f.ordinal = u.finding),
       sdk AS (
         INSERT INTO sdks (scan_id, finding_id, sdk)
         SELECT s.id, f.id, u.sdk FROM s, unnest($52::integer[], $53::text[]) AS u(finding, sdk) JOIN f ON f.ordinal = u.finding)
       SELECT (SELECT id FROM s) AS scan_id, (SELECT json_agg(json_build_array(ordinal, id)) FROM f) AS findings`,
      [
        record.inputSha256,
        scan.toolVersion,
        scan.schemaVersion,
        pgText(record.fileName),
        versionId,
        packageName,
        scan.versionCode,
        versionName,
        scan.signer,
        pgText(scan.label),
        scan.totalSize,
        scan.findings.length,
        new Date().toISOString(),
        record.milliseconds === undefined ? null : Math.round(record.milliseconds),
        scan.reportJson,
        ...columns(
          signers.map((item) => [item.sha256, item.schemes, item.verified, item.effective]),
          4,
        ),
        ...columns(
          scan.labels.map(([locale, text, gloss]) => [pgText(locale), pgText(text), pgText(gloss)]),
          3,
        ),
        ...columns(
          scan.apks.map(([name, sha256, size, splitName, apkPackage, versionCode, apkVersionName], ordinal) => [
            ordinal,
            pgText(name),
            sha256,
            size,
            pgText(splitName),
            pgText(apkPackage),
            versionCode,
            pgText(apkVersionName),
          ]),
          8,
        ),
        ...columns(
          scan.categories.map(([category, count, best]) => [pgText(category), count, pgText(best)]),
          3,
        ),
        ...columns(
          scan.findings.map((finding, ordinal) => [
            ordinal,
            pgText(finding.ruleId),
            pgText(finding.code),
            pgText(finding.topic),
            pgText(finding.category),
            pgText(finding.confidence),
            pgText(finding.claim),
            finding.argsJson,
          ]),
          8,
        ),
        ...columns(evidence, 6),
        ...columns(endpoints, 4),
        ...columns(sdks, 2),
      ],
    );
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === UNIQUE_VIOLATION && constraint === SCAN_KEY_CONSTRAINT)
      throw new AlreadyRecordedError(record.inputSha256);
    throw error;
  }
  const scanId = inserted.rows[0]!.scan_id;
  const findingIds: number[] = [];
  for (const [ordinal, id] of inserted.rows[0]!.findings ?? []) findingIds[ordinal] = id;

  const ids = await textIds(client, scan);
  for (const part of chunks(scan.strings)) {
    await client.query(
      `INSERT INTO strings (scan_id, finding_id, source, text_id)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::bigint[])`,
      [
        scanId,
        ...columns(
          part.map(([finding, source, text]) => [
            finding < 0 ? null : (findingIds[finding] ?? null),
            pgText(source),
            ids[text],
          ]),
          3,
        ),
      ],
    );
  }
  return scanId;
}

/** Records (or replaces) the error of one input for this tool version, in the caller's transaction. */
export async function writeError(client: pg.ClientBase, record: ErrorRecord, toolVersion: string): Promise<void> {
  await client.query(
    `INSERT INTO errors (path, input_sha256, tool_version, kind, message, at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (input_sha256, tool_version) DO UPDATE SET path = excluded.path, kind = excluded.kind, message = excluded.message, at = excluded.at`,
    [
      pgText(record.path),
      record.inputSha256,
      toolVersion,
      record.kind,
      pgText(record.message),
      new Date().toISOString(),
    ],
  );
}
