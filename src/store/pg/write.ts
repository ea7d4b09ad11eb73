/**
 * Recording one prepared scan (src/store/prepare.ts) in the PostgreSQL library: every row
 * of it in the caller's transaction, each table in one statement over arrays (`unnest`),
 * so that a scan costs a dozen round trips whatever its size.
 *
 * Several workers write at once. Rows they may share (apps, versions, signers, texts)
 * are inserted with ON CONFLICT DO NOTHING and then read back in a new statement, which
 * under READ COMMITTED sees a row another worker committed meanwhile; shared keys are
 * inserted in sorted order, so two transactions wait for each other's keys in the same
 * order and cannot deadlock. The scan's own key UNIQUE (input_sha256, tool_version)
 * makes a second recording of the same input fail: AlreadyRecordedError.
 */
import { createHash } from 'node:crypto';
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

/** The key of a text: SHA-256 of the UTF-8 bytes PostgreSQL stores (lone surrogates become U+FFFD in both). */
export function textDigest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

function columns<T extends readonly unknown[]>(rows: readonly T[], count: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: count }, () => []);
  for (const row of rows) for (let index = 0; index < count; index += 1) out[index]!.push(row[index] ?? null);
  return out;
}

/** Ids of the texts of one scan (index into prepared.texts), inserting the new ones with their bigrams. */
async function textIds(client: pg.ClientBase, scan: PreparedScan): Promise<number[]> {
  const ids: number[] = new Array<number>(scan.texts.length);
  const entries = scan.texts.map((text, index) => {
    const stored = pgText(text);
    return { index, stored, digest: textDigest(stored), hex: '' };
  });
  for (const entry of entries) entry.hex = entry.digest.toString('hex');
  const byHex = new Map<string, number[]>();
  for (const entry of entries) {
    const list = byHex.get(entry.hex);
    if (list === undefined) byHex.set(entry.hex, [entry.index]);
    else list.push(entry.index);
  }
  const assign = (rows: ReadonlyArray<{ id: number; digest: Buffer }>): void => {
    for (const row of rows) for (const index of byHex.get(row.digest.toString('hex')) ?? []) ids[index] = row.id;
  };
  const unique = [...byHex.keys()].sort().map((hex) => entries[byHex.get(hex)![0]!]!);
  for (const part of chunks(unique)) {
    const known = await client.query<{ id: number; digest: Buffer }>(
      'SELECT id, digest FROM texts WHERE digest = ANY($1::bytea[])',
      [part.map((entry) => entry.digest)],
    );
    assign(known.rows);
  }
  const missing = unique.filter((entry) => ids[entry.index] === undefined);
  for (const part of chunks(missing)) {
    // Sorted by digest: concurrent writers lock the same new keys in the same order.
    const inserted = await client.query<{ id: number; digest: Buffer }>(
      `INSERT INTO texts (digest, text, folded)
       SELECT digest, text, folded FROM unnest($1::bytea[], $2::text[], $3::text[]) AS u(digest, text, folded) ORDER BY digest
       ON CONFLICT (digest) DO NOTHING RETURNING id, digest`,
      [
        part.map((entry) => entry.digest),
        part.map((entry) => entry.stored),
        part.map((entry) => entry.stored.toLowerCase()),
      ],
    );
    assign(inserted.rows);
    const grams: Array<[string, number]> = [];
    for (const row of inserted.rows) {
      const index = byHex.get(row.digest.toString('hex'))![0]!;
      for (const gram of scan.textBigrams[index] ?? []) grams.push([pgText(gram), row.id]);
    }
    grams.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    for (const gramPart of chunks(grams)) {
      await client.query(
        `INSERT INTO text_bigrams (gram, text_id) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING`,
        columns(gramPart, 2),
      );
    }
  }
  // Inserted by another writer between our look-up and our insert: visible to a new statement.
  const late = unique.filter((entry) => ids[entry.index] === undefined);
  for (const part of chunks(late)) {
    const found = await client.query<{ id: number; digest: Buffer }>(
      'SELECT id, digest FROM texts WHERE digest = ANY($1::bytea[])',
      [part.map((entry) => entry.digest)],
    );
    assign(found.rows);
  }
  if (ids.some((id) => id === undefined)) throw new Error('a text of the scan could not be stored');
  return ids;
}

/**
 * Writes one prepared scan with the caller's client, inside the caller's transaction.
 * Throws AlreadyRecordedError when (input, tool version) is already in the library (the
 * transaction is then aborted: roll it back).
 */
