/**
 * Recording one prepared scan (src/store/prepare.ts) in the PostgreSQL library: every row
 * of it in one statement of data-modifying CTEs, each table inserted over arrays
 * (`unnest`): one round trip whatever the scan's size, prepared once per connection so
 * that the server parses the statement once, and atomic without BEGIN and COMMIT.
 *
 * Several workers write at once. Rows they may share (apps, versions, signers, texts) are
 * inserted ON CONFLICT in sorted order, so two writers wait for each other's keys in the
 * same order. Where their ids are needed (versions, texts), ON CONFLICT DO UPDATE (a
 * no-op update) returns the id of a row another writer committed after the statement's
 * snapshot, which the statement's own look-up cannot see. The scan's own key UNIQUE
 * (input_sha256, tool_version) makes a second recording of the same input fail:
 * AlreadyRecordedError.
 */
import type pg from 'pg';
import type { ErrorRecord, PreparedScanRecord } from '../types.js';

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

function columns(rows: ReadonlyArray<readonly unknown[]>, count: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: count }, () => []);
  for (const row of rows) for (let index = 0; index < count; index += 1) out[index]!.push(row[index] ?? null);
  return out;
}

export interface WriteOptions {
  /** Also mark the queue's input of this scan done (src/queue), in the same statement. */
  readonly inputDone?: boolean;
}

/** The statement, with or without marking the queue's input done; its parameters are numbered in writePreparedScan. */
function recordStatement(inputDone: boolean): string {
  return `WITH app AS (INSERT INTO apps (package) VALUES ($5) ON CONFLICT DO NOTHING),
     signer AS (
       INSERT INTO signers (certificate_sha256, subject, issuer, public_key, well_known_key)
       SELECT * FROM unnest($15::text[], $16::text[], $17::text[], $18::text[], $19::text[]) ON CONFLICT DO NOTHING),
     file AS (
       INSERT INTO files (path, sha256, size, mtime_ms) SELECT * FROM unnest($20::text[], $21::text[], $22::bigint[], $23::bigint[])
       ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms),
     v AS (
       INSERT INTO versions (package, version_code, version_name, signer_sha256) VALUES ($5, $6, $7, $8)
       ON CONFLICT (package, version_code, version_name, signer_sha256) DO UPDATE SET package = excluded.package
       RETURNING id),
     superseded AS (UPDATE scans SET current = 0 WHERE input_sha256 = $1),
     cleared AS (DELETE FROM errors WHERE input_sha256 = $1 AND tool_version = $2),${
       inputDone
         ? `
     done AS (UPDATE inputs SET state = 'done', tool_version = $2, finished_at = now() WHERE sha256 = $1 AND state = 'queued'),`
         : ''
     }
     s AS (
       INSERT INTO scans (input_sha256, tool_version, schema_version, file_name, version_id, package, version_code, version_name,
         signer_sha256, label, total_size, finding_count, scanned_at, milliseconds, report_json)
       SELECT $1, $2, $3, $4, v.id, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM v RETURNING id),
     scan_signer AS (
       INSERT INTO scan_signers (scan_id, certificate_sha256, schemes, verified, effective)
       SELECT s.id, u.* FROM s, unnest($15::text[], $24::text[], $25::smallint[], $26::smallint[]) AS u ON CONFLICT DO NOTHING),
     label AS (
       INSERT INTO labels (scan_id, locale, text, gloss) SELECT s.id, u.* FROM s, unnest($27::text[], $28::text[], $29::text[]) AS u),
     apk AS (
       INSERT INTO apks (scan_id, ordinal, name, sha256, size, split_name, package, version_code, version_name)
       SELECT s.id, u.* FROM s, unnest($30::integer[], $31::text[], $32::text[], $33::bigint[], $34::text[], $35::text[], $36::bigint[], $37::text[]) AS u),
     category AS (
       INSERT INTO scan_categories (scan_id, category, findings, best_confidence)
       SELECT s.id, u.* FROM s, unnest($38::text[], $39::integer[], $40::text[]) AS u),
     f AS (
       INSERT INTO findings (scan_id, ordinal, rule_id, code, topic, category, confidence, claim, args_json)
       SELECT s.id, u.* FROM s, unnest($41::integer[], $42::text[], $43::text[], $44::text[], $45::text[], $46::text[], $47::text[], $48::text[]) AS u
       RETURNING id, ordinal),
     item AS (
       INSERT INTO evidence (finding_id, ordinal, kind, apk_sha256, entry, detail_json)
       SELECT f.id, u.ordinal, u.kind, u.apk, u.entry, u.json
       FROM unnest($49::integer[], $50::integer[], $51::text[], $52::text[], $53::text[], $54::text[]) AS u(finding, ordinal, kind, apk, entry, json)
       JOIN f ON f.ordinal = u.finding),
     endpoint AS (
       INSERT INTO endpoints (scan_id, finding_id, kind, host, url)
       SELECT s.id, f.id, u.kind, u.host, u.url
       FROM s, unnest($55::integer[], $56::text[], $57::text[], $58::text[]) AS u(finding, kind, host, url) JOIN f ON f.ordinal = u.finding),
     sdk AS (
       INSERT INTO sdks (scan_id, finding_id, sdk)
       SELECT s.id, f.id, u.sdk FROM s, unnest($59::integer[], $60::text[]) AS u(finding, sdk) JOIN f ON f.ordinal = u.finding),
     u AS (
       SELECT text, folded, ord, sha256(convert_to(text, 'UTF8')) AS digest
       FROM unnest($61::text[], $62::text[]) WITH ORDINALITY AS u(text, folded, ord)),
     known AS (SELECT x.id, u.ord FROM u JOIN texts x ON x.digest = u.digest),
     t AS (
       INSERT INTO texts (digest, text, folded)
       SELECT DISTINCT ON (digest) digest, text, folded FROM u
       WHERE NOT EXISTS (SELECT 1 FROM known WHERE known.ord = u.ord) ORDER BY digest
       ON CONFLICT (digest) DO UPDATE SET digest = excluded.digest RETURNING id, digest),
     b AS (
       INSERT INTO text_bigrams (gram, text_id)
       SELECT g.gram, t.id FROM unnest($63::text[], $64::integer[]) AS g(gram, ord)
       JOIN u ON u.ord = g.ord JOIN t ON t.digest = u.digest
       ORDER BY 1, 2 ON CONFLICT DO NOTHING),
     ids AS (SELECT id, ord FROM known UNION ALL SELECT t.id, u.ord FROM t JOIN u ON u.digest = t.digest),
     str AS (
       INSERT INTO strings (scan_id, finding_id, source, text_id)
       SELECT s.id, f.id, g.source, ids.id
       FROM s, unnest($65::integer[], $66::text[], $67::integer[]) WITH ORDINALITY AS g(finding, source, text, position)
       JOIN ids ON ids.ord = g.text LEFT JOIN f ON f.ordinal = g.finding
       ORDER BY g.position)
     SELECT (SELECT id FROM s) AS scan_id,
       (SELECT count(*) FROM u WHERE NOT EXISTS (SELECT 1 FROM ids WHERE ids.ord = u.ord))::integer AS missing`;
}

