/**
 * The case library: migrations from every older version, one transaction per scan,
 * and the read API the viewer builds on (apps, versions, reports, facets).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import {
  openLibrary,
  MIGRATIONS,
  LATEST_SCHEMA_VERSION,
  LibraryVersionError,
  type Migration,
} from '../../src/store/index.js';
import { asVersion, demoPath, reportOf, sha256Of, temporaryFolder, v2ReportOfDemo } from './support.js';
import { renderClaim, reportJson } from '../../src/report/claim.js';
import { withoutNewerRules } from '../support/newer-rules.js';

function demoRecord(versionCode = 3, inputSha256 = sha256Of(demoPath)) {
  const report =
    versionCode === 3 ? reportOf(demoPath) : asVersion(reportOf(demoPath), versionCode, `1.${versionCode}`);
  return { report, inputSha256, fileName: 'field-survey.apk', path: demoPath, size: 1, mtimeMs: 2 };
}

const TABLE_COUNTS = [
  'scans',
  'findings',
  'evidence',
  'strings',
  'endpoints',
  'scan_categories',
  'apks',
  'labels',
  'scan_signers',
] as const;
function rowCounts(db: Database.Database): Record<(typeof TABLE_COUNTS)[number], number> {
  return Object.fromEntries(
    TABLE_COUNTS.map((table) => [table, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]),
  ) as Record<(typeof TABLE_COUNTS)[number], number>;
}

test('a new library is created at the latest schema version, in WAL mode', () => {
  const library = openLibrary(join(temporaryFolder(), 'new.sqlite'));
  assert.equal(library.schemaVersion, LATEST_SCHEMA_VERSION);
  assert.equal(library.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(library.integrityCheck(), 'ok');
  library.close();
});

test('a library at every older version N migrates to the latest, keeping its scans', () => {
  // A test-only migration after the real ones: a library written at the real latest
  // version is "version N" for it, and must migrate with its data intact.
  const extra: Migration = {
    version: MIGRATIONS.length + 1,
    description: 'test: notes table',
    up: (db) =>
      db.exec("CREATE TABLE notes (scan_id INTEGER, text TEXT); INSERT INTO notes SELECT id, 'migrated' FROM scans;"),
  };
  for (let version = 1; version <= MIGRATIONS.length; version += 1) {
    const path = join(temporaryFolder(), `v${version}.sqlite`);
    const old = openLibrary(path, { migrations: MIGRATIONS.slice(0, version) });
    assert.equal(old.schemaVersion, version);
    if (version === MIGRATIONS.length) old.writeScan(demoRecord());
    old.close();
    const migrated = openLibrary(path, { migrations: [...MIGRATIONS, extra] });
    assert.equal(migrated.schemaVersion, MIGRATIONS.length + 1);
    if (version === MIGRATIONS.length) {
      assert.equal(migrated.listApps().length, 1);
      assert.deepEqual(migrated.db.prepare('SELECT text FROM notes').pluck().all(), ['migrated']);
    }
    migrated.close();
  }
});

/**
 * A version-1 library holding one scan, written with version 1's own tables (the
 * current writer targets the latest schema): scan row, report (schema 2, as then) and its strings.
 */
function writeVersion1Library(path: string): void {
  const library = openLibrary(path, { migrations: MIGRATIONS.slice(0, 1) });
  const report = v2ReportOfDemo();
  const db = library.db;
  db.prepare('INSERT INTO apps (package) VALUES (?)').run(report.app.packageName);
  const versionId = db
    .prepare("INSERT INTO versions (package, version_code, version_name, signer_sha256) VALUES (?, ?, ?, '')")
    .run(report.app.packageName, report.app.versionCode, report.app.versionName).lastInsertRowid;
  const scanId = db
    .prepare(
      `INSERT INTO scans (input_sha256, tool_version, schema_version, file_name, version_id, package, version_code, version_name, signer_sha256, label, total_size, finding_count, scanned_at, report_json)
    VALUES (?, ?, 2, 'field-survey.apk', ?, ?, ?, ?, '', 'Field Survey', 1, 0, '2026-01-01T00:00:00Z', ?)`,
    )
    .run(
      sha256Of(demoPath),
      report.tool.version,
      versionId,
      report.app.packageName,
      report.app.versionCode,
      report.app.versionName,
      JSON.stringify(report),
    ).lastInsertRowid;
  const insert = db.prepare("INSERT INTO strings (scan_id, finding_id, source, text) VALUES (?, NULL, 'claim', ?)");
  // Each text twice: migration 3 must index it once and keep both strings.
  for (const finding of report.findings)
    for (let copy = 0; copy < 2; copy += 1) insert.run(scanId, `${finding.claim} ${JSON.stringify(finding.args)}`);
  library.close();
}