export async function writePreparedScan(client: pg.ClientBase, record: PreparedScanRecord): Promise<number> {
  const scan = record.prepared;
  if (record.path !== undefined && record.size !== undefined) {
    await client.query(
      `INSERT INTO files (path, sha256, size, mtime_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms`,
      [pgText(record.path), record.inputSha256, record.size, Math.trunc(record.mtimeMs ?? 0)],
    );
  }
  const packageName = pgText(scan.packageName);
  const versionName = pgText(scan.versionName);
  await client.query('INSERT INTO apps (package) VALUES ($1) ON CONFLICT DO NOTHING', [packageName]);
  await client.query(
    'INSERT INTO versions (package, version_code, version_name, signer_sha256) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
    [packageName, scan.versionCode, versionName, scan.signer],
  );
  const version = await client.query<{ id: number }>(
    `SELECT id FROM versions WHERE package = $1 AND version_code IS NOT DISTINCT FROM $2
       AND version_name IS NOT DISTINCT FROM $3 AND signer_sha256 = $4`,
    [packageName, scan.versionCode, versionName, scan.signer],
  );
  const versionId = version.rows[0]!.id;
  const signers = [...scan.signers].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  if (signers.length > 0) {
    await client.query(
      `INSERT INTO signers (certificate_sha256, subject, issuer, public_key, well_known_key)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
      columns(
        signers.map((item) => [
          item.sha256,
          pgText(item.subject),
          pgText(item.issuer),
          pgText(item.publicKey),
          pgText(item.wellKnownKey),
        ]),
        5,
      ),
    );
  }
  await client.query('UPDATE scans SET current = 0 WHERE input_sha256 = $1', [record.inputSha256]);
  await client.query('DELETE FROM errors WHERE input_sha256 = $1 AND tool_version = $2', [
    record.inputSha256,
    scan.toolVersion,
  ]);
  let scanId: number;
  try {
    const inserted = await client.query<{ id: number }>(
      `INSERT INTO scans (input_sha256, tool_version, schema_version, file_name, version_id, package, version_code, version_name,
         signer_sha256, label, total_size, finding_count, scanned_at, milliseconds, report_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
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
      ],
    );
    scanId = inserted.rows[0]!.id;
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === UNIQUE_VIOLATION && constraint === SCAN_KEY_CONSTRAINT)
      throw new AlreadyRecordedError(record.inputSha256);
    throw error;
  }

  if (signers.length > 0) {
    await client.query(
      `INSERT INTO scan_signers (scan_id, certificate_sha256, schemes, verified, effective)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::smallint[], $5::smallint[]) ON CONFLICT DO NOTHING`,
      [
        scanId,
        ...columns(
          signers.map((item) => [item.sha256, item.schemes, item.verified, item.effective]),
          4,
        ),
      ],
    );
  }
  if (scan.labels.length > 0) {
    await client.query(
      'INSERT INTO labels (scan_id, locale, text, gloss) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])',
      [
        scanId,
        ...columns(
          scan.labels.map(([locale, text, gloss]) => [pgText(locale), pgText(text), pgText(gloss)]),
          3,
        ),
      ],
    );
  }
  if (scan.apks.length > 0) {
    await client.query(
      `INSERT INTO apks (scan_id, ordinal, name, sha256, size, split_name, package, version_code, version_name)
       SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::bigint[], $9::text[])`,
      [
        scanId,
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
      ],
    );
  }

  const findingIds: number[] = [];
  for (const part of chunks(scan.findings.map((finding, ordinal) => ({ finding, ordinal })))) {
    const inserted = await client.query<{ id: number; ordinal: number }>(
      `INSERT INTO findings (scan_id, ordinal, rule_id, code, topic, category, confidence, claim, args_json)
       SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       RETURNING id, ordinal`,
      [
        scanId,
        ...columns(
          part.map(({ finding, ordinal }) => [
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
      ],
    );
    for (const row of inserted.rows) findingIds[row.ordinal] = row.id;
  }
  const evidence: unknown[][] = [];
  const endpoints: unknown[][] = [];
  const sdks: unknown[][] = [];
  scan.findings.forEach((finding, ordinal) => {
    const findingId = findingIds[ordinal]!;
    finding.evidence.forEach(([kind, apkSha256, entry, json], index) =>
      evidence.push([findingId, index, pgText(kind), pgText(apkSha256), pgText(entry), json]),
    );
    for (const endpoint of finding.endpoints)
      endpoints.push([findingId, endpoint.kind, pgText(endpoint.host), pgText(endpoint.url ?? null)]);
    if (finding.sdk !== null) sdks.push([findingId, pgText(finding.sdk)]);
  });
  for (const part of chunks(evidence)) {
    await client.query(
      `INSERT INTO evidence (finding_id, ordinal, kind, apk_sha256, entry, detail_json)
       SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      columns(part, 6),
    );
  }
  for (const part of chunks(endpoints)) {
    await client.query(
      `INSERT INTO endpoints (scan_id, finding_id, kind, host, url)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])`,
      [scanId, ...columns(part, 4)],
    );
  }
  if (sdks.length > 0) {
    await client.query(
      'INSERT INTO sdks (scan_id, finding_id, sdk) SELECT $1, * FROM unnest($2::bigint[], $3::text[])',
      [scanId, ...columns(sdks, 2)],
    );
  }
  if (scan.categories.length > 0) {
    await client.query(
      `INSERT INTO scan_categories (scan_id, category, findings, best_confidence)
       SELECT $1, * FROM unnest($2::text[], $3::integer[], $4::text[])`,
      [
        scanId,
        ...columns(
          scan.categories.map(([category, count, best]) => [pgText(category), count, pgText(best)]),
          3,
        ),
      ],
    );
  }
  const ids = await textIds(client, scan);
  for (const part of chunks(scan.strings)) {
    await client.query(
      `INSERT INTO strings (scan_id, finding_id, source, text, text_id)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[])`,
      [
        scanId,
        ...columns(
          part.map(([finding, source, text]) => [
            finding < 0 ? null : (findingIds[finding] ?? null),
            pgText(source),
            pgText(scan.texts[text] ?? ''),
            ids[text],
          ]),
          4,
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
