/**
 * Rows prepared in a batch worker (`prepareScan`, sent over the IPC channel) record the
 * same library as `writeScan` of the report itself: every table, row for row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serialize, deserialize } from 'node:v8';
import { openLibrary, prepareScan, reportStrings, MAX_STRING_LENGTH, type Library } from '../../src/store/index.js';
import { demoPath, hostileStringsPath, reportOf, sha256Of, temporaryFolder } from './support.js';
import { renderClaim } from '../../src/report/claim.js';

/** Every table the writer fills, without the columns that differ by design (the time of writing). */
const TABLES: Record<string, string> = {
  files: 'SELECT * FROM files ORDER BY path',
  apps: 'SELECT * FROM apps ORDER BY package',
  versions: 'SELECT * FROM versions ORDER BY id',
  signers: 'SELECT * FROM signers ORDER BY certificate_sha256',
  scans:
    'SELECT id, input_sha256, tool_version, schema_version, file_name, version_id, package, version_code, version_name, signer_sha256, label, total_size, finding_count, milliseconds, current, report_json FROM scans ORDER BY id',
  scan_signers: 'SELECT * FROM scan_signers ORDER BY scan_id, certificate_sha256',
  labels: 'SELECT * FROM labels ORDER BY rowid',
  apks: 'SELECT * FROM apks ORDER BY scan_id, ordinal',
  findings: 'SELECT * FROM findings ORDER BY id',
  evidence: 'SELECT * FROM evidence ORDER BY finding_id, ordinal',
  endpoints: 'SELECT * FROM endpoints ORDER BY rowid',
  sdks: 'SELECT * FROM sdks ORDER BY rowid',
  scan_categories: 'SELECT * FROM scan_categories ORDER BY scan_id, category',
  strings: 'SELECT * FROM strings ORDER BY id',
  texts: 'SELECT * FROM texts ORDER BY id',
  text_bigrams: 'SELECT * FROM text_bigrams ORDER BY gram, text_id',
};

function dump(library: Library): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(TABLES).map(([table, sql]) => [table, library.db.prepare(sql).all()]));
}

const APP_STRINGS = [
  { source: 'resource', text: '宗教信仰 shared text' },
  { source: 'resource', text: 'claim text repeated' },
];

test('prepared rows after a structured-clone round trip write the same library as writeScan', () => {
  const direct = openLibrary(join(temporaryFolder(), 'direct.sqlite'));
  const prepared = openLibrary(join(temporaryFolder(), 'prepared.sqlite'));
  for (const [index, path] of [demoPath, hostileStringsPath].entries()) {
    const report = reportOf(path);
    const where = {
      inputSha256: sha256Of(path),
      fileName: `input-${index}.apk`,
      path: `/inputs/${index}.apk`,
      size: 100 + index,
      mtimeMs: 5,
      milliseconds: 12,
    };
    direct.writeScan({ ...where, report, appStrings: APP_STRINGS });
    // The worker's answer crosses the IPC channel with the 'advanced' (structured clone) serialisation.
    prepared.writePreparedScan({
      ...where,
      prepared: deserialize(serialize(prepareScan(report, APP_STRINGS))) as ReturnType<typeof prepareScan>,
    });
  }
  const expected = dump(direct);
  const actual = dump(prepared);
  for (const table of Object.keys(TABLES)) assert.deepEqual(actual[table], expected[table], table);
  assert.ok(
    (expected.strings?.length ?? 0) > 10 && (expected.text_bigrams?.length ?? 0) > 0,
    'the comparison covers strings and bigrams',
  );
  assert.deepEqual(
    prepared.search('信仰 shared').hits.map((hit) => hit.text),
    ['宗教信仰 shared text', '宗教信仰 shared text'],
  );
  direct.close();
  prepared.close();
});

test('a scan repeats no text: each distinct text once, every string pointing at one', () => {
  const scan = prepareScan(reportOf(demoPath), [...APP_STRINGS, ...APP_STRINGS]);
  assert.equal(new Set(scan.texts).size, scan.texts.length);
  assert.equal(scan.textBigrams.length, scan.texts.length);
  assert.ok(scan.strings.every(([, , text]) => text >= 0 && text < scan.texts.length));
  assert.equal(
    scan.strings.filter(([finding, , text]) => finding < 0 && scan.texts[text] === 'claim text repeated').length,
    1,
    'deduplicated per finding as before',
  );
});

test('strings are deduplicated per finding (one set per finding), app strings among themselves, cut before comparing', () => {
  const report = reportOf(demoPath);
  const claim = report.findings[0] === undefined ? '' : renderClaim(report.findings[0]);
  const long = 'x'.repeat(MAX_STRING_LENGTH + 10);
  const strings = reportStrings(report, [
    { source: 'resource', text: claim },
    { source: 'resource', text: claim },
    { source: 'resource', text: long },
    { source: 'resource', text: `${long}y` },
    { source: 'resource', text: ' \n' },
  ]);
  const appOnes = strings.filter((item) => item.finding === undefined && item.source === 'resource');
  assert.deepEqual(
    appOnes.map((item) => item.text),
    [claim, long.slice(0, MAX_STRING_LENGTH)],
    'the claim once among app strings, the two long texts equal once cut, blanks dropped',
  );
  assert.equal(
    strings.filter((item) => item.finding === 0 && item.text === claim).length,
    1,
    'and once for its finding',
  );
  const pairs = strings.map((item) => `${String(item.finding)}|${item.text}`);
  assert.equal(new Set(pairs).size, pairs.length, 'no (finding, text) pair twice');
});