test('a version-1 library with a scan migrates to the latest; its strings are found (2- and 4-character Chinese)', () => {
  const path = join(temporaryFolder(), 'v1-with-data.sqlite');
  writeVersion1Library(path);
  assert.throws(() => openLibrary(path, { readonly: true }), /migrate/);
  const migrated = openLibrary(path);
  assert.equal(migrated.schemaVersion, LATEST_SCHEMA_VERSION);
  assert.equal(migrated.integrityCheck(), 'ok');
  for (const term of ['宗教', '身份证号', 'survey.example.org']) {
    const hits = migrated.search(term, { limit: 1000 }).hits;
    assert.ok(hits.length >= 2 && hits.length % 2 === 0 && hits.every((hit) => hit.text.includes(term)), term);
  }
  const texts = migrated.db.prepare('SELECT count(*) FROM texts').pluck().get() as number;
  const strings = migrated.db.prepare('SELECT count(*) FROM strings').pluck().get() as number;
  assert.equal(strings, texts * 2, 'one text for the two copies');
  assert.equal(migrated.listApps()[0]?.packageName, 'org.apkwitness.demo.fieldsurvey');
  // New scans after the migration land in the same index.
  migrated.writeScan({ ...demoRecord(8, 'e'.repeat(64)) });
  assert.ok(migrated.search('入户走访').hits.some((hit) => hit.versionCode === 8));
  migrated.close();
});