const RECORD_STATEMENTS = {
  plain: { name: 'apkwitness_record_scan', text: recordStatement(false) },
  inputDone: { name: 'apkwitness_record_scan_input_done', text: recordStatement(true) },
};

/**
 * Writes one prepared scan with the caller's client in ONE statement of data-modifying
 * CTEs (prepared once per connection): the shared rows (app, version, signers, file,
 * texts with their bigrams) and the scan with all its own rows. Being one statement, it
 * needs no transaction of its own (recordPreparedScan runs it alone). A text another
 * writer committed after the statement's snapshot is not seen by its look-up; inserting
 * it meets the other's row, and ON CONFLICT DO UPDATE (a no-op update) returns that row's
 * id, as for the version. Throws AlreadyRecordedError when (input, tool version) is
 * already in the library (in a transaction, roll it back).
 */
export async function writePreparedScan(
  client: pg.ClientBase,
  record: PreparedScanRecord,
  options: WriteOptions = {},
): Promise<number> {
  const scan = record.prepared;
  const packageName = pgText(scan.packageName);
  const versionName = pgText(scan.versionName);
  // Shared keys in sorted order (signers here, texts by digest in the statement): two
  // writers wait for each other's new keys in the same order.
  const signers = [...scan.signers].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
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
  const stored = scan.texts.map((text) => pgText(text));
  const gramTexts: string[] = [];
  const gramOrdinals: number[] = [];
  scan.textBigrams.forEach((grams, index) => {
    for (const gram of grams) {
      gramTexts.push(pgText(gram));
      gramOrdinals.push(index + 1);
    }
  });
  const statement = options.inputDone === true ? RECORD_STATEMENTS.inputDone : RECORD_STATEMENTS.plain;
  let inserted;
  try {
    // Every sub-statement sees the same snapshot: the update supersedes the older scans of
    // this input, not the one inserted beside it.
    inserted = await client.query<{
      scan_id: number;
      missing: number;
    }>({
      ...statement,
      values: [
        record.inputSha256,
        scan.toolVersion,
        scan.schemaVersion,
        pgText(record.fileName),
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
        ...columns(
          signers.map((item) => [item.schemes, item.verified, item.effective]),
          3,
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
        stored,
        stored.map((text) => text.toLowerCase()),
        gramTexts,
        gramOrdinals,
        ...columns(
          scan.strings.map(([finding, source, text]) => [finding, pgText(source), text + 1]),
          3,
        ),
      ],
    });
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === UNIQUE_VIOLATION && constraint === SCAN_KEY_CONSTRAINT)
      throw new AlreadyRecordedError(record.inputSha256);
    throw error;
  }
  const row = inserted.rows[0]!;
  // Cannot happen (every text is found or returned by its insert): said rather than recorded silently.
  if (row.missing > 0) throw new Error(`${row.missing} text(s) of the scan of ${scan.packageName} got no id`);
  return row.scan_id;
}

/**
 * Records one prepared scan by its statement alone: no BEGIN, no COMMIT, one round trip.
 * Throws AlreadyRecordedError when (input, tool version) is already in the library.
 */
export async function recordPreparedScan(
  pool: pg.Pool,
  record: PreparedScanRecord,
  options: WriteOptions = {},
): Promise<number> {
  const client = await pool.connect();
  try {
    return await writePreparedScan(client, record, options);
  } finally {
    client.release();
  }
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
