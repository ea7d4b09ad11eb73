/**
 * Recording one scan: every row of it (scan, version, signers, labels, APKs, findings,
 * evidence, endpoints, SDKs, categories, strings) in ONE transaction, so that a kill at
 * any moment leaves either the whole scan or none of it.
 */
import type Database from 'better-sqlite3';
import type { Finding } from '../findings/types.js';
import { reportStrings } from './report-strings.js';
import { bigramsOf } from './bigrams.js';
import type { ErrorRecord, ScanRecord } from './types.js';

const CONFIDENCE_RANK: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2 };
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function effectiveSigner(record: ScanRecord): string {
  const signers = record.report.app.signers;
  return (signers.find((signer) => signer.effective) ?? signers[0])?.certificateSha256 ?? '';
}

function defaultLabel(record: ScanRecord): string | undefined {
  const labels = record.report.app.labels;
  return (labels.find((label) => label.locale === '') ?? labels[0])?.text;
}

/** The hosts a destination finding names: its url/host arguments, or a domain list. */
export function findingEndpoints(finding: Finding): Array<{ kind: 'url' | 'host' | 'ip'; host: string; url?: string }> {
  if (finding.topic !== 'destination') return [];
  const { url, host, domains } = finding.args;
  const hostKind = (name: string): 'host' | 'ip' => (IPV4.test(name) || name.includes(':') ? 'ip' : 'host');
  if (typeof host === 'string' && host !== '') {
    const lower = host.toLowerCase();
    return [typeof url === 'string' ? { kind: 'url', host: lower, url } : { kind: hostKind(lower), host: lower }];
  }
  if (typeof domains === 'string') {
    return domains.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '').map((name) => ({ kind: hostKind(name), host: name }));
  }
  return [];
}