test('migration 5: a scan stored with report schema 2 reads as schema 3; its search finds what it found before', () => {
  const path = join(temporaryFolder(), 'v4-with-a-v2-scan.sqlite');
  const v2 = v2ReportOfDemo();
  // Written by the writer of library version 4 as it stored schema-2 reports: same rows, `arg:<v2 name>` sources.
  const old = openLibrary(path, { migrations: MIGRATIONS.slice(0, 4) });
  old.writeScan({
    report: v2,
    inputSha256: sha256Of(demoPath),
    fileName: 'field-survey.apk',
    path: demoPath,
    size: 1,
    mtimeMs: 2,
  });
  const sources = (db: Database.Database) =>
    db
      .prepare("SELECT DISTINCT source FROM strings WHERE source LIKE 'arg:%' ORDER BY source")
      .pluck()
      .all() as string[];
  assert.ok(sources(old.db).includes('arg:label[zh-rCN]'));
  const before = ['宗教', '身份证号', 'survey.example.org', 'IMEI'].map((term) =>
    old.search(term, { limit: 1000 }).hits.map((hit) => [hit.text, hit.finding?.ordinal ?? -1]),
  );
  old.close();

  const migrated = openLibrary(path);
  assert.equal(migrated.schemaVersion, LATEST_SCHEMA_VERSION);
  assert.equal(migrated.integrityCheck(), 'ok');
  const scan = migrated.getScan(1)!;
  const current = reportOf(demoPath);
  assert.equal(scan.schemaVersion, 3);
  assert.deepEqual(
    scan.findings.map((finding) => [finding.code, JSON.stringify(finding.args)]),
    withoutNewerRules(current.findings).map((finding) => [finding.code, JSON.stringify(finding.args)]),
  );
  const rows = migrated.db.prepare('SELECT code, claim, args_json FROM findings ORDER BY ordinal').all() as Array<{
    code: string;
    claim: string;
    args_json: string;
  }>;
  assert.deepEqual(
    rows.map((row) => [row.code, row.claim, row.args_json]),
    withoutNewerRules(current.findings).map((finding) => [
      finding.code,
      renderClaim(finding),
      JSON.stringify(finding.args),
    ]),
  );
  assert.deepEqual(migrated.db.prepare('SELECT schema_version FROM scans').pluck().all(), [3]);
  const renamed = sources(migrated.db);
  assert.ok(renamed.includes('arg:texts') && renamed.includes('arg:choices') && renamed.includes('arg:byLocale'));
  assert.ok(!renamed.some((source) => /\[/.test(source)), renamed.join(' '));
  const after = ['宗教', '身份证号', 'survey.example.org', 'IMEI'].map((term) =>
    migrated.search(term, { limit: 1000 }).hits.map((hit) => [hit.text, hit.finding?.ordinal ?? -1]),
  );
  assert.deepEqual(after, before);
  migrated.close();
});

test('the same text in two scans is indexed once and found in both', () => {
  const library = openLibrary(join(temporaryFolder(), 'dedup.sqlite'));
  library.writeScan(demoRecord());
  const texts = library.db.prepare('SELECT count(*) FROM texts').pluck().get() as number;
  library.writeScan(demoRecord(4, 'd'.repeat(64)));
  assert.equal(
    library.db.prepare('SELECT count(*) FROM texts').pluck().get(),
    texts,
    'no new text for the same strings',
  );
  assert.deepEqual(
    library
      .search('身份证号码', { limit: 1000 })
      .hits.map((hit) => hit.versionCode)
      .filter((code, index, all) => all.indexOf(code) === index)
      .sort(),
    [3, 4],
  );
  library.close();
});

test('a failing migration leaves the library at its old version with nothing half-applied', () => {
  const path = join(temporaryFolder(), 'failing.sqlite');
  openLibrary(path).close();
  const failing: Migration = {
    version: MIGRATIONS.length + 1,
    description: 'test: fails halfway',
    up: (db) => db.exec('CREATE TABLE half (x); SELECT * FROM no_such_table;'),
  };
  assert.throws(() => openLibrary(path, { migrations: [...MIGRATIONS, failing] }), /no such table/);
  const reopened = openLibrary(path);
  assert.equal(reopened.schemaVersion, MIGRATIONS.length);
  assert.equal(reopened.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get(), 0);
  reopened.close();
});

test('versions the library cannot read are refused with a message', () => {
  const folder = temporaryFolder();
  const newer = join(folder, 'newer.sqlite');
  openLibrary(newer).close();
  const db = new Database(newer);
  db.prepare('UPDATE schema_version SET version = ?').run(LATEST_SCHEMA_VERSION + 5);
  db.close();
  assert.throws(() => openLibrary(newer), LibraryVersionError);
  assert.throws(() => openLibrary(newer, { readonly: true }), LibraryVersionError);

  const older = join(folder, 'older.sqlite');
  openLibrary(older, { migrations: MIGRATIONS.slice(0, LATEST_SCHEMA_VERSION - 1) }).close();
  if (LATEST_SCHEMA_VERSION > 1) assert.throws(() => openLibrary(older, { readonly: true }), /migrate/);

  const empty = join(folder, 'empty.sqlite');
  new Database(empty).close();
  assert.throws(() => openLibrary(empty, { readonly: true }), /not an apkwitness library/);
  const notSqlite = join(folder, 'text.sqlite');
  writeFileSync(notSqlite, 'this is not a database, it is a text file that is long enough to have a header'.repeat(10));
  assert.throws(() => openLibrary(notSqlite, { readonly: true }), /not a database/);
  assert.throws(() => openLibrary(join(folder, 'missing.sqlite'), { readonly: true }));
});

test('a scan is written whole or not at all', () => {
  const library = openLibrary(join(temporaryFolder(), 'atomic.sqlite'));
  const good = demoRecord();
  library.writeScan(good);
  const before = rowCounts(library.db);
  assert.ok(before.findings > 0 && before.evidence > 0 && before.strings > 0);

  // Trick: the last finding's evidence lacks its entry (NOT NULL), so the failure comes
  // after the scan, its findings and most evidence rows were inserted.
  const report = asVersion(good.report, 4, '1.4');
  const findings = [...report.findings];
  const last = findings[findings.length - 1]!;
  findings[findings.length - 1] = { ...last, evidence: [{ ...last.evidence[0]!, entry: null as unknown as string }] };
  assert.throws(
    () => library.writeScan({ ...good, report: { ...report, findings }, inputSha256: 'f'.repeat(64) }),
    /NOT NULL/,
  );
  assert.deepEqual(rowCounts(library.db), before);

  // Trick: the same input by the same tool version twice (the resume key is unique).
  assert.throws(() => library.writeScan(good), /UNIQUE/);
  assert.deepEqual(rowCounts(library.db), before);
  assert.equal(library.integrityCheck(), 'ok');
  library.close();
});

test('read API: apps with categories and signer, versions grouped, report round trip, facets', () => {
  const path = join(temporaryFolder(), 'read.sqlite');
  const library = openLibrary(path);
  const scanId = library.writeScan(demoRecord());
  library.writeScan(demoRecord(7, 'a'.repeat(64)));
  library.writeError(
    { path: '/cases/broken.apk', inputSha256: 'b'.repeat(64), kind: 'format', message: 'not a zip' },
    '0.1.0',
  );
  library.close();

  const reader = openLibrary(path, { readonly: true });
  const report = reportOf(demoPath);
  // The stored report is the scan's JSON (undefined fields are absent, as in `scan --json`).
  assert.deepEqual(reader.getScan(scanId), JSON.parse(JSON.stringify(reportJson(report))));
  assert.equal(reader.getScan(999_999), undefined);

  const apps = reader.listApps();
  assert.equal(apps.length, 1);
  const app = apps[0]!;
  assert.equal(app.packageName, 'org.apkwitness.demo.fieldsurvey');
  assert.equal(app.label, 'Field Survey');
  assert.equal(app.versions, 2);
  assert.equal(app.latestVersionCode, 7);
  const signer = report.app.signers.find((item) => item.effective)!.certificateSha256;
  assert.deepEqual(app.signers, [signer]);
  const categories = app.categories.map((item) => item.category);
  for (const expected of ['religion', 'identity-document', 'device-id', 'sms'])
    assert.ok(categories.includes(expected), expected);

  const versions = reader.versionsOf('org.apkwitness.demo.fieldsurvey');
  assert.deepEqual(
    versions.map((item) => item.versionCode),
    [3, 7],
  );
  assert.equal(versions[0]!.signerSubject, report.app.signers[0]!.subject);
  assert.equal(versions[0]!.findingCount, report.findings.length);
  assert.deepEqual(reader.versionsOf('no.such.package'), []);

  const facets = reader.facets();
  assert.ok(
    facets.endpoints.some((facet) => facet.value === 'survey.example.org' && facet.apps === 1 && facet.scans === 2),
  );
  assert.ok(facets.categories.some((facet) => facet.value === 'religion'));
  assert.deepEqual(
    facets.signers.map((facet) => [facet.value, facet.label]),
    [[signer, report.app.signers[0]!.subject]],
  );
  assert.deepEqual(
    reader.errors().map((error) => [error.kind, error.path]),
    [['format', '/cases/broken.apk']],
  );
  assert.equal(reader.scanIdFor(sha256Of(demoPath), report.tool.version), scanId);
  assert.equal(reader.errorFor('b'.repeat(64), '0.1.0'), 'format');
  assert.throws(() => reader.writeScan(demoRecord(9, 'c'.repeat(64))), /read-only/);
  reader.close();
});

test('a newer tool version supersedes the older scan of the same input', () => {
  const library = openLibrary(join(temporaryFolder(), 'supersede.sqlite'));
  const record = demoRecord();
  const older = library.writeScan({
    ...record,
    report: { ...record.report, tool: { name: 'apkwitness', version: '0.0.1' } },
  });
  const newer = library.writeScan(record);
  assert.deepEqual(
    library.versionsOf('org.apkwitness.demo.fieldsurvey').map((item) => item.scanId),
    [newer],
  );
  assert.ok(library.getScan(older) !== undefined, 'the older scan stays readable by id');
  library.close();
});
