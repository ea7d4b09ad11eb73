/**
 * Recording one scan: every row of it (scan, version, signers, labels, APKs, findings,
 * evidence, endpoints, SDKs, categories, strings) in ONE transaction, so that a kill at
 * any moment leaves either the whole scan or none of it.
 */
import type Database from 'better-sqlite3';
import { prepareScan } from './prepare.js';
import type { ClaimOutcome, ClaimRequest, ErrorRecord, PreparedScanRecord, ScanRecord } from './types.js';

export class ScanWriter {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      file: db.prepare(
        'INSERT INTO files (path, sha256, size, mtime_ms) VALUES (?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms',
      ),
      app: db.prepare('INSERT OR IGNORE INTO apps (package) VALUES (?)'),
      version: db.prepare(
        'INSERT INTO versions (package, version_code, version_name, signer_sha256) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      versionId: db
        .prepare(
          'SELECT id FROM versions WHERE package = ? AND version_code IS ? AND version_name IS ? AND signer_sha256 = ?',
        )
        .pluck(),
      signer: db.prepare(
        'INSERT OR IGNORE INTO signers (certificate_sha256, subject, issuer, public_key, well_known_key) VALUES (?, ?, ?, ?, ?)',
      ),
      supersede: db.prepare('UPDATE scans SET current = 0 WHERE input_sha256 = ?'),
      scan: db.prepare(`INSERT INTO scans (input_sha256, tool_version, schema_version, file_name, version_id, package, version_code, version_name, signer_sha256, label, total_size, finding_count, scanned_at, milliseconds, report_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      scanSigner: db.prepare(
        'INSERT OR IGNORE INTO scan_signers (scan_id, certificate_sha256, schemes, verified, effective) VALUES (?, ?, ?, ?, ?)',
      ),
      label: db.prepare('INSERT INTO labels (scan_id, locale, text, gloss) VALUES (?, ?, ?, ?)'),
      apk: db.prepare(
        'INSERT INTO apks (scan_id, ordinal, name, sha256, size, split_name, package, version_code, version_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      finding: db.prepare(
        'INSERT INTO findings (scan_id, ordinal, rule_id, code, topic, category, confidence, claim, args_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      evidence: db.prepare(
        'INSERT INTO evidence (finding_id, ordinal, kind, apk_sha256, entry, detail_json) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      endpoint: db.prepare('INSERT INTO endpoints (scan_id, finding_id, kind, host, url) VALUES (?, ?, ?, ?, ?)'),
      sdk: db.prepare('INSERT INTO sdks (scan_id, finding_id, sdk) VALUES (?, ?, ?)'),
      category: db.prepare(
        'INSERT INTO scan_categories (scan_id, category, findings, best_confidence) VALUES (?, ?, ?, ?)',
      ),
      string: db.prepare('INSERT INTO strings (scan_id, finding_id, source, text, text_id) VALUES (?, ?, ?, ?, ?)'),
      textId: db.prepare('SELECT id FROM texts WHERE text = ?').pluck(),
      text: db.prepare('INSERT INTO texts (text) VALUES (?)'),
      // Directly, not by a trigger: FTS5 inside a trigger program flushed its pending
      // terms at every statement (measured twice the CPU of the same inserts made here).
      textIndex: db.prepare('INSERT INTO texts_fts (rowid, text) VALUES (?, ?)'),
      bigram: db.prepare('INSERT OR IGNORE INTO text_bigrams (gram, text_id) VALUES (?, ?)'),
      clearError: db.prepare('DELETE FROM errors WHERE input_sha256 = ? AND tool_version = ?'),
      scanFor: db.prepare('SELECT id FROM scans WHERE input_sha256 = ? AND tool_version = ?').pluck(),
      errorFor: db.prepare('SELECT kind FROM errors WHERE input_sha256 = ? AND tool_version = ?').pluck(),
      error:
        db.prepare(`INSERT INTO errors (path, input_sha256, tool_version, kind, message, at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(input_sha256, tool_version) DO UPDATE SET path = excluded.path, kind = excluded.kind, message = excluded.message, at = excluded.at`),
    };
  }

  /** Records a file's path, hash, size and mtime (lets a later batch skip hashing unchanged files). */
  recordFile(path: string, sha256: string, size: number, mtimeMs: number): void {
    this.statements.file.run(path, sha256, size, Math.trunc(mtimeMs));
  }

  /** Writes one scan in one transaction; returns its id. Throws if this input was already scanned by this tool version. */
  writeScan(record: ScanRecord): number {
    const { report, appStrings, ...rest } = record;
    return this.writePrepared({ ...rest, prepared: prepareScan(report, appStrings) });
  }

  /** Writes one scan prepared by `prepareScan` (in a batch worker) in one transaction; returns its id. */
  writePrepared(record: PreparedScanRecord): number {
    return this.db.transaction(() => this.writeRows(record))();
  }

  /** Records (or replaces) the error of one file for this tool version. */
  writeError(record: ErrorRecord, toolVersion: string): void {
    this.db.transaction(() => {
      this.statements.error.run(
        record.path,
        record.inputSha256,
        toolVersion,
        record.kind,
        record.message,
        new Date().toISOString(),
      );
    })();
  }

  /**
   * Claims an input for this batch process, in one IMMEDIATE transaction (SQLite's write lock):
   * 'done' when this version already has its scan (or its error, unless retrying errors),
   * 'taken' when another live batch holds a claim on it, else 'claimed'. A claim whose owner
   * is gone (`isLive` false) or older than `staleBefore` is taken over.
   */
  claim(request: ClaimRequest): ClaimOutcome {
    const s = this.statements;
    const c = this.claimStatements();
    return this.db
      .transaction((): ClaimOutcome => {
        if (s.scanFor.get(request.inputSha256, request.toolVersion) !== undefined) return 'done';
        if (!request.retryErrors && s.errorFor.get(request.inputSha256, request.toolVersion) !== undefined)
          return 'done';
        const held = c.claimOf.get(request.inputSha256, request.toolVersion) as
          { owner: string; claimedAt: number } | undefined;
        if (
          held !== undefined &&
          held.owner !== request.owner &&
          held.claimedAt >= request.staleBefore &&
          request.isLive(held.owner)
        )
          return 'taken';
        c.claim.run(request.inputSha256, request.toolVersion, request.owner, request.now);
        return 'claimed';
      })
      .immediate();
  }

  /** Gives a claim back (the scan or error is recorded, or the batch gave up on the file). */
  releaseClaim(inputSha256: string, toolVersion: string, owner: string): void {
    this.claimStatements().release.run(inputSha256, toolVersion, owner);
  }

  private claims: ReturnType<typeof prepareClaimStatements> | undefined;

  /** Prepared on first use: a writer of a library older than migration 6 (tests of migrations) has no claims table. */
  private claimStatements(): ReturnType<typeof prepareClaimStatements> {
    this.claims ??= prepareClaimStatements(this.db);
    return this.claims;
  }

  /** The id of a distinct text; a new text is indexed (trigrams and CJK bigrams) once. */
  private textId(text: string, bigrams: readonly string[]): number {
    const known = this.statements.textId.get(text) as number | undefined;
    if (known !== undefined) return known;
    const id = Number(this.statements.text.run(text).lastInsertRowid);
    this.statements.textIndex.run(id, text);
    for (const gram of bigrams) this.statements.bigram.run(gram, id);
    return id;
  }

  private writeRows(record: PreparedScanRecord): number {
    const s = this.statements;
    const scan = record.prepared;
    if (record.path !== undefined && record.size !== undefined)
      s.file.run(record.path, record.inputSha256, record.size, Math.trunc(record.mtimeMs ?? 0));
    s.app.run(scan.packageName);
    s.version.run(scan.packageName, scan.versionCode, scan.versionName, scan.signer);
    const versionId = s.versionId.get(scan.packageName, scan.versionCode, scan.versionName, scan.signer) as number;
    s.supersede.run(record.inputSha256);
    s.clearError.run(record.inputSha256, scan.toolVersion);
    const scanId = Number(
      s.scan.run(
        record.inputSha256,
        scan.toolVersion,
        scan.schemaVersion,
        record.fileName,
        versionId,
        scan.packageName,
        scan.versionCode,
        scan.versionName,
        scan.signer,
        scan.label,
        scan.totalSize,
        scan.findings.length,
        new Date().toISOString(),
        record.milliseconds === undefined ? null : Math.round(record.milliseconds),
        scan.reportJson,
      ).lastInsertRowid,
    );

    for (const item of scan.signers) {
      s.signer.run(item.sha256, item.subject, item.issuer, item.publicKey, item.wellKnownKey);
      s.scanSigner.run(scanId, item.sha256, item.schemes, item.verified, item.effective);
    }
    for (const label of scan.labels) s.label.run(scanId, ...label);
    scan.apks.forEach((apk, ordinal) => s.apk.run(scanId, ordinal, ...apk));

    const findingIds: number[] = [];
    scan.findings.forEach((finding, ordinal) => {
      const findingId = Number(
        s.finding.run(
          scanId,
          ordinal,
          finding.ruleId,
          finding.code,
          finding.topic,
          finding.category,
          finding.confidence,
          finding.claim,
          finding.argsJson,
        ).lastInsertRowid,
      );
      findingIds.push(findingId);
      finding.evidence.forEach((item, index) => s.evidence.run(findingId, index, ...item));
      for (const endpoint of finding.endpoints)
        s.endpoint.run(scanId, findingId, endpoint.kind, endpoint.host, endpoint.url ?? null);
      if (finding.sdk !== null) s.sdk.run(scanId, findingId, finding.sdk);
    });
    for (const category of scan.categories) s.category.run(scanId, ...category);
    const textIds = scan.texts.map((text, index) => this.textId(text, scan.textBigrams[index] ?? []));
    for (const [finding, source, text] of scan.strings) {
      s.string.run(scanId, finding < 0 ? null : (findingIds[finding] ?? null), source, scan.texts[text], textIds[text]);
    }
    return scanId;
  }
}

function prepareClaimStatements(db: Database.Database) {
  return {
    claimOf: db.prepare(
      'SELECT owner, claimed_at AS claimedAt FROM claims WHERE input_sha256 = ? AND tool_version = ?',
    ),
    claim: db.prepare(
      'INSERT INTO claims (input_sha256, tool_version, owner, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT(input_sha256, tool_version) DO UPDATE SET owner = excluded.owner, claimed_at = excluded.claimed_at',
    ),
    release: db.prepare('DELETE FROM claims WHERE input_sha256 = ? AND tool_version = ? AND owner = ?'),
  };
}