export class ScanWriter {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      file: db.prepare('INSERT INTO files (path, sha256, size, mtime_ms) VALUES (?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms'),
      app: db.prepare('INSERT OR IGNORE INTO apps (package) VALUES (?)'),
      version: db.prepare('INSERT INTO versions (package, version_code, version_name, signer_sha256) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      versionId: db.prepare('SELECT id FROM versions WHERE package = ? AND version_code IS ? AND version_name IS ? AND signer_sha256 = ?').pluck(),
      signer: db.prepare('INSERT OR IGNORE INTO signers (certificate_sha256, subject, issuer, public_key, well_known_key) VALUES (?, ?, ?, ?, ?)'),
      supersede: db.prepare('UPDATE scans SET current = 0 WHERE input_sha256 = ?'),
      scan: db.prepare(`INSERT INTO scans (input_sha256, tool_version, schema_version, file_name, version_id, package, version_code, version_name, signer_sha256, label, total_size, finding_count, scanned_at, milliseconds, report_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      scanSigner: db.prepare('INSERT OR IGNORE INTO scan_signers (scan_id, certificate_sha256, schemes, verified, effective) VALUES (?, ?, ?, ?, ?)'),
      label: db.prepare('INSERT INTO labels (scan_id, locale, text, gloss) VALUES (?, ?, ?, ?)'),
      apk: db.prepare('INSERT INTO apks (scan_id, ordinal, name, sha256, size, split_name, package, version_code, version_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      finding: db.prepare('INSERT INTO findings (scan_id, ordinal, rule_id, code, topic, category, confidence, claim, args_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      evidence: db.prepare('INSERT INTO evidence (finding_id, ordinal, kind, apk_sha256, entry, detail_json) VALUES (?, ?, ?, ?, ?, ?)'),
      endpoint: db.prepare('INSERT INTO endpoints (scan_id, finding_id, kind, host, url) VALUES (?, ?, ?, ?, ?)'),
      sdk: db.prepare('INSERT INTO sdks (scan_id, finding_id, sdk) VALUES (?, ?, ?)'),
      category: db.prepare('INSERT INTO scan_categories (scan_id, category, findings, best_confidence) VALUES (?, ?, ?, ?)'),
      string: db.prepare('INSERT INTO strings (scan_id, finding_id, source, text, text_id) VALUES (?, ?, ?, ?, ?)'),
      textId: db.prepare('SELECT id FROM texts WHERE text = ?').pluck(),
      text: db.prepare('INSERT INTO texts (text) VALUES (?)'),
      bigram: db.prepare('INSERT OR IGNORE INTO text_bigrams (gram, text_id) VALUES (?, ?)'),
      clearError: db.prepare('DELETE FROM errors WHERE input_sha256 = ? AND tool_version = ?'),
      error: db.prepare(`INSERT INTO errors (path, input_sha256, tool_version, kind, message, at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(input_sha256, tool_version) DO UPDATE SET path = excluded.path, kind = excluded.kind, message = excluded.message, at = excluded.at`),
    };
  }

  /** Records a file's path, hash, size and mtime (lets a later batch skip hashing unchanged files). */
  recordFile(path: string, sha256: string, size: number, mtimeMs: number): void {
    this.statements.file.run(path, sha256, size, Math.trunc(mtimeMs));
  }

  /** Writes one scan in one transaction; returns its id. Throws if this input was already scanned by this tool version. */
  writeScan(record: ScanRecord): number {
    return this.db.transaction(() => this.writeRows(record))();
  }

  /** Records (or replaces) the error of one file for this tool version. */
  writeError(record: ErrorRecord, toolVersion: string): void {
    this.db.transaction(() => {
      this.statements.error.run(record.path, record.inputSha256, toolVersion, record.kind, record.message, new Date().toISOString());
    })();
  }

  /** The id of a distinct text; a new text is indexed (trigrams by the trigger, CJK bigrams here) once. */
  private textId(text: string): number {
    const known = this.statements.textId.get(text) as number | undefined;
    if (known !== undefined) return known;
    const id = Number(this.statements.text.run(text).lastInsertRowid);
    for (const gram of bigramsOf(text)) this.statements.bigram.run(gram, id);
    return id;
  }

  private writeRows(record: ScanRecord): number {
    const s = this.statements;
    const { report } = record;
    const packageName = report.app.packageName ?? '';
    const versionCode = report.app.versionCode ?? null;
    const versionName = report.app.versionName ?? null;
    const signer = effectiveSigner(record);
    if (record.path !== undefined && record.size !== undefined) s.file.run(record.path, record.inputSha256, record.size, Math.trunc(record.mtimeMs ?? 0));
    s.app.run(packageName);
    s.version.run(packageName, versionCode, versionName, signer);
    const versionId = s.versionId.get(packageName, versionCode, versionName, signer) as number;
    s.supersede.run(record.inputSha256);
    s.clearError.run(record.inputSha256, report.tool.version);
    const scanId = Number(s.scan.run(
      record.inputSha256, report.tool.version, report.schemaVersion, record.fileName, versionId, packageName, versionCode, versionName, signer,
      defaultLabel(record) ?? null, report.app.totalSize, report.findings.length, new Date().toISOString(),
      record.milliseconds === undefined ? null : Math.round(record.milliseconds), JSON.stringify(report),
    ).lastInsertRowid);

    for (const item of report.app.signers) {
      s.signer.run(item.certificateSha256, item.subject ?? null, item.issuer ?? null, item.publicKey ?? null, item.wellKnownKey ?? null);
      s.scanSigner.run(scanId, item.certificateSha256, item.schemes.join(','), item.verified ? 1 : 0, item.effective ? 1 : 0);
    }
    for (const label of report.app.labels) s.label.run(scanId, label.locale, label.text, label.gloss ?? null);
    report.apks.forEach((apk, ordinal) => {
      s.apk.run(scanId, ordinal, apk.name, apk.sha256, apk.size, apk.splitName ?? null, apk.packageName ?? null, apk.versionCode ?? null, apk.versionName ?? null);
    });

    const findingIds: number[] = [];
    const categories = new Map<string, { findings: number; best: string }>();
    report.findings.forEach((finding, ordinal) => {
      const findingId = Number(s.finding.run(scanId, ordinal, finding.ruleId, finding.code, finding.topic, finding.category ?? null, finding.confidence, finding.claim, JSON.stringify(finding.args)).lastInsertRowid);
      findingIds.push(findingId);
      finding.evidence.forEach((item, index) => s.evidence.run(findingId, index, item.kind, item.apkSha256, item.entry, JSON.stringify(item)));
      for (const endpoint of findingEndpoints(finding)) s.endpoint.run(scanId, findingId, endpoint.kind, endpoint.host, endpoint.url ?? null);
      if (finding.topic === 'sdk' && typeof finding.args.sdk === 'string') s.sdk.run(scanId, findingId, finding.args.sdk);
      if (finding.category !== undefined) {
        const entry = categories.get(finding.category) ?? { findings: 0, best: 'low' };
        entry.findings += 1;
        if ((CONFIDENCE_RANK[finding.confidence] ?? 0) > (CONFIDENCE_RANK[entry.best] ?? 0)) entry.best = finding.confidence;
        categories.set(finding.category, entry);
      }
    });
    for (const [category, entry] of categories) s.category.run(scanId, category, entry.findings, entry.best);
    for (const item of reportStrings(report, record.appStrings)) {
      s.string.run(scanId, item.finding === undefined ? null : (findingIds[item.finding] ?? null), item.source, item.text, this.textId(item.text));
    }
    return scanId;
  }
}
